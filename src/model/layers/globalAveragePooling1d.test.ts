import { channelsLastInput, layerKindSuite } from '../../test/layerKindSuite';
import { globalAveragePooling1d } from './globalAveragePooling1d';

layerKindSuite(
  globalAveragePooling1d,
  [
    {
      input: [null, 10, 3],
      output: [null, 3],
      paramCount: 0,
      keras: 'layers.GlobalAveragePooling1D(name="layer_under_test")',
    },
    { name: 'a sequence of any length', input: [null, null, 3], output: [null, 3] },
    {
      input: [null, 4, 4, 3],
      shapeError:
        /^GlobalAveragePooling1D needs an input of rank 3 \(batch, steps, channels\), received \(None, 4, 4, 3\); add a Reshape/,
    },
  ],
  { inputs: channelsLastInput(1) },
);
