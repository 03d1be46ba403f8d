import fc from 'fast-check';
import { channelsLastInput, convWindowParams, layerKindSuite } from '../../test/layerKindSuite';
import { separableConv2d } from './separableConv2d';

layerKindSuite(
  separableConv2d,
  [
    {
      input: [null, 8, 8, 3],
      output: [null, 8, 8, 16],
      paramCount: 3 * 3 * 3 + 3 * 16 + 16,
      keras:
        'layers.SeparableConv2D(16, 3, strides=1, padding="same", dilation_rate=1, depth_multiplier=1, activation="relu", use_bias=True, name="layer_under_test")',
    },
    {
      params: { filters: 4, l2: 0.1 },
      input: [null, 6, 6, 2],
      output: [null, 6, 6, 4],
      keras:
        'depthwise_regularizer=keras.regularizers.L1L2(l1=0, l2=0.1), pointwise_regularizer=keras.regularizers.L1L2(l1=0, l2=0.1), name="layer_under_test")',
    },
    {
      params: { filters: 4, depthMultiplier: 2, padding: 'valid' },
      input: [null, 9, 9, 2],
      output: [null, 7, 7, 4],
      paramCount: 56,
    },
    {
      params: { filters: 4, dilationRate: 2, padding: 'valid' },
      input: [null, 9, 9, 2],
      output: [null, 5, 5, 4],
      paramCount: 30,
    },
    { params: { strides: 2, useBias: false }, input: [null, 5, 6, 1], output: [null, 3, 3, 16], paramCount: 9 + 16 },
    { input: [null, 16], shapeError: /SeparableConv2D needs an input of rank 4 .*; add a Reshape before it/ },
    {
      params: { strides: 2, dilationRate: 3 },
      input: [null, 9, 9, 1],
      shapeError: /SeparableConv2D cannot combine strides 2 with dilationRate 3/,
    },
  ],
  {
    params: fc
      .tuple(convWindowParams, fc.integer({ min: 1, max: 3 }))
      .map(([window, depthMultiplier]) => ({ ...window, depthMultiplier })),
    inputs: ({ kernelSize, dilationRate, padding }) =>
      channelsLastInput(2, { size: kernelSize, dilation: dilationRate, padding }).map((x) => [x]),
  },
);
