import { conv2d } from '../../../model/layers/conv2d';
import { dropout } from '../../../model/layers/dropout';
import { globalAveragePooling2d } from '../../../model/layers/globalAveragePooling2d';
import { input } from '../../../model/layers/input';
import { maxPooling2d } from '../../../model/layers/maxPooling2d';
import { output } from '../../../model/layers/output';
import { separableConv2d } from '../../../model/layers/separableConv2d';
import { step } from '../../../model/templates';
import { bound, defineFamily, DROPOUT, linInt, logInt } from './family';

/**
 * A Conv2D stem, then depthwise-separable blocks, averaged over the image: far fewer weights than
 * the CNN for the same filters (MobileNet's idea), so it often sits on the size Pareto front.
 */
export const separableCnn = defineFamily({
  id: 'separable-cnn',
  label: 'Separable CNN',
  help: 'A convolution, then depthwise-separable convolution blocks and a global average: few weights, small and fast to predict.',
  dataKind: 'image',
  knobs: {
    blocks: {
      label: 'Blocks',
      help: 'Separable convolution + pooling blocks.',
      domain: linInt(1, 3),
      default: 2,
      structural: true,
    },
    filters: { label: 'Filters', help: 'Filters of every convolution.', domain: logInt(8, 64), default: 16 },
    dropout: DROPOUT,
  },
  steps: (_data, k) => [
    bound(step({ id: 'input', kind: input })),
    bound(step({ id: 'conv2d_stem', kind: conv2d, params: { filters: k.filters!, kernelSize: 3, padding: 'same' } }), {
      filters: 'filters',
    }),
    ...Array.from({ length: k.blocks! }, (_, i) => [
      bound(
        step({
          id: `separableconv2d_${i + 1}`,
          kind: separableConv2d,
          params: { filters: k.filters!, kernelSize: 3, padding: 'same' },
        }),
        { filters: 'filters' },
      ),
      bound(step({ id: `maxpooling2d_${i + 1}`, kind: maxPooling2d, params: { padding: 'same' } })),
    ]).flat(),
    bound(step({ id: 'globalaveragepooling2d_1', kind: globalAveragePooling2d })),
    bound(step({ id: 'dropout_1', kind: dropout, params: { rate: k.dropout! } }), { rate: 'dropout' }),
    bound(step({ id: 'output', kind: output })),
  ],
  size: (k) => `${k.blocks}×${k.filters} filters`,
});
