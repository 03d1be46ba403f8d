import { definePoolingKind } from './poolBase';

export const maxPooling1d = definePoolingKind({
  type: 'MaxPooling1D',
  rank: 1,
  summary: 'Keeps the largest value of each window along the steps, per channel, shortening the sequence.',
  keras: 'https://keras.io/api/layers/pooling_layers/max_pooling1d/',
  reduce: 'max',
  create: (tf, args) => tf.layers.maxPooling1d(args),
});
