import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../data/split';
import { onCpuAndWasm, randomValues } from '../../test/backendAgreement';
import { mergedAxes } from './tile';

/** [x's shape, reps]. */
const CASES: [number[], number[]][] = [
  [
    [64, 16, 1],
    [1, 1, 32],
  ], // LayerNormalization's mean and variance
  [
    [1, 1, 32],
    [64, 16, 1],
  ], // its scale and offset
  [[3], [4]],
  [[5], [1]],
  [
    [2, 3],
    [3, 2],
  ],
  [
    [1, 1],
    [1, 1],
  ],
  [
    [2, 1, 3, 1],
    [1, 4, 2, 5],
  ],
  [
    [1, 3, 1, 2, 1],
    [2, 1, 3, 1, 4],
  ],
  [
    [4, 5],
    [0, 2],
  ],
  [
    [0, 3],
    [2, 2],
  ],
  [[], []],
];

/** Random shapes of rank 1–5 with sizes and reps of 1–4, each axis drawn apart. */
function randomCases(count: number, seed: number): [number[], number[]][] {
  const random = mulberry32(seed);
  const draw = () => 1 + Math.floor(random() * 4);
  return Array.from({ length: count }, () => {
    const rank = draw() + Math.floor(random() * 2);
    return [Array.from({ length: rank }, draw), Array.from({ length: rank }, draw)];
  });
}

describe('Tile on wasm', () => {
  it.each([...CASES, ...randomCases(20, 1)])('equals the cpu kernel: %j tiled by %j', async (shape, reps) => {
    const x = randomValues(shape, 2);
    const { cpu, wasm } = await onCpuAndWasm(() => tf.tile(tf.tensor(x, shape), reps));
    expect(Array.from(wasm[0]!)).toEqual(Array.from(cpu[0]!));
  });

  it('copies int32 and bool tensors, and NaN and infinities, exactly', async () => {
    const { cpu, wasm } = await onCpuAndWasm(() => [
      tf.tile(
        tf.tensor2d(
          [
            [1, -2147483648],
            [2147483647, 0],
          ],
          [2, 2],
          'int32',
        ),
        [3, 2],
      ),
      tf.tile(tf.tensor2d([[true, false, true]], [1, 3], 'bool'), [2, 3]),
      tf.tile(tf.tensor1d([NaN, Infinity, -Infinity, -0]), [3]),
    ]);
    cpu.forEach((values, i) => expect(Array.from(wasm[i]!)).toEqual(Array.from(values)));
  });

  it('gives the gradient of a tile the cpu backend gives', async () => {
    const x = randomValues([4, 1, 6], 3);
    const weights = randomValues([8, 5, 6], 4);
    const { cpu, wasm } = await onCpuAndWasm(() =>
      tf.grad((t: tf.Tensor) =>
        tf
          .tile(t, [2, 5, 1])
          .mul(tf.tensor(weights, [8, 5, 6]))
          .sum(),
      )(tf.tensor(x, [4, 1, 6])),
    );
    expect(Array.from(wasm[0]!)).toEqual(Array.from(cpu[0]!));
  });

  it('merges axes that repeat alike: unrepeated runs into one axis, size-1 runs into one repeat', () => {
    expect(mergedAxes([64, 16, 1], [1, 1, 32])).toEqual({ shape: [1024, 1], reps: [1, 32] });
    expect(mergedAxes([1, 1, 32], [64, 16, 1])).toEqual({ shape: [1, 32], reps: [1024, 1] });
    expect(mergedAxes([2, 1, 3], [2, 1, 2])).toEqual({ shape: [2, 3], reps: [2, 2] });
    expect(mergedAxes([1, 1], [1, 1])).toEqual({ shape: [], reps: [] });
  });
});
