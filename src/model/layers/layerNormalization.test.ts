import fc from 'fast-check';
import { layerKindSuite } from '../../test/layerKindSuite';
import { layerNormalization } from './layerNormalization';

layerKindSuite(
  layerNormalization,
  [
    {
      input: [null, 8],
      output: [null, 8],
      paramCount: 2 * 8,
      keras: 'layers.LayerNormalization(epsilon=0.001, center=True, scale=True, name="layer_under_test")',
    },
    { name: 'a sequence', params: { scale: false }, input: [null, 6, 4], output: [null, 6, 4], paramCount: 4 },
    { name: 'a sequence of any length', input: [null, null, 3], output: [null, null, 3], paramCount: 6 },
    { params: { center: false, scale: false }, input: [null, 7, 2], output: [null, 7, 2], paramCount: 0 },
    { params: { center: 1 }, error: /`center`: expected true or false, received 1/ },
    {
      name: 'a one-channel image',
      input: [null, 8, 8, 1],
      shapeError:
        /holds 1 value in \(None, 8, 8, 1\): every value becomes 0 and the output is its offset, whatever the input; flatten/,
    },
    {
      name: 'one feature',
      input: [null, 1],
      shapeError: /holds 1 value in \(None, 1\).*feed it a layer with more features/,
    },
    { input: [null, null], shapeError: /LayerNormalization needs a known last dimension, received \(None, None\)/ },
  ],
  // Its last axis holds at least 2 values: over 1 it fails (a case above).
  {
    inputs: fc
      .tuple(fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 2 }), fc.integer({ min: 2, max: 8 }))
      .map(([dims, features]) => [null, ...dims, features]),
  },
);
