import { layerKindSuite } from '../../test/layerKindSuite';
import { batchNormalization } from './batchNormalization';

layerKindSuite(batchNormalization, [
  {
    input: [null, 8],
    output: [null, 8],
    paramCount: 4 * 8,
    keras: 'layers.BatchNormalization(momentum=0.99, epsilon=0.001, center=True, scale=True, name="layer_under_test")',
  },
  {
    name: 'feature maps',
    params: { center: false },
    input: [null, 5, 5, 3],
    output: [null, 5, 5, 3],
    paramCount: 3 * 3,
  },
  { params: { center: false, scale: false }, input: [null, 7, 2], output: [null, 7, 2], paramCount: 2 * 2 },
  { params: { momentum: 1 }, error: /`momentum`: expected a number in \[0, 0\.999\], received 1/ },
  { params: { epsilon: 0 }, error: /`epsilon`: expected a number in \[0\.000001, 0\.1\], received 0/ },
  { input: [null], shapeError: /BatchNormalization needs an input of rank ≥ 2, received \(None,\)/ },
  { input: [null, 4, null], shapeError: /BatchNormalization needs a known last dimension/ },
]);
