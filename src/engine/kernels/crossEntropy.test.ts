import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../data/split';
import { onCpuAndWasm, randomValues, relativeDifference } from '../../test/backendAgreement';
import { categoricalCrossentropy, registerCrossEntropyKernels } from './crossEntropy';

/** Softmax from elementwise ops, so its gradient is tfjs's composed one, not the Softmax kernel's. */
const composedSoftmax = (logits: tf.Tensor) => {
  const e = tf.exp(tf.sub(logits, tf.max(logits, -1, true)));
  return tf.div(e, tf.sum(e, -1, true));
};

/** One-hot targets, or targets smoothed towards uniform by `smoothing`. */
function targets(rows: number, classes: number, seed: number, smoothing = 0): tf.Tensor2D {
  const random = mulberry32(seed);
  const labels = Array.from({ length: rows }, () => Math.floor(random() * classes));
  return tf.tidy(() =>
    tf
      .oneHot(tf.tensor1d(labels, 'int32'), classes)
      .toFloat()
      .mul(1 - smoothing)
      .add(smoothing / classes),
  ) as tf.Tensor2D;
}

/** [rows, classes, logit scale (large values push probabilities into the clip), label smoothing]. */
const CASES: [number, number, number, number][] = [
  [32, 10, 2, 0],
  [1, 2, 1, 0],
  [7, 3, 30, 0], // probabilities of 0 and 1 to float precision: the clip holds them
  [16, 5, 3, 0.1],
];

describe('categorical cross-entropy in one kernel', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerCrossEntropyKernels('cpu');
  });

  it.each(CASES)(
    'gives tfjs’s loss and gradients: %i × %i, logits × %d, smoothing %d',
    (rows, classes, scale, smoothing) => {
      const logits = tf.tensor2d(randomValues([rows, classes], rows + classes), [rows, classes]).mul(scale);
      const y = targets(rows, classes, 3, smoothing);
      const fused = tf.valueAndGrad((l: tf.Tensor) => tf.mean(categoricalCrossentropy(y, tf.softmax(l))) as tf.Scalar)(
        logits,
      );
      const composed = tf.valueAndGrad(
        (l: tf.Tensor) => tf.mean(tf.metrics.categoricalCrossentropy(y, composedSoftmax(l))) as tf.Scalar,
      )(logits);
      expect(fused.value.dataSync()[0]).toBeCloseTo(composed.value.dataSync()[0]!, 5);
      expect(
        relativeDifference(composed.grad.dataSync() as Float32Array, fused.grad.dataSync() as Float32Array),
      ).toBeLessThan(1e-5);
      const perExample = categoricalCrossentropy(y, tf.softmax(logits));
      expect(
        relativeDifference(
          tf.metrics.categoricalCrossentropy(y, tf.softmax(logits)).dataSync() as Float32Array,
          perExample.dataSync() as Float32Array,
        ),
      ).toBeLessThan(1e-6);
      tf.dispose([logits, y, fused.value, fused.grad, composed.value, composed.grad, perExample]);
    },
  );

  it('gives tfjs’s gradient with respect to unnormalised probabilities (the sum it divides by included)', () => {
    const p = tf
      .tensor2d(randomValues([9, 4], 6), [9, 4])
      .abs()
      .add(0.01);
    const y = targets(9, 4, 7, 0.2);
    const fused = tf.grad((q: tf.Tensor) => tf.mean(categoricalCrossentropy(y, q)))(p);
    const composed = tf.grad((q: tf.Tensor) => tf.mean(tf.metrics.categoricalCrossentropy(y, q)))(p);
    expect(relativeDifference(composed.dataSync() as Float32Array, fused.dataSync() as Float32Array)).toBeLessThan(
      1e-5,
    );
    tf.dispose([p, y, fused, composed]);
  });

  it('runs as one kernel each way where tfjs ran dozens', async () => {
    const logits = tf.randomNormal([8, 4]);
    const y = targets(8, 4, 1);
    const profile = await tf.profile(() =>
      tf.grad((l: tf.Tensor) => tf.mean(categoricalCrossentropy(y, tf.softmax(l))))(logits),
    );
    expect(profile.kernels.map((k) => k.name)).toEqual(
      expect.arrayContaining([
        'TensorloomCategoricalCrossentropy',
        'TensorloomCategoricalCrossentropyGrad',
        'TensorloomSoftmaxGrad',
      ]),
    );
    expect(profile.kernels.length).toBeLessThan(15);
    tf.dispose([logits, y]);
  });

  it('gives the same loss and gradients on wasm as on cpu', async () => {
    const logits = randomValues([12, 6], 4).map((v) => v * 4);
    const yValues = targets(12, 6, 5, 0.05);
    const y = yValues.dataSync().slice();
    yValues.dispose();
    const { cpu, wasm } = await onCpuAndWasm(() => {
      registerCrossEntropyKernels(tf.getBackend());
      expect(tf.getKernel('TensorloomCategoricalCrossentropy', tf.getBackend())).toBeDefined();
      const target = tf.tensor2d(y, [12, 6]);
      const { value, grad } = tf.valueAndGrad(
        (l: tf.Tensor) => tf.mean(categoricalCrossentropy(target, tf.softmax(l))) as tf.Scalar,
      )(tf.tensor2d(logits, [12, 6]));
      return [value, grad];
    });
    cpu.forEach((expected, i) => expect(relativeDifference(expected, wasm[i]!)).toBeLessThan(1e-5));
  });
});
