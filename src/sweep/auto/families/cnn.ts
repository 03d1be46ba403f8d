import { conv2d } from '../../../model/layers/conv2d';
import { dense } from '../../../model/layers/dense';
import { dropout } from '../../../model/layers/dropout';
import { flatten } from '../../../model/layers/flatten';
import { input } from '../../../model/layers/input';
import { maxPooling2d } from '../../../model/layers/maxPooling2d';
import { output } from '../../../model/layers/output';
import { step } from '../../../model/templates';
import { bound, defineFamily, DROPOUT, linInt, logInt } from './family';

/** Convolution + pooling blocks, filters doubling per block, then a Dense layer. */
export const cnn = defineFamily({
  id: 'cnn',
  label: 'CNN',
  help: 'Convolution and pooling blocks (filters doubling each block), then a Dense layer: the classic for images.',
  dataKind: 'image',
  knobs: {
    blocks: {
      label: 'Blocks',
      help: 'Convolution + pooling blocks.',
      domain: linInt(1, 3),
      default: 2,
      structural: true,
    },
    filters: {
      label: 'Filters',
      help: 'Filters of the first block; each next block doubles them.',
      domain: logInt(4, 32),
      default: 8,
    },
    units: {
      label: 'Dense units',
      help: 'Units of the Dense layer before the output.',
      domain: logInt(16, 128),
      default: 64,
    },
    dropout: DROPOUT,
  },
  steps: (_data, k) => [
    bound(step({ id: 'input', kind: input })),
    ...Array.from({ length: k.blocks! }, (_, i) => [
      bound(
        step({
          id: `conv2d_${i + 1}`,
          kind: conv2d,
          params: { filters: k.filters! * 2 ** i, kernelSize: 3, padding: 'same' },
        }),
        { filters: ['filters', 2 ** i] },
      ),
      // 'same' pooling keeps a 1×1 map at 1×1: every block count fits any image size.
      bound(step({ id: `maxpooling2d_${i + 1}`, kind: maxPooling2d, params: { padding: 'same' } })),
    ]).flat(),
    bound(step({ id: 'flatten_1', kind: flatten })),
    bound(step({ id: 'dense_1', kind: dense, params: { units: k.units! } }), { units: 'units' }),
    bound(step({ id: 'dropout_1', kind: dropout, params: { rate: k.dropout! } }), { rate: 'dropout' }),
    bound(step({ id: 'output', kind: output })),
  ],
  size: (k) => `${k.blocks}×${k.filters} filters, ${k.units} units`,
});
