import { defineConvKind } from './convBase';

export const conv1d = defineConvKind({
  type: 'Conv1D',
  rank: 1,
  summary: 'Slides learned filters along the steps of a sequence: (batch, steps, channels) → (batch, steps′, filters).',
  keras: 'https://keras.io/api/layers/convolution_layers/convolution1d/',
  create: (tf, args) => tf.layers.conv1d(args),
});
