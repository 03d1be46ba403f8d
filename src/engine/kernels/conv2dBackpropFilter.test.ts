import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../data/split';
import { registerFilterGradientKernel } from './conv2dBackpropFilter';

/** The filter gradient of Σ conv(x, w) · weights, for one convolution. */
function filterGradientOf(
  x: tf.Tensor4D,
  filterShape: [number, number, number, number],
  strides: [number, number],
  pad: 'same' | 'valid',
) {
  return tf.tidy(() => {
    const w = tf.variable(tf.ones(filterShape));
    const out = tf.conv2d(x, w as tf.Tensor4D, strides, pad);
    const weights = tf.linspace(-1, 1, out.size).reshape(out.shape);
    const { grads } = tf.variableGrads(
      () =>
        tf
          .conv2d(x, w as tf.Tensor4D, strides, pad)
          .mul(weights)
          .sum() as tf.Scalar,
      [w],
    );
    const gradient = grads[w.name]!.arraySync();
    w.dispose();
    return gradient;
  });
}

const CASES = [
  ['same padding, stride 1 (a Conv1D as tfjs runs it)', [2, 1, 9, 3], [1, 3, 3, 4], [1, 1], 'same'],
  ['valid padding, stride 2', [2, 7, 6, 2], [3, 3, 2, 5], [2, 2], 'valid'],
  ['same padding, stride 2, odd sizes', [1, 5, 7, 3], [2, 4, 3, 2], [2, 2], 'same'],
] as const;

describe('Conv2DBackpropFilter with flat indexing', () => {
  it('equals tfjs’s own kernel: same and valid padding, strides 1 and 2, odd sizes', async () => {
    await tf.setBackend('cpu');
    const random = mulberry32(9);
    const inputs = CASES.map(([, xShape]) =>
      tf.tensor4d(
        Array.from({ length: xShape.reduce((a: number, b: number) => a * b, 1) }, () => random() * 2 - 1),
        [...xShape],
      ),
    );
    const gradients = () =>
      CASES.map(([, , filterShape, strides, pad], i) =>
        filterGradientOf(inputs[i]!, [...filterShape], [...strides], pad),
      );
    const expected = gradients();
    registerFilterGradientKernel();
    const actual = gradients();
    CASES.forEach(([name], i) => {
      const difference = tf.tidy(() => tf.tensor(actual[i]!).sub(tf.tensor(expected[i]!)).abs().max().arraySync());
      expect(difference, name).toBeLessThan(1e-5);
    });
    tf.dispose(inputs);
  });
});
