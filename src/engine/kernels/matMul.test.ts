import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { onCpuAndWasm, randomValues, relativeDifference } from '../../test/backendAgreement';

/** [a's shape, b's shape, transposeA, transposeB]. */
const CASES: [number[], number[], boolean, boolean][] = [
  [[5, 7], [7, 3], false, false],
  [[7, 5], [7, 3], true, false],
  [[5, 7], [3, 7], false, true],
  [[7, 5], [3, 7], true, true],
  [[1, 1], [1, 1], false, false],
  [[64, 33], [33, 17], false, false], // edges in both directions of the 4 × 8 tiles
  [[37, 19], [21, 19], false, true], // b transposed: whole panels packed four k at a time, then the rest of k and an edge panel
  [[19, 37], [21, 19], true, true],
  [[2, 3, 4, 5], [2, 3, 5, 6], false, false],
  [[3, 4, 5], [1, 6, 5], false, true], // b's batch repeats
  [[9, 0], [0, 4], false, false],
];

describe('BatchMatMul on wasm', () => {
  it.each(CASES)(
    'equals the cpu kernel: %j × %j, transposed %s, %s',
    async (aShape, bShape, transposeA, transposeB) => {
      const a = randomValues(aShape, 1);
      const b = randomValues(bShape, 2);
      const { cpu, wasm } = await onCpuAndWasm(() =>
        tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), transposeA, transposeB),
      );
      expect(wasm[0]!.length).toBe(cpu[0]!.length);
      expect(relativeDifference(cpu[0]!, wasm[0]!)).toBeLessThan(1e-5);
    },
  );

  it('gives the gradients of a product the cpu backend gives', async () => {
    const a = randomValues([6, 10], 3);
    const b = randomValues([10, 9], 4);
    const { cpu, wasm } = await onCpuAndWasm(() => {
      const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y).square().sum())([
        tf.tensor(a, [6, 10]),
        tf.tensor(b, [10, 9]),
      ]);
      return [da!, db!];
    });
    cpu.forEach((expected, i) => expect(relativeDifference(expected, wasm[i]!)).toBeLessThan(1e-5));
  });
});
