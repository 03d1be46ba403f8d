import { channelsLastInput, layerKindSuite } from '../../test/layerKindSuite';
import { globalAveragePooling2d } from './globalAveragePooling2d';

layerKindSuite(
  globalAveragePooling2d,
  [
    {
      input: [null, 6, 5, 3],
      output: [null, 3],
      paramCount: 0,
      keras: 'layers.GlobalAveragePooling2D(name="layer_under_test")',
    },
    { name: 'an image of any size', input: [null, null, null, 3], output: [null, 3] },
    {
      input: [null, 10, 3],
      shapeError:
        /^GlobalAveragePooling2D needs an input of rank 4 \(batch, height, width, channels\), received \(None, 10, 3\); add a Reshape/,
    },
  ],
  { inputs: channelsLastInput(2) },
);
