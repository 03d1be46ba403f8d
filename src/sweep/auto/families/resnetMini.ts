import { activation } from '../../../model/layers/activation';
import { add } from '../../../model/layers/add';
import { dense } from '../../../model/layers/dense';
import { dropout } from '../../../model/layers/dropout';
import { input } from '../../../model/layers/input';
import { output } from '../../../model/layers/output';
import { step } from '../../../model/templates';
import { bound, defineFamily, DROPOUT, linInt, logInt, type FamilyStep } from './family';

/** Dense → Dropout → Dense (linear), added back to the block's input, then ReLU. */
function residualBlock(b: number, from: string, rate: number, width: number): FamilyStep[] {
  return [
    bound(step({ id: `dense_${b}a`, kind: dense, params: { units: width }, from: [from] }), { units: 'width' }),
    bound(step({ id: `dropout_${b}`, kind: dropout, params: { rate } }), { rate: 'dropout' }),
    bound(step({ id: `dense_${b}b`, kind: dense, params: { units: width, activation: 'linear' } }), {
      units: 'width',
    }),
    bound(step({ id: `add_${b}`, kind: add, from: [from, `dense_${b}b`] })),
    bound(step({ id: `activation_${b}`, kind: activation, params: { activation: 'relu' } })),
  ];
}

/** A Dense stem to the block width, then residual blocks: deeper than an MLP and still easy to train. */
export const resnetMini = defineFamily({
  id: 'resnet-mini',
  label: 'ResNet-mini',
  help: 'A Dense layer, then residual blocks that add their input back to their output: trains deeper than an MLP.',
  dataKind: 'tabular',
  knobs: {
    blocks: { label: 'Blocks', help: 'Residual blocks.', domain: linInt(1, 3), default: 2, structural: true },
    width: { label: 'Width', help: 'Units in every Dense layer.', domain: logInt(16, 128), default: 32 },
    dropout: DROPOUT,
  },
  steps: (_data, k) => [
    bound(step({ id: 'input', kind: input })),
    bound(step({ id: 'dense_stem', kind: dense, params: { units: k.width! } }), { units: 'width' }),
    ...Array.from({ length: k.blocks! }, (_, i) =>
      residualBlock(i + 1, i === 0 ? 'dense_stem' : `activation_${i}`, k.dropout!, k.width!),
    ).flat(),
    bound(step({ id: 'output', kind: output })),
  ],
  size: (k) => `${k.blocks} block${k.blocks === 1 ? '' : 's'} × ${k.width}`,
});
