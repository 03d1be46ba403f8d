import { layerKindSuite } from '../../test/layerKindSuite';
import { input } from './input';

layerKindSuite(input, [
  {
    name: 'Iris features',
    output: [null, 4],
    paramCount: 0,
    keras: 'keras.Input(shape=(4,), name="layer_under_test")',
  },
  {
    name: 'an image-shaped example',
    data: { inputShape: [28, 28, 1], task: 'multiclass', labels: ['0', '1'] },
    output: [null, 28, 28, 1],
    keras: 'keras.Input(shape=(28, 28, 1),',
  },
]);
