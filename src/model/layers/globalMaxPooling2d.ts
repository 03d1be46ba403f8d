import { defineGlobalPoolingKind } from './poolBase';

export const globalMaxPooling2d = defineGlobalPoolingKind({
  type: 'GlobalMaxPooling2D',
  rank: 2,
  summary: 'Each channel’s largest value over the whole image: (batch, height, width, channels) → (batch, channels).',
  keras: 'https://keras.io/api/layers/pooling_layers/global_max_pooling2d/',
  reduce: 'max',
  create: (tf, args) => tf.layers.globalMaxPooling2d(args),
});
