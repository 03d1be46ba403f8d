import { add } from '../../../model/layers/add';
import { dense } from '../../../model/layers/dense';
import { globalAveragePooling1d } from '../../../model/layers/globalAveragePooling1d';
import { input } from '../../../model/layers/input';
import { layerNormalization } from '../../../model/layers/layerNormalization';
import { multiHeadAttention } from '../../../model/layers/multiHeadAttention';
import { output } from '../../../model/layers/output';
import { positionalEmbedding } from '../../../model/layers/positionalEmbedding';
import { step } from '../../../model/templates';
import { bound, defineFamily, EMBEDDING, embeddingStep, linInt, logInt } from './family';

/** Width of each attention head's queries and keys: the block's output keeps the embedding's width whatever it is. */
const KEY_DIM = 16;

/** Embedding + positions → one encoder block (attention and feed-forward, each added back and normalised) → average. */
export const transformer = defineFamily({
  id: 'transformer',
  label: 'Transformer',
  help: 'Embedding and positions, then one encoder block: self-attention and a feed-forward layer, each added back and normalised.',
  dataKind: 'text',
  knobs: {
    embedding: EMBEDDING,
    heads: {
      label: 'Heads',
      help: 'Attention heads, each looking at the text its own way.',
      domain: linInt(1, 4),
      default: 2,
    },
    feedForward: {
      label: 'Feed-forward width',
      help: 'Units of the feed-forward layer inside the block.',
      domain: logInt(16, 128),
      default: 64,
    },
  },
  steps: (data, k) => [
    bound(step({ id: 'input', kind: input })),
    embeddingStep(data, k),
    bound(step({ id: 'positionalembedding_1', kind: positionalEmbedding })),
    bound(
      step({ id: 'multiheadattention_1', kind: multiHeadAttention, params: { numHeads: k.heads!, keyDim: KEY_DIM } }),
      { numHeads: 'heads' },
    ),
    bound(step({ id: 'add_1', kind: add, from: ['positionalembedding_1', 'multiheadattention_1'] })),
    bound(step({ id: 'layernormalization_1', kind: layerNormalization })),
    bound(step({ id: 'dense_1', kind: dense, params: { units: k.feedForward! } }), { units: 'feedForward' }),
    bound(step({ id: 'dense_2', kind: dense, params: { units: k.embedding!, activation: 'linear' } }), {
      units: 'embedding',
    }),
    bound(step({ id: 'add_2', kind: add, from: ['layernormalization_1', 'dense_2'] })),
    bound(step({ id: 'layernormalization_2', kind: layerNormalization })),
    bound(step({ id: 'globalaveragepooling1d_1', kind: globalAveragePooling1d })),
    bound(step({ id: 'output', kind: output })),
  ],
  size: (k) => `${k.heads} head${k.heads === 1 ? '' : 's'}, ${k.embedding}-d, ${k.feedForward} ff`,
});
