import { defineGlobalPoolingKind } from './poolBase';

export const globalAveragePooling2d = defineGlobalPoolingKind({
  type: 'GlobalAveragePooling2D',
  rank: 2,
  summary: 'Each channel’s mean over the whole image: (batch, height, width, channels) → (batch, channels).',
  keras: 'https://keras.io/api/layers/pooling_layers/global_average_pooling2d/',
  reduce: 'average',
  create: (tf, args) => tf.layers.globalAveragePooling2d(args),
});
