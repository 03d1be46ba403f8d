import { defineGlobalPoolingKind } from './poolBase';

export const globalAveragePooling1d = defineGlobalPoolingKind({
  type: 'GlobalAveragePooling1D',
  rank: 1,
  summary: 'Each channel’s mean over all steps: (batch, steps, channels) → (batch, channels).',
  keras: 'https://keras.io/api/layers/pooling_layers/global_average_pooling1d/',
  reduce: 'average',
  create: (tf, args) => tf.layers.globalAveragePooling1d(args),
});
