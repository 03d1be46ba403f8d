import fc from 'fast-check';
import { layerKindSuite } from '../../test/layerKindSuite';
import { flatten } from './flatten';

layerKindSuite(
  flatten,
  [
    { input: [null, 4, 4, 3], output: [null, 48], paramCount: 0, keras: 'layers.Flatten(name="layer_under_test")' },
    { input: [null, 10, 2], output: [null, 20] },
    {
      input: [null, 5],
      shapeError:
        /^Flatten needs an input of rank ≥ 3, received \(None, 5\), which is already flat; remove the Flatten/,
    },
    {
      input: [null, null, 2],
      shapeError:
        /^Flatten needs every axis but the batch known, received \(None, None, 2\); pool the unknown axis away first/,
    },
  ],
  // Flatten refuses what is already flat.
  { inputs: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 3 }).map((dims) => [null, ...dims]) },
);
