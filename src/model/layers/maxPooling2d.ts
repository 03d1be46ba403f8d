import { definePoolingKind } from './poolBase';

export const maxPooling2d = definePoolingKind({
  type: 'MaxPooling2D',
  rank: 2,
  summary: 'Keeps the largest value of each window of the image, per channel, shrinking height and width.',
  keras: 'https://keras.io/api/layers/pooling_layers/max_pooling2d/',
  reduce: 'max',
  create: (tf, args) => tf.layers.maxPooling2d(args),
});
