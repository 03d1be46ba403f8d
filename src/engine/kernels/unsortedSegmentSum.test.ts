import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../data/split';
import { registerSegmentSumKernel } from './unsortedSegmentSum';

/** The sum by segment written independently: one-hot of the ids, transposed, times the rows. */
function reference(x: tf.Tensor2D, ids: tf.Tensor1D, numSegments: number): number[][] {
  return tf.tidy(() => tf.oneHot(ids, numSegments).transpose().matMul(x).arraySync() as number[][]);
}

describe('UnsortedSegmentSum in one pass', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerSegmentSumKernel('cpu');
  });

  it('sums rows by segment like the one-hot product, skipping ids out of range', () => {
    const random = mulberry32(5);
    const x = tf.tensor2d(
      Array.from({ length: 40 * 3 }, () => random() * 2 - 1),
      [40, 3],
    );
    const idValues = Array.from({ length: 40 }, () => Math.floor(random() * 7));
    const ids = tf.tensor1d(idValues, 'int32');
    const summed = tf.unsortedSegmentSum(x, ids, 7);
    expect(summed.shape).toEqual([7, 3]);
    const expected = reference(x, ids, 7);
    (summed.arraySync() as number[][]).forEach((row, s) =>
      row.forEach((v, j) => expect(v).toBeCloseTo(expected[s]![j]!, 5)),
    );
    const outOfRange = tf.unsortedSegmentSum(tf.tensor2d([[1], [2]]), tf.tensor1d([0, 9], 'int32'), 2);
    expect(outOfRange.arraySync()).toEqual([[1], [0]]);
    tf.dispose([x, ids, summed, outOfRange]);
  });

  it('makes an Embedding train on wasm, with the gradient cpu gives', async () => {
    const gradientOn = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      registerSegmentSumKernel(backend);
      const table = tf.variable(
        tf.tensor2d([
          [1, 2],
          [3, 4],
          [5, 6],
        ]),
      );
      const ids = tf.tensor1d([2, 0, 2], 'int32');
      const { grads } = tf.variableGrads(() => tf.gather(table, ids).square().sum() as tf.Scalar, [table]);
      const gradient = await grads[table.name]!.array();
      tf.dispose([table, ids, ...Object.values(grads)]);
      return gradient;
    };
    // d/dtable of Σ gather² = 2 × the row, once per time the row is gathered.
    expect(await gradientOn('cpu')).toEqual([
      [2, 4],
      [0, 0],
      [20, 24],
    ]);
    expect(await gradientOn('wasm')).toEqual([
      [2, 4],
      [0, 0],
      [20, 24],
    ]);
    await tf.setBackend('cpu');
  });
});
