import fc from 'fast-check';
import { layerKindSuite } from '../../test/layerKindSuite';
import type { Shape } from '../shapes';
import { lstm } from './lstm';

/** Short sequences (some of unknown length) of few features, and a small state: tfjs runs an RNN step by step. */
const rnnInput: fc.Arbitrary<Shape> = fc
  .tuple(fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }), fc.integer({ min: 1, max: 4 }))
  .map(([steps, features]) => [null, steps, features]);
const rnnParams = fc.record({ units: fc.integer({ min: 1, max: 6 }) });

layerKindSuite(
  lstm,
  [
    // 4 gates · units·(features + units + 1)
    { params: { units: 4 }, input: [null, 5, 3], output: [null, 4], paramCount: 128 },
    { params: { units: 3, returnSequences: true }, input: [null, 6, 2], output: [null, 6, 3], paramCount: 72 },
    {
      name: 'sequences of any length',
      params: { units: 2, useBias: false },
      input: [null, null, 3],
      output: [null, 2],
      paramCount: 40,
    },
    {
      params: { units: 8 },
      input: [null, 4, 2],
      output: [null, 8],
      keras:
        'layers.LSTM(8, activation="tanh", recurrent_activation="sigmoid", use_bias=True, return_sequences=False, name="layer_under_test")',
    },
    {
      params: { units: 4, l2: 0.01 },
      input: [null, 4, 2],
      output: [null, 4],
      keras:
        'return_sequences=False, kernel_regularizer=keras.regularizers.L1L2(l1=0, l2=0.01), name="layer_under_test")',
    },
    { params: { units: 4097 }, error: /`units`: expected an integer in \[1, 4096\], received 4097/ },
    {
      params: { recurrentActivation: 'hardSigmoid' },
      error: /`recurrentActivation`: expected one of .*received "hardSigmoid"/,
    },
    {
      input: [null, 10],
      shapeError:
        /^LSTM expects a sequence \(batch, steps, features\): expected ndim=3, found ndim=2.*Embedding.*Reshape/,
    },
    { input: [null, 5, null], shapeError: /LSTM needs a known last dimension/ },
  ],
  { inputs: rnnInput, params: rnnParams },
);
