import { defineGlobalPoolingKind } from './poolBase';

export const globalMaxPooling1d = defineGlobalPoolingKind({
  type: 'GlobalMaxPooling1D',
  rank: 1,
  summary: 'Each channel’s largest value over all steps: (batch, steps, channels) → (batch, channels).',
  keras: 'https://keras.io/api/layers/pooling_layers/global_max_pooling1d/',
  reduce: 'max',
  create: (tf, args) => tf.layers.globalMaxPooling1d(args),
});
