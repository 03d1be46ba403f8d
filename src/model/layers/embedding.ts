import { p } from '../schema';
import { requireRank } from '../shapes';
import { applyToOnlyInput, defineLayerKind, noMultiplyAdds, onlyInput, py } from './layerKind';
import { kerasPenaltyArgs, regularizerOf, WEIGHT_PENALTIES } from './weightPenalties';

export const embedding = defineLayerKind({
  type: 'Embedding',
  label: 'Embedding',
  category: 'embedding',
  doc: {
    summary: 'Looks up a learned vector for each token id: (batch, tokens) → (batch, tokens, outputDim).',
    keras: 'https://keras.io/api/layers/core_layers/embedding/',
  },
  params: {
    inputDim: p.int({
      min: 1,
      max: 1_000_000,
      default: 1000,
      log: true,
      label: 'Vocabulary size',
      help: 'Token ids run from 0 to this size − 1.',
    }),
    outputDim: p.int({
      min: 1,
      max: 4096,
      default: 16,
      log: true,
      tunable: true,
      width: true,
      label: 'Vector length',
      help: 'Length of the vector learned for each token.',
    }),
    ...WEIGHT_PENALTIES,
  },
  arity: { min: 1, max: 1 },
  inferShape: (inputs, { outputDim }) => {
    const x = onlyInput(inputs);
    requireRank(x, 2, 'Embedding');
    return [...x, outputDim];
  },
  // One vector per token id; the lookup multiplies nothing, hence no FLOPs.
  paramCount: (_inputs, { inputDim, outputDim }) => inputDim * outputDim,
  flops: noMultiplyAdds,
  // The penalties apply to the whole table of vectors (Keras's embeddings_regularizer).
  build: (tf, { inputDim, outputDim, ...penalties }, { name }) =>
    applyToOnlyInput(
      tf.layers.embedding({ inputDim, outputDim, embeddingsRegularizer: regularizerOf(tf, penalties), name }),
    ),
  toKeras: ({ inputDim, outputDim, ...penalties }, { name }) =>
    `layers.Embedding(${[inputDim, outputDim, ...kerasPenaltyArgs(penalties, ['embeddings_regularizer']), `name=${py(name)}`].join(', ')})`,
  // The studio feeds token ids as floats; nn.Embedding looks up integers.
  toTorch: ({ inputDim, outputDim }) => ({
    module: `nn.Embedding(${inputDim}, ${outputDim})`,
    forward: ([x], self) => `${self}(${x}.long())`,
    weights: ([table]) => [{ ...table!, name: 'weight' }],
  }),
});
