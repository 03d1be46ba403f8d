import { definePoolingKind } from './poolBase';

export const averagePooling2d = definePoolingKind({
  type: 'AveragePooling2D',
  rank: 2,
  summary: 'Averages each window of the image, per channel, shrinking height and width.',
  keras: 'https://keras.io/api/layers/pooling_layers/average_pooling2d/',
  reduce: 'average',
  create: (tf, args) => tf.layers.averagePooling2d(args),
});
