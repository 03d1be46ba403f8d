import fc from 'fast-check';
import { layerKindSuite } from '../../test/layerKindSuite';
import type { Shape } from '../shapes';
import { gru } from './gru';

/** Short sequences (some of unknown length) of few features, and a small state: tfjs runs an RNN step by step. */
const rnnInput: fc.Arbitrary<Shape> = fc
  .tuple(fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }), fc.integer({ min: 1, max: 4 }))
  .map(([steps, features]) => [null, steps, features]);
const rnnParams = fc.record({ units: fc.integer({ min: 1, max: 6 }) });

layerKindSuite(
  gru,
  [
    // 3 gates · units·(features + units + 1): tfjs's GRU is reset_after=False
    { params: { units: 4 }, input: [null, 5, 3], output: [null, 4], paramCount: 96 },
    { params: { units: 3, returnSequences: true }, input: [null, 6, 2], output: [null, 6, 3], paramCount: 54 },
    {
      name: 'sequences of any length',
      params: { units: 2, useBias: false },
      input: [null, null, 3],
      output: [null, 2],
      paramCount: 30,
    },
    {
      params: { units: 8, returnSequences: true },
      input: [null, 4, 2],
      output: [null, 4, 8],
      keras:
        'layers.GRU(8, activation="tanh", recurrent_activation="sigmoid", use_bias=True, return_sequences=True, reset_after=False, name="layer_under_test")',
    },
    { params: { units: -1 }, error: /`units`: expected an integer in \[1, 4096\], received -1/ },
    { input: [null], shapeError: /^GRU expects a sequence .*found ndim=1/ },
    { input: [null, 28, 28, 1], shapeError: /^GRU expects .*found ndim=4, full shape received \(None, 28, 28, 1\)/ },
  ],
  { inputs: rnnInput, params: rnnParams },
);
