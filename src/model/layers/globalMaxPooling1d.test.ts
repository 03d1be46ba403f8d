import { channelsLastInput, layerKindSuite } from '../../test/layerKindSuite';
import { globalMaxPooling1d } from './globalMaxPooling1d';

layerKindSuite(
  globalMaxPooling1d,
  [
    {
      input: [null, 10, 3],
      output: [null, 3],
      paramCount: 0,
      keras: 'layers.GlobalMaxPooling1D(name="layer_under_test")',
    },
    { name: 'a sequence of any length', input: [null, null, 3], output: [null, 3] },
    {
      input: [null, 4, 4, 3],
      shapeError:
        /^GlobalMaxPooling1D needs an input of rank 3 \(batch, steps, channels\), received \(None, 4, 4, 3\); add a Reshape/,
    },
  ],
  { inputs: channelsLastInput(1) },
);
