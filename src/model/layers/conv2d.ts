import { defineConvKind } from './convBase';

export const conv2d = defineConvKind({
  type: 'Conv2D',
  rank: 2,
  summary:
    'Slides learned filters over an image: (batch, height, width, channels) → (batch, height′, width′, filters).',
  keras: 'https://keras.io/api/layers/convolution_layers/convolution2d/',
  create: (tf, args) => tf.layers.conv2d(args),
});
