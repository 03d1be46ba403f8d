import { channelsLastInput, layerKindSuite } from '../../test/layerKindSuite';
import { maxPooling1d } from './maxPooling1d';

layerKindSuite(
  maxPooling1d,
  [
    {
      input: [null, 10, 3],
      output: [null, 5, 3],
      paramCount: 0,
      keras: 'layers.MaxPooling1D(pool_size=2, strides=2, padding="valid", name="layer_under_test")',
    },
    { params: { poolSize: 3, strides: 2, padding: 'same' }, input: [null, 9, 2], output: [null, 5, 2] },
    { name: 'a sequence of any length', input: [null, null, 4], output: [null, null, 4] },
    {
      name: 'tabular features',
      input: [null, 4],
      shapeError:
        /^MaxPooling1D needs an input of rank 3 \(batch, steps, channels\), received \(None, 4\); add a Reshape/,
    },
    {
      params: { poolSize: 3 },
      input: [null, 2, 2],
      shapeError: /MaxPooling1D's window spans 3 steps but the input's spatial size is \(2,\)/,
    },
  ],
  { inputs: ({ poolSize, padding }) => channelsLastInput(1, { size: poolSize, padding }).map((x) => [x]) },
);
