import { channelsLastInput, convWindowParams, layerKindSuite } from '../../test/layerKindSuite';
import { conv1d } from './conv1d';

layerKindSuite(
  conv1d,
  [
    {
      input: [null, 10, 3],
      output: [null, 10, 16],
      paramCount: 3 * 3 * 16 + 16,
      keras:
        'layers.Conv1D(16, 3, strides=1, padding="same", dilation_rate=1, activation="relu", use_bias=True, name="layer_under_test")',
    },
    {
      params: { filters: 4, kernelSize: 5, padding: 'valid', strides: 2 },
      input: [null, 12, 2],
      output: [null, 4, 4],
      paramCount: 44,
    },
    {
      params: { filters: 2, padding: 'valid', dilationRate: 3, useBias: false },
      input: [null, 9, 1],
      output: [null, 3, 2],
      paramCount: 6,
    },
    { name: 'a sequence of any length', params: { strides: 2 }, input: [null, null, 4], output: [null, null, 16] },
    {
      name: 'tabular features',
      input: [null, 4],
      shapeError:
        /^Conv1D needs an input of rank 3 \(batch, steps, channels\), received \(None, 4\); add a Reshape before it/,
    },
    { name: 'an image', input: [null, 4, 4, 1], shapeError: /Conv1D needs an input of rank 3/ },
    {
      params: { kernelSize: 5, padding: 'valid' },
      input: [null, 4, 1],
      shapeError: /Conv1D's window spans 5 steps but the input's spatial size is \(4,\)/,
    },
    {
      params: { strides: 3, dilationRate: 2 },
      input: [null, 9, 1],
      shapeError: /Conv1D cannot combine strides 3 with dilationRate 2; set one of them to 1/,
    },
  ],
  {
    params: convWindowParams,
    inputs: ({ kernelSize, dilationRate, padding }) =>
      channelsLastInput(1, { size: kernelSize, dilation: dilationRate, padding }).map((x) => [x]),
  },
);
