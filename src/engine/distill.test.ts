import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { distillationLoss, distillationTargets, labelsOf } from './distill';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Expected values worked by hand (numpy): soften(p, T) = softmax(log p / T), KL(q ‖ r) = Σ q (log q − log r).
describe('distillationLoss', () => {
  it('is α·CE + (1 − α)·T²·KL of the softened outputs for several classes', () => {
    const targets = distillationTargets(tf.tensor2d([[1, 0, 0]]), tf.tensor2d([[0.6, 0.3, 0.1]]));
    const loss = distillationLoss('multiclass', { alpha: 0.5, temperature: 2 })(
      targets,
      tf.tensor2d([[0.7, 0.2, 0.1]]),
    );
    expect(loss.shape).toEqual([1]);
    expect(loss.dataSync()[0]).toBeCloseTo(0.19351564645870672, 5);
  });

  it('reads a binary output p as the classes [1 − p, p]', () => {
    const targets = distillationTargets(tf.tensor2d([[1]]), tf.tensor2d([[0.6]]));
    const loss = distillationLoss('binary', { alpha: 0.5, temperature: 2 })(targets, tf.tensor2d([[0.8]]));
    expect(loss.dataSync()[0]).toBeCloseTo(0.1695552996308234, 5);
  });

  it('is α·MSE to the labels + (1 − α)·MSE to the teacher for regression', () => {
    const targets = distillationTargets(tf.tensor2d([[1]]), tf.tensor2d([[3]]));
    const loss = distillationLoss('regression', { alpha: 0.25, temperature: 1 })(targets, tf.tensor2d([[2]]));
    expect(loss.dataSync()[0]).toBeCloseTo(1, 6);
  });

  it('is the plain cross-entropy at α = 1, and 0 from the teacher alone when the student matches it', () => {
    const teacher = tf.tensor2d([[0.25, 0.75]]);
    const targets = distillationTargets(tf.tensor2d([[0, 1]]), teacher);
    expect(distillationLoss('multiclass', { alpha: 1, temperature: 3 })(targets, teacher).dataSync()[0]).toBeCloseTo(
      -Math.log(0.75),
      5,
    );
    expect(distillationLoss('multiclass', { alpha: 0, temperature: 3 })(targets, teacher).dataSync()[0]).toBeCloseTo(
      0,
      6,
    );
  });

  it('keeps the labels apart for the metric', () => {
    const targets = distillationTargets(tf.tensor2d([[0, 1]]), tf.tensor2d([[0.4, 0.6]]));
    expect(labelsOf(targets).arraySync()).toEqual([[0, 1]]);
  });
});

describe('a student distilled from a teacher', () => {
  it('learns to answer as the teacher does, from the teacher alone', () => {
    // The teacher: a fixed rule over 2 features, three classes with soft edges.
    const x = tf.randomUniform([256, 2], -1, 1, 'float32', 1);
    const teacherOutputs = tf.softmax(
      tf
        .matMul(
          x,
          tf.tensor2d([
            [3, -2, 0],
            [1, 2, -3],
          ]),
        )
        .mul(2),
    );
    const targets = distillationTargets(tf.zeros([256, 3]), teacherOutputs);
    const student = tf.sequential({
      layers: [
        tf.layers.dense({
          inputShape: [2],
          units: 8,
          activation: 'tanh',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
        }),
        tf.layers.dense({
          units: 3,
          activation: 'softmax',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
        }),
      ],
    });
    const loss = distillationLoss('multiclass', { alpha: 0, temperature: 2 });
    const agreement = () =>
      tf.tidy(
        () =>
          tf
            .mean(tf.equal(tf.argMax(student.predict(x) as tf.Tensor, -1), tf.argMax(teacherOutputs, -1)))
            .dataSync()[0]!,
      );
    const before = agreement();
    const optimizer = tf.train.adam(0.05);
    for (let step = 0; step < 200; step++) {
      optimizer.minimize(() => tf.mean(loss(targets, student.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar);
    }
    expect(before).toBeLessThan(0.8);
    expect(agreement()).toBeGreaterThan(0.95);
  });
});
