import { channelsLastInput, layerKindSuite } from '../../test/layerKindSuite';
import { averagePooling1d } from './averagePooling1d';

layerKindSuite(
  averagePooling1d,
  [
    {
      input: [null, 7, 3],
      output: [null, 3, 3],
      keras: 'layers.AveragePooling1D(pool_size=2, strides=2, padding="valid", name="layer_under_test")',
    },
    { params: { poolSize: 4, strides: 1 }, input: [null, 7, 1], output: [null, 4, 1] },
    { input: [null, 4, 4, 1], shapeError: /AveragePooling1D needs an input of rank 3 \(batch, steps, channels\)/ },
  ],
  { inputs: ({ poolSize, padding }) => channelsLastInput(1, { size: poolSize, padding }).map((x) => [x]) },
);
