import { layerKindSuite } from '../../test/layerKindSuite';
import { activation } from './activation';
import { ACTIVATIONS } from './activations';

layerKindSuite(activation, [
  ...ACTIVATIONS.map((name) => ({ params: { activation: name }, input: [null, 5], output: [null, 5], paramCount: 0 })),
  {
    params: { activation: 'tanh' },
    input: [null, 2, 3],
    output: [null, 2, 3],
    keras: 'layers.Activation("tanh", name="layer_under_test")',
  },
  { params: { activation: 'gelu_new' }, error: /`activation`: expected one of .*received "gelu_new"/ },
]);
