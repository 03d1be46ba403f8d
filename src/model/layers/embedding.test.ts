import { layerKindSuite } from '../../test/layerKindSuite';
import { embedding } from './embedding';

layerKindSuite(embedding, [
  {
    input: [null, 20],
    output: [null, 20, 16],
    paramCount: 1000 * 16,
    keras: 'layers.Embedding(1000, 16, name="layer_under_test")',
  },
  {
    params: { inputDim: 10, outputDim: 3, l1: 0.5 },
    input: [null, 4],
    output: [null, 4, 3],
    keras:
      'layers.Embedding(10, 3, embeddings_regularizer=keras.regularizers.L1L2(l1=0.5, l2=0), name="layer_under_test")',
  },
  {
    name: 'sequences of any length',
    params: { inputDim: 50, outputDim: 8 },
    input: [null, null],
    output: [null, null, 8],
    paramCount: 400,
  },
  {
    name: 'several ids per step',
    params: { inputDim: 10, outputDim: 3 },
    input: [null, 5, 2],
    output: [null, 5, 2, 3],
    paramCount: 30,
  },
  { params: { inputDim: 0 }, error: /`inputDim`: expected an integer in \[1, 1000000\], received 0/ },
  { params: { outputDim: 4097 }, error: /`outputDim`: expected an integer in \[1, 4096\], received 4097/ },
  { input: [null], shapeError: /^Embedding needs an input of rank ≥ 2, received \(None,\)/ },
]);
