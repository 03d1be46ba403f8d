import { layerKindSuite } from '../../test/layerKindSuite';
import { multiply } from './multiply';

layerKindSuite(multiply, [
  {
    inputs: [
      [null, 6, 2],
      [null, 6, 2],
    ],
    output: [null, 6, 2],
    paramCount: 0,
    keras: 'layers.Multiply(name="layer_under_test")',
  },
  {
    inputs: [
      [null, 8],
      [null, 8],
      [null, 8],
      [null, 8],
    ],
    output: [null, 8],
  },
  {
    inputs: [
      [null, 8],
      [null, 8, 1],
    ],
    shapeError: /^Multiply needs inputs of the same shape, received \(None, 8\) and \(None, 8, 1\)/,
  },
]);
