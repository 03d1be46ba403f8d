import { channelsLastInput, layerKindSuite } from '../../test/layerKindSuite';
import { averagePooling2d } from './averagePooling2d';

layerKindSuite(
  averagePooling2d,
  [
    {
      input: [null, 6, 4, 8],
      output: [null, 3, 2, 8],
      keras: 'layers.AveragePooling2D(pool_size=2, strides=2, padding="valid", name="layer_under_test")',
    },
    { params: { poolSize: 4, strides: 4, padding: 'same' }, input: [null, 9, 5, 1], output: [null, 3, 2, 1] },
    { input: [null, 6, 8], shapeError: /AveragePooling2D needs an input of rank 4/ },
  ],
  { inputs: ({ poolSize, padding }) => channelsLastInput(2, { size: poolSize, padding }).map((x) => [x]) },
);
