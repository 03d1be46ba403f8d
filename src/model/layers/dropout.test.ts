import { layerKindSuite } from '../../test/layerKindSuite';
import { dropout } from './dropout';

layerKindSuite(dropout, [
  {
    params: { rate: 0.5 },
    input: [null, 8],
    output: [null, 8],
    paramCount: 0,
    keras: 'layers.Dropout(0.5, name="layer_under_test")',
  },
  { params: { rate: 0 }, input: [null, 3, 2], output: [null, 3, 2], keras: 'layers.Dropout(0,' },
  { params: { rate: 0.99 }, input: [null, 1], output: [null, 1] },
  { params: { rate: 1 }, error: /`rate`: expected a number in \[0, 0\.99\], received 1/ },
  { params: { rate: -0.1 }, error: /`rate`.*received -0\.1/ },
  { params: { rate: Number.NaN }, error: /`rate`.*received NaN/ },
]);
