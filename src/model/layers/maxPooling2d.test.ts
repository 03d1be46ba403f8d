import { channelsLastInput, layerKindSuite } from '../../test/layerKindSuite';
import { maxPooling2d } from './maxPooling2d';

layerKindSuite(
  maxPooling2d,
  [
    {
      input: [null, 8, 8, 3],
      output: [null, 4, 4, 3],
      paramCount: 0,
      keras: 'layers.MaxPooling2D(pool_size=2, strides=2, padding="valid", name="layer_under_test")',
    },
    { params: { poolSize: 3 }, input: [null, 9, 7, 2], output: [null, 4, 3, 2] },
    { params: { poolSize: 3, strides: 1, padding: 'same' }, input: [null, 9, 7, 2], output: [null, 9, 7, 2] },
    { name: 'windows with gaps between them', params: { strides: 3 }, input: [null, 9, 9, 2], output: [null, 3, 3, 2] },
    { name: 'an image of unknown size', input: [null, null, null, 1], output: [null, null, null, 1] },
    { params: { poolSize: 0 }, error: /`poolSize`: expected an integer in \[1, 16\], received 0/ },
    { params: { padding: 'full' }, error: /`padding`: expected one of valid, same, received "full"/ },
    {
      input: [null, 8, 3],
      shapeError:
        /^MaxPooling2D needs an input of rank 4 \(batch, height, width, channels\), received \(None, 8, 3\); add a Reshape/,
    },
    {
      params: { poolSize: 3 },
      input: [null, 2, 8, 1],
      shapeError: /MaxPooling2D's window spans 3 steps but the input's spatial size is \(2, 8\)/,
    },
  ],
  { inputs: ({ poolSize, padding }) => channelsLastInput(2, { size: poolSize, padding }).map((x) => [x]) },
);
