import { input } from '../../../model/layers/input';
import { lstm as lstmLayer } from '../../../model/layers/lstm';
import { output } from '../../../model/layers/output';
import { step } from '../../../model/templates';
import { bound, defineFamily, EMBEDDING, embeddingStep, logInt } from './family';

/** Embedding → LSTM → class. */
export const lstm = defineFamily({
  id: 'lstm',
  label: 'LSTM',
  help: 'Embedding, then an LSTM reading the tokens in order: sees word order, slower to train than the Text CNN.',
  dataKind: 'text',
  knobs: {
    embedding: EMBEDDING,
    units: { label: 'Units', help: 'Size of the LSTM’s memory.', domain: logInt(8, 64), default: 32 },
  },
  steps: (data, k) => [
    bound(step({ id: 'input', kind: input })),
    embeddingStep(data, k),
    bound(step({ id: 'lstm_1', kind: lstmLayer, params: { units: k.units! } }), { units: 'units' }),
    bound(step({ id: 'output', kind: output })),
  ],
  size: (k) => `${k.units} units, ${k.embedding}-d`,
});
