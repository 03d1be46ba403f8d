import fc from 'fast-check';
import { channelsLastInput, layerKindSuite } from '../../test/layerKindSuite';
import { depthwiseConv2d } from './depthwiseConv2d';

layerKindSuite(
  depthwiseConv2d,
  [
    {
      input: [null, 8, 8, 3],
      output: [null, 8, 8, 3],
      paramCount: 3 * 3 * 3 + 3,
      keras:
        'layers.DepthwiseConv2D(3, strides=1, padding="same", depth_multiplier=1, activation="relu", use_bias=True, name="layer_under_test")',
    },
    {
      params: { depthMultiplier: 2, strides: 2, padding: 'valid' },
      input: [null, 9, 9, 2],
      output: [null, 4, 4, 4],
      paramCount: 40,
    },
    { params: { kernelSize: 2, useBias: false }, input: [null, 5, 3, 4], output: [null, 5, 3, 4], paramCount: 16 },
    { params: { depthMultiplier: 0 }, error: /`depthMultiplier`: expected an integer in \[1, 64\], received 0/ },
    {
      input: [null, 6, 4],
      shapeError:
        /DepthwiseConv2D needs an input of rank 4 \(batch, height, width, channels\), received \(None, 6, 4\)/,
    },
    {
      params: { kernelSize: 5, padding: 'valid' },
      input: [null, 4, 8, 1],
      shapeError: /DepthwiseConv2D's window spans 5 steps/,
    },
  ],
  {
    params: fc.record({
      kernelSize: fc.integer({ min: 1, max: 5 }),
      strides: fc.integer({ min: 1, max: 3 }),
      depthMultiplier: fc.integer({ min: 1, max: 3 }),
    }),
    inputs: ({ kernelSize, padding }) => channelsLastInput(2, { size: kernelSize, padding }).map((x) => [x]),
  },
);
