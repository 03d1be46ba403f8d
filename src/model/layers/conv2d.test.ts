import { channelsLastInput, convWindowParams, layerKindSuite } from '../../test/layerKindSuite';
import { conv2d } from './conv2d';

layerKindSuite(
  conv2d,
  [
    {
      input: [null, 8, 8, 3],
      output: [null, 8, 8, 16],
      paramCount: 3 * 3 * 3 * 16 + 16,
      keras:
        'layers.Conv2D(16, 3, strides=1, padding="same", dilation_rate=1, activation="relu", use_bias=True, name="layer_under_test")',
    },
    {
      params: { filters: 4, l1: 0.001 },
      input: [null, 6, 6, 1],
      output: [null, 6, 6, 4],
      keras: 'use_bias=True, kernel_regularizer=keras.regularizers.L1L2(l1=0.001, l2=0), name="layer_under_test")',
    },
    {
      params: { filters: 4, padding: 'valid', strides: 2 },
      input: [null, 9, 7, 2],
      output: [null, 4, 3, 4],
      paramCount: 76,
    },
    {
      params: { filters: 2, padding: 'valid', dilationRate: 2, useBias: false },
      input: [null, 9, 9, 1],
      output: [null, 5, 5, 2],
      paramCount: 18,
    },
    { params: { kernelSize: 4, strides: 2 }, input: [null, 5, 5, 1], output: [null, 3, 3, 16] },
    { name: 'an image of unknown height', input: [null, null, 6, 2], output: [null, null, 6, 16] },
    { params: { filters: 0 }, error: /`filters`: expected an integer in \[1, 4096\], received 0/ },
    { params: { padding: 'causal' }, error: /`padding`: expected one of valid, same, received "causal"/ },
    { params: { kernelSize: 33 }, error: /`kernelSize`.*received 33/ },
    {
      name: 'a flat input',
      input: [null, 4],
      shapeError:
        /^Conv2D needs an input of rank 4 \(batch, height, width, channels\), received \(None, 4\); add a Reshape before it/,
    },
    { name: 'unknown channels', input: [null, 4, 4, null], shapeError: /Conv2D needs a known last dimension/ },
    {
      params: { padding: 'valid', dilationRate: 2 },
      input: [null, 4, 6, 1],
      shapeError:
        /Conv2D's window spans 5 steps but the input's spatial size is \(4, 6\), so padding "valid" leaves no output/,
    },
    {
      params: { strides: 2, dilationRate: 2 },
      input: [null, 9, 9, 1],
      shapeError: /Conv2D cannot combine strides 2 with dilationRate 2/,
    },
  ],
  {
    params: convWindowParams,
    inputs: ({ kernelSize, dilationRate, padding }) =>
      channelsLastInput(2, { size: kernelSize, dilation: dilationRate, padding }).map((x) => [x]),
  },
);
