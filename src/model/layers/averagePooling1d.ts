import { definePoolingKind } from './poolBase';

export const averagePooling1d = definePoolingKind({
  type: 'AveragePooling1D',
  rank: 1,
  summary: 'Averages each window along the steps, per channel, shortening the sequence.',
  keras: 'https://keras.io/api/layers/pooling_layers/average_pooling1d/',
  reduce: 'average',
  create: (tf, args) => tf.layers.averagePooling1d(args),
});
