import { dense } from '../../../model/layers/dense';
import { dropout } from '../../../model/layers/dropout';
import { input } from '../../../model/layers/input';
import { output } from '../../../model/layers/output';
import { step } from '../../../model/templates';
import { bound, defineFamily, DROPOUT, linInt, logInt } from './family';

/** Dense layers of one width, each followed by dropout. */
export const mlp = defineFamily({
  id: 'mlp',
  label: 'MLP',
  help: 'Dense layers of one width, each followed by dropout: the strong, fast default for tables.',
  dataKind: 'tabular',
  knobs: {
    depth: { label: 'Depth', help: 'Hidden Dense layers.', domain: linInt(1, 4), default: 2, structural: true },
    width: { label: 'Width', help: 'Units in each hidden layer.', domain: logInt(8, 256), default: 64 },
    dropout: DROPOUT,
  },
  steps: (_data, k) => [
    bound(step({ id: 'input', kind: input })),
    ...Array.from({ length: k.depth! }, (_, i) => [
      bound(step({ id: `dense_${i + 1}`, kind: dense, params: { units: k.width! } }), { units: 'width' }),
      bound(step({ id: `dropout_${i + 1}`, kind: dropout, params: { rate: k.dropout! } }), { rate: 'dropout' }),
    ]).flat(),
    bound(step({ id: 'output', kind: output })),
  ],
  size: (k) => `${k.depth}×${k.width}`,
});
