import { layerKindSuite } from '../../test/layerKindSuite';
import { add } from './add';

layerKindSuite(add, [
  {
    inputs: [
      [null, 3],
      [null, 3],
    ],
    output: [null, 3],
    paramCount: 0,
    keras: 'layers.Add(name="layer_under_test")',
  },
  {
    name: 'three feature maps',
    inputs: [
      [null, 4, 4, 2],
      [null, 4, 4, 2],
      [null, 4, 4, 2],
    ],
    output: [null, 4, 4, 2],
  },
  {
    name: 'sequences of any length',
    inputs: [
      [null, null, 2],
      [null, null, 2],
    ],
    output: [null, null, 2],
  },
  {
    inputs: [
      [null, 3],
      [null, 3],
      [null, 4],
    ],
    shapeError:
      /^Add needs inputs of the same shape, received \(None, 3\), \(None, 3\) and \(None, 4\); add a Dense or Reshape on a branch/,
  },
  {
    name: 'an axis of length 1, which tfjs would broadcast',
    inputs: [
      [null, 1, 3],
      [null, 4, 3],
    ],
    shapeError: /Add needs inputs of the same shape/,
  },
  {
    name: 'a known and an unknown length',
    inputs: [
      [null, null, 3],
      [null, 5, 3],
    ],
    shapeError: /Add needs inputs of the same shape/,
  },
]);
