import fc from 'fast-check';
import { layerKindSuite } from '../../test/layerKindSuite';
import type { Shape } from '../shapes';
import { bidirectional } from './bidirectional';

/** Short sequences (some of unknown length) of few features, and a small state: tfjs runs an RNN step by step. */
const rnnInput: fc.Arbitrary<Shape> = fc
  .tuple(fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }), fc.integer({ min: 1, max: 4 }))
  .map(([steps, features]) => [null, steps, features]);
const rnnParams = fc.record({ units: fc.integer({ min: 1, max: 6 }) });

layerKindSuite(
  bidirectional,
  [
    // Two copies of the wrapped layer; concat doubles the features.
    { params: { layer: 'lstm', units: 4 }, input: [null, 5, 3], output: [null, 8], paramCount: 256 },
    {
      params: { layer: 'gru', units: 3, returnSequences: true, mergeMode: 'sum' },
      input: [null, 6, 2],
      output: [null, 6, 3],
      paramCount: 108,
    },
    {
      params: { layer: 'simpleRNN', units: 2, useBias: false, mergeMode: 'ave' },
      input: [null, 4, 3],
      output: [null, 2],
      paramCount: 20,
    },
    {
      name: 'sequences of any length',
      params: { layer: 'simpleRNN', units: 2, returnSequences: true, mergeMode: 'mul' },
      input: [null, null, 3],
      output: [null, null, 2],
      paramCount: 24,
    },
    {
      params: { layer: 'lstm', units: 8, returnSequences: true },
      input: [null, 4, 2],
      output: [null, 4, 16],
      keras:
        'layers.Bidirectional(layers.LSTM(8, activation="tanh", recurrent_activation="sigmoid", use_bias=True, return_sequences=True), merge_mode="concat", name="layer_under_test")',
    },
    {
      params: { layer: 'gru', units: 2 },
      input: [null, 4, 2],
      output: [null, 4],
      keras:
        'layers.Bidirectional(layers.GRU(2, activation="tanh", recurrent_activation="sigmoid", use_bias=True, return_sequences=False, reset_after=False), merge_mode="concat"',
    },
    {
      params: { layer: 'simpleRNN', units: 2 },
      input: [null, 4, 2],
      output: [null, 4],
      keras:
        'layers.Bidirectional(layers.SimpleRNN(2, activation="tanh", use_bias=True, return_sequences=False), merge_mode="concat"',
    },
    { params: { layer: 'Bidirectional' }, error: /`layer`: expected one of .*received "Bidirectional"/ },
    { params: { mergeMode: 'max' }, error: /`mergeMode`: expected one of .*received "max"/ },
    { input: [null, 4], shapeError: /^Bidirectional expects a sequence .*found ndim=2.*Embedding.*Reshape/ },
  ],
  { inputs: rnnInput, params: rnnParams },
);
