import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layerKindSuite } from '../test/layerKindSuite';
import { positionalEmbedding } from '../model/layers/positionalEmbedding';

layerKindSuite(
  positionalEmbedding,
  [
    // One 32-wide vector for each of 16 positions.
    {
      input: [null, 16, 32],
      output: [null, 16, 32],
      paramCount: 16 * 32,
      keras: 'PositionalEmbedding(name="layer_under_test")',
    },
    { input: [null, 3, 2], output: [null, 3, 2], paramCount: 6 },
    {
      input: [null, null, 4],
      shapeError:
        /^PositionalEmbedding needs a known number of steps, to learn one vector per position, received \(None, None, 4\)/,
    },
    {
      input: [null, 16],
      shapeError: /^PositionalEmbedding expects a sequence \(batch, steps, features\).*add an Embedding before it/,
    },
  ],
  {
    inputs: fc
      .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }))
      .map(([steps, features]) => [null, steps, features]),
  },
);

describe('PositionalEmbedding', () => {
  it('adds the vector learned for each position to every example at that position', () => {
    const input = tf.input({ shape: [3, 2] });
    const output = positionalEmbedding.build(
      tf,
      {},
      { name: 'positions', data: { inputShape: [3], task: 'regression', labels: [] } },
    )([input]);
    const model = tf.model({ inputs: input, outputs: output });
    model.getLayer('positions').setWeights([
      tf.tensor2d([
        [10, 20],
        [30, 40],
        [50, 60],
      ]),
    ]);
    const x = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      [
        [0, 0],
        [0, 0],
        [-1, -1],
      ],
    ]);
    const y = model.predict(x) as tf.Tensor;
    expect(y.arraySync()).toEqual([
      [
        [11, 22],
        [33, 44],
        [55, 66],
      ],
      [
        [10, 20],
        [30, 40],
        [49, 59],
      ],
    ]);
    tf.dispose([x, y]);
    model.dispose();
  });
});
