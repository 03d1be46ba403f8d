import fc from 'fast-check';
import { layerKindSuite } from '../../test/layerKindSuite';
import type { Shape } from '../shapes';
import { simpleRnn } from './simpleRnn';

/** Short sequences (some of unknown length) of few features, and a small state: tfjs runs an RNN step by step. */
const rnnInput: fc.Arbitrary<Shape> = fc
  .tuple(fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }), fc.integer({ min: 1, max: 4 }))
  .map(([steps, features]) => [null, steps, features]);
const rnnParams = fc.record({ units: fc.integer({ min: 1, max: 6 }) });

layerKindSuite(
  simpleRnn,
  [
    // units·(features + units + 1)
    { params: { units: 4 }, input: [null, 5, 3], output: [null, 4], paramCount: 32 },
    { params: { units: 3, returnSequences: true }, input: [null, 6, 2], output: [null, 6, 3], paramCount: 18 },
    {
      name: 'sequences of any length',
      params: { units: 2, useBias: false },
      input: [null, null, 3],
      output: [null, 2],
      paramCount: 10,
    },
    {
      params: { units: 8, activation: 'relu', returnSequences: true },
      input: [null, 4, 2],
      output: [null, 4, 8],
      keras: 'layers.SimpleRNN(8, activation="relu", use_bias=True, return_sequences=True, name="layer_under_test")',
    },
    { params: { units: 0 }, error: /`units`: expected an integer in \[1, 4096\], received 0/ },
    { params: { returnSequences: 'yes' }, error: /`returnSequences`: expected true or false/ },
    {
      input: [null, 4],
      shapeError:
        /^SimpleRNN expects a sequence \(batch, steps, features\): expected ndim=3, found ndim=2.*\(None, 4\).*Embedding.*Reshape/,
    },
    { input: [null, 2, 3, 4], shapeError: /expected ndim=3, found ndim=4/ },
    { input: [null, 5, null], shapeError: /SimpleRNN needs a known last dimension/ },
  ],
  { inputs: rnnInput, params: rnnParams },
);
