import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../data/split';
import { onCpuAndWasm, randomValues, relativeDifference } from '../../test/backendAgreement';
import { registerMaxGradient } from './maxGradient';

/** Values drawn from a few levels, so that the maximum ties. */
function tiedValues(shape: readonly number[], seed: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.floor(random() * 3));
}

/** [x's shape, the axes reduced, keepDims]. */
const CASES: [number[], number | number[], boolean][] = [
  [[32, 32, 64], 1, false], // GlobalMaxPooling1D on the Text CNN template's convolution
  [[4, 5, 6, 7], [1, 2], false], // GlobalMaxPooling2D
  [[1, 9, 3], 1, false], // batch 1, channels off the 4-lane width
  [[6, 10], -1, true], // the last axis (a softmax's logSumExp)
  [[3, 4, 5], 0, false],
  [[3, 4, 5], [0, 1, 2], false],
  [[3, 4, 5], [0, 2], false], // axes apart: tfjs's own gradient
];

describe('the gradient of Max', () => {
  // First: no test has put the engine's gradient in place yet.
  it('stays tfjs’s own on cpu', async () => {
    const gradient = (shape: number[]) =>
      tf.tidy(() =>
        tf
          .grad((a: tf.Tensor) => tf.max(a, 1).sum())(tf.tensor(tiedValues(shape, 4), shape))
          .arraySync(),
      );
    await tf.setBackend('cpu');
    const before = gradient([2, 5, 3]);
    registerMaxGradient();
    expect(gradient([2, 5, 3])).toEqual(before);
  });

  it.each(CASES)('equals tfjs’s on cpu, ties included: x %j, axes %j, keepDims %s', async (shape, axes, keepDims) => {
    for (const x of [randomValues(shape, 1), tiedValues(shape, 2)]) {
      const { cpu, wasm } = await onCpuAndWasm(() => {
        const input = tf.tensor(x, shape);
        const weights = tf.tensor(
          randomValues(tf.max(input, axes, keepDims).shape, 3),
          tf.max(input, axes, keepDims).shape,
        );
        return tf.grad((a: tf.Tensor) => tf.max(a, axes, keepDims).mul(weights).sum())(input);
      });
      expect(relativeDifference(cpu[0]!, wasm[0]!)).toBe(0);
    }
  });
});
