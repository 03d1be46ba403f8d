import { conv1d } from '../../../model/layers/conv1d';
import { dropout } from '../../../model/layers/dropout';
import { globalMaxPooling1d } from '../../../model/layers/globalMaxPooling1d';
import { input } from '../../../model/layers/input';
import { output } from '../../../model/layers/output';
import { step } from '../../../model/templates';
import { bound, defineFamily, DROPOUT, EMBEDDING, embeddingStep, linInt, logInt } from './family';

/** Embedding → Conv1D over n-grams → the strongest match over the text. */
export const textCnn = defineFamily({
  id: 'text-cnn',
  label: 'Text CNN',
  help: 'Embedding, then a convolution over n-grams and the strongest match anywhere in the text: fast, and strong on short texts.',
  dataKind: 'text',
  knobs: {
    embedding: EMBEDDING,
    filters: { label: 'Filters', help: 'N-gram detectors learned.', domain: logInt(16, 128), default: 64 },
    kernel: {
      label: 'Kernel',
      help: 'Tokens each detector reads at once (the n of the n-grams).',
      domain: linInt(2, 5),
      default: 3,
    },
    dropout: DROPOUT,
  },
  steps: (data, k) => [
    bound(step({ id: 'input', kind: input })),
    embeddingStep(data, k),
    bound(
      step({ id: 'conv1d_1', kind: conv1d, params: { filters: k.filters!, kernelSize: k.kernel!, padding: 'same' } }),
      { filters: 'filters', kernelSize: 'kernel' },
    ),
    bound(step({ id: 'globalmaxpooling1d_1', kind: globalMaxPooling1d })),
    bound(step({ id: 'dropout_1', kind: dropout, params: { rate: k.dropout! } }), { rate: 'dropout' }),
    bound(step({ id: 'output', kind: output })),
  ],
  size: (k) => `${k.filters}×${k.kernel}-grams, ${k.embedding}-d`,
});
