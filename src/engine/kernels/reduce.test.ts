import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../data/split';
import { onCpuAndWasm, randomValues, relativeDifference } from '../../test/backendAgreement';
import { middleAxis } from './reduce';

/** [x's shape, axes, keepDims]. */
const CASES: [number[], number[], boolean][] = [
  [[1024, 32], [0], false], // a Dense's bias gradient
  [[64, 1, 16, 1, 32], [1, 3], false], // a Tile gradient: size-1 axes between
  [[64, 16, 32, 1], [2], false],
  [[64, 16, 32], [0, 1], true],
  [[64, 7], [1], false], // innermost
  [[5, 6, 7], [0, 2], false], // kept axis between: transposed first
  [[2, 3, 4, 5], [0, 2], true],
  [[3, 4], [], false],
  [[7], [0], false],
  [[1, 1], [0, 1], false],
  [[4, 0, 3], [1], false], // empty sums are 0
  [[0, 3], [1], false],
  [[2, 13], [0], false], // rows not a multiple of 4 lanes
];

/** Random shapes of rank 1–4 (sizes 1–9) and random non-empty axis sets. */
function randomCases(count: number, seed: number): [number[], number[], boolean][] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const rank = 1 + Math.floor(random() * 4);
    const shape = Array.from({ length: rank }, () => 1 + Math.floor(random() * 9));
    const axes = [...shape.keys()].filter(() => random() < 0.5);
    return [shape, axes.length > 0 ? axes : [rank - 1], random() < 0.5];
  });
}

describe('Max on wasm', () => {
  it.each([...CASES, ...randomCases(24, 3)])(
    'equals the cpu kernel exactly: %j over %j, keepDims %s',
    async (shape, axes, keepDims) => {
      const x = randomValues(shape, 4);
      const { cpu, wasm } = await onCpuAndWasm(() => tf.max(tf.tensor(x, shape), axes, keepDims));
      // toEqual holds NaN (an empty reduction's) equal to NaN.
      expect(Array.from(wasm[0]!)).toEqual(Array.from(cpu[0]!));
    },
  );

  it('lets a NaN win, and takes int32 maxima exactly', async () => {
    const values = Array.from({ length: 60 }, (_, i) => ((i * 7919) % 1000) - 500);
    const { cpu, wasm } = await onCpuAndWasm(() => [
      tf.max(tf.tensor2d([1, NaN, 3, 4, 2, 1, 0, 9, -1, -2, NaN, 5], [3, 4]), 1),
      tf.max(tf.tensor2d([1, NaN, 3, 4, 2, 1, 0, 9, -1, -2, NaN, 5], [3, 4]), 0),
      tf.max(tf.tensor3d(values, [3, 4, 5], 'int32'), 1),
      tf.max(tf.tensor3d(values, [3, 4, 5], 'int32'), [0, 2]),
    ]);
    cpu.forEach((expected, i) => expect(Array.from(wasm[i]!)).toEqual(Array.from(expected)));
  });
});

describe('Sum on wasm', () => {
  it.each([...CASES, ...randomCases(24, 1)])(
    'equals the cpu kernel: %j over %j, keepDims %s',
    async (shape, axes, keepDims) => {
      const x = randomValues(shape, 2);
      const { cpu, wasm } = await onCpuAndWasm(() => {
        const sum = tf.sum(tf.tensor(x, shape), axes, keepDims);
        return [sum, tf.tensor1d(sum.shape)];
      });
      expect(Array.from(wasm[1]!)).toEqual(Array.from(cpu[1]!));
      expect(relativeDifference(cpu[0]!, wasm[0]!)).toBeLessThan(1e-5);
    },
  );

  it('sums int32 and bool tensors exactly', async () => {
    const values = Array.from({ length: 60 }, (_, i) => ((i * 7919) % 1000) - 500);
    const { cpu, wasm } = await onCpuAndWasm(() => [
      tf.sum(tf.tensor3d(values, [3, 4, 5], 'int32'), 1),
      tf.sum(tf.tensor3d(values, [3, 4, 5], 'int32'), [0, 2]),
      tf.sum(
        tf.tensor2d(
          values.map((v) => v > 0),
          [6, 10],
          'bool',
        ),
        0,
      ),
    ]);
    cpu.forEach((expected, i) => expect(Array.from(wasm[i]!)).toEqual(Array.from(expected)));
  });

  it('gives the gradients of a Dense layer’s bias and of a tiled scale the cpu backend gives', async () => {
    const x = randomValues([33, 12], 3);
    const bias = randomValues([12], 4);
    const scale = randomValues([1, 1, 6], 5);
    const y = randomValues([5, 3, 6], 6);
    const { cpu, wasm } = await onCpuAndWasm(() => {
      const [dBias] = tf.grads((b: tf.Tensor) => tf.tensor(x, [33, 12]).add(b).square().sum())([tf.tensor(bias)]);
      const [dScale] = tf.grads((s: tf.Tensor) =>
        tf
          .tile(s, [5, 3, 1])
          .mul(tf.tensor(y, [5, 3, 6]))
          .sum(),
      )([tf.tensor(scale, [1, 1, 6])]);
      return [dBias!, dScale!];
    });
    cpu.forEach((expected, i) => expect(relativeDifference(expected, wasm[i]!)).toBeLessThan(1e-5));
  });

  it('views the reduction as [outer, reduce, inner], setting size-1 axes aside, when the reduced axes are neighbours', () => {
    expect(middleAxis([1024, 32], [0])).toEqual({ outer: 1, reduce: 1024, inner: 32 });
    expect(middleAxis([64, 1, 16, 1, 32], [0, 2])).toEqual({ outer: 1, reduce: 1024, inner: 32 });
    expect(middleAxis([64, 16, 32, 1], [2, 3])).toEqual({ outer: 1024, reduce: 32, inner: 1 });
    expect(middleAxis([5, 6, 7], [0, 2])).toBeUndefined();
  });
});
