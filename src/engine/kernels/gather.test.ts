import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../data/split';
import { onCpuAndWasm, randomValues } from '../../test/backendAgreement';
import { registerSegmentSumKernel } from './unsortedSegmentSum';

/** Indices in [0, size), drawn from a seeded stream. */
function randomIndices(shape: number[], size: number, seed: number): Int32Array {
  const random = mulberry32(seed);
  return Int32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.floor(random() * size));
}

/** [x's shape, indices' shape, axis, batchDims]. */
const CASES: [number[], number[], number, number][] = [
  [[100, 32], [1024], 0, 0], // an Embedding's lookup
  [[100, 32], [64, 16], 0, 0],
  [[7], [3], 0, 0],
  [[5, 6, 7], [4], 1, 0],
  [[5, 6, 7], [2, 3], 2, 0],
  [[5, 6, 7], [2, 3], -1, 0],
  [[3, 6, 7], [3, 4], 1, 1], // one set of indices per batch row
  [[2, 3, 6, 5], [2, 3, 4], 2, 2],
  [[1, 1], [5], 0, 0],
  [[4, 3], [0], 0, 0],
  [[4, 0], [3], 0, 0],
];

describe('GatherV2 on wasm', () => {
  // A gather's gradient: wasm has none of its own.
  beforeAll(() => registerSegmentSumKernel('wasm'));

  it.each(CASES)(
    'equals the cpu kernel: %j gathered by %j on axis %i, batchDims %i',
    async (shape, indicesShape, axis, batchDims) => {
      const x = randomValues(shape, 1);
      const indices = randomIndices(indicesShape, shape.at(axis)!, 2);
      const { cpu, wasm } = await onCpuAndWasm(() => {
        const gathered = tf.gather(tf.tensor(x, shape), tf.tensor(indices, indicesShape, 'int32'), axis, batchDims);
        return [gathered, tf.tensor1d(gathered.shape)];
      });
      expect(Array.from(wasm[1]!)).toEqual(Array.from(cpu[1]!));
      expect(Array.from(wasm[0]!)).toEqual(Array.from(cpu[0]!));
    },
  );

  it('gathers int32 and bool tensors exactly', async () => {
    const { cpu, wasm } = await onCpuAndWasm(() => [
      tf.gather(tf.tensor2d([1, -2147483648, 2147483647, 0, 5, 6], [3, 2], 'int32'), tf.tensor1d([2, 0, 2], 'int32')),
      tf.gather(tf.tensor2d([true, false, false, true], [2, 2], 'bool'), tf.tensor1d([1, 1, 0], 'int32'), 1),
    ]);
    cpu.forEach((expected, i) => expect(Array.from(wasm[i]!)).toEqual(Array.from(expected)));
  });

  it('refuses an index out of range in the cpu kernel’s words', async () => {
    await expect(
      onCpuAndWasm(() => tf.gather(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor1d([0, 2], 'int32'))),
    ).rejects.toThrow('GatherV2: the index value 2 is not in [0, 1]');
    const wasmOnly = async () => {
      await tf.setBackend('wasm');
      try {
        tf.tidy(() => tf.gather(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor1d([-1], 'int32')));
      } finally {
        await tf.setBackend('cpu');
      }
    };
    await expect(wasmOnly()).rejects.toThrow('GatherV2: the index value -1 is not in [0, 1]');
  });

  it('gives an Embedding’s gradient the cpu backend gives', async () => {
    const table = randomValues([20, 6], 3);
    const weights = randomValues([9, 6], 4);
    const indices = randomIndices([9], 20, 5);
    const { cpu, wasm } = await onCpuAndWasm(() =>
      tf.grad((t: tf.Tensor) =>
        tf
          .gather(t, tf.tensor1d(indices, 'int32'))
          .mul(tf.tensor(weights, [9, 6]))
          .sum(),
      )(tf.tensor(table, [20, 6])),
    );
    expect(Array.from(wasm[0]!)).toEqual(Array.from(cpu[0]!));
  });
});
