import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDataset } from '../../test/csvDataset';
import { trainedForExport } from '../../test/training';
import { valueOf } from '../../test/results';
import { pruneWeights, zeroShare } from './prune';
import { loadTfjsLayersFiles, tfjsLayersFiles } from './tfjs';
import type { TrainedModel } from './trainedModel';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Every weight of a model by its name, as plain numbers. */
function weightsOf(model: tf.LayersModel): Map<string, { shape: number[]; values: number[] }> {
  return new Map(
    model.weights.map((w) => [w.originalName, { shape: w.shape as number[], values: Array.from(w.read().dataSync()) }]),
  );
}

/** A model whose kernels and rank-1 weights (biases, batch-norm parameters) are all non-zero. */
function smallModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [6], units: 10, activation: 'relu', biasInitializer: 'ones' }),
      tf.layers.batchNormalization({
        gammaInitializer: tf.initializers.constant({ value: 1.5 }),
        betaInitializer: 'ones',
      }),
      tf.layers.dense({ units: 7, biasInitializer: 'ones' }),
    ],
  });
  return model;
}

describe('pruneWeights', () => {
  it('zeroes exactly round(sparsity · n) of each kernel, its smallest magnitudes, and leaves biases and norm parameters alone', async () => {
    const model = smallModel();
    const before = weightsOf(model);
    for (const sparsity of [0.25, 0.5, 0.95]) {
      const pruned = await loadTfjsLayersFiles(await tfjsLayersFiles(model, 'float32', sparsity));
      for (const [name, { shape, values }] of weightsOf(pruned)) {
        const original = before.get(name)!.values;
        if (shape.length === 1) {
          expect(values, name).toEqual(original);
          continue;
        }
        const zeroed = values.flatMap((v, i) => (v === 0 ? [i] : []));
        expect(zeroed.length, `${name} at ${sparsity}`).toBe(Math.round(sparsity * values.length));
        const kept = values.flatMap((v, i) => (v === 0 ? [] : [i]));
        // What is kept is unchanged, and nothing kept was smaller than anything zeroed.
        for (const i of kept) expect(values[i]).toBe(original[i]);
        const largestZeroed = Math.max(...zeroed.map((i) => Math.abs(original[i]!)));
        expect(Math.min(...kept.map((i) => Math.abs(original[i]!)))).toBeGreaterThanOrEqual(largestZeroed);
      }
      pruned.dispose();
    }
    model.dispose();
  });

  it('at 0 % writes the weights as they are: predictions are unchanged', async () => {
    const model = smallModel();
    const copy = await loadTfjsLayersFiles(await tfjsLayersFiles(model, 'float32', 0));
    const x = tf.randomNormal([20, 6], 0, 1, 'float32', 3);
    expect(tf.tidy(() => (copy.predict(x) as tf.Tensor).arraySync())).toEqual(
      tf.tidy(() => (model.predict(x) as tf.Tensor).arraySync()),
    );
    x.dispose();
    model.dispose();
    copy.dispose();
  });

  it('breaks ties by position so that exactly the target share goes, and reports the share reached', () => {
    const specs = [
      { name: 'kernel', shape: [2, 5], dtype: 'float32' as const },
      { name: 'bias', shape: [5], dtype: 'float32' as const },
    ];
    const data = Float32Array.from([...Array(10).fill(0.5), 0.1, 0.2, 0.3, 0.4, 0.5]).buffer;
    const pruned = new Float32Array(pruneWeights(specs, data, 0.3));
    expect(Array.from(pruned.subarray(0, 10))).toEqual([0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(Array.from(pruned.subarray(10))).toEqual(Array.from(new Float32Array(data, 40)));
    expect(
      zeroShare(
        specs.map(({ shape, dtype }, i) => ({
          shape,
          dtype,
          values: i === 0 ? pruned.subarray(0, 10) : pruned.subarray(10),
        })),
      ),
    ).toBeCloseTo(0.3);
    // The input is a saved model's buffer: pruning works on a copy.
    expect(new Float32Array(data)[0]).toBe(0.5);
  });

  it('refuses a sparsity outside 0 to 95 %', () => {
    const specs = [{ name: 'kernel', shape: [2, 2], dtype: 'float32' as const }];
    expect(() => pruneWeights(specs, new ArrayBuffer(16), 0.99)).toThrow(/between 0 and 95 %/);
    expect(() => pruneWeights(specs, new ArrayBuffer(16), -0.1)).toThrow(/between 0 and 95 %/);
  });
});

describe('pruning a trained Iris model', () => {
  let iris: TrainedModel;
  beforeAll(async () => {
    iris = await trainedForExport(sampleDataset('iris.csv'), 'species', 30);
  });
  afterAll(() => iris.model.dispose());

  const testAccuracy = async (sparsity: number) => {
    const model = await loadTfjsLayersFiles(await tfjsLayersFiles(iris.model, 'float32', sparsity));
    const evaluation = valueOf(await iris.evaluate(model));
    model.dispose();
    return evaluation.task === 'regression' ? NaN : evaluation.report.accuracy;
  };

  it('keeps most of its test accuracy with half of every kernel gone, and loses it when almost all are', async () => {
    const full = await testAccuracy(0);
    const half = await testAccuracy(0.5);
    const chance = 1 / 3;
    expect(full).toBeGreaterThan(0.8);
    // Most weights of a trained MLP are small: the half that goes carries little of the function.
    expect(half).toBeGreaterThanOrEqual(full - 0.1);
    expect(half).toBeGreaterThan(chance + 0.3);
    // Pruning does change the model: with 95 % of each kernel gone, it no longer separates the classes.
    expect(await testAccuracy(0.95)).toBeLessThan(full - 0.1);
  });
});
