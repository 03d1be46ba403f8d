import fc from 'fast-check';
import { channelsLastInput, layerKindSuite } from '../../test/layerKindSuite';
import { conv2dTranspose } from './conv2dTranspose';

layerKindSuite(
  conv2dTranspose,
  [
    {
      input: [null, 4, 4, 3],
      output: [null, 4, 4, 16],
      paramCount: 3 * 3 * 3 * 16 + 16,
      keras:
        'layers.Conv2DTranspose(16, 3, strides=1, padding="same", activation="relu", use_bias=True, name="layer_under_test")',
    },
    {
      params: { filters: 4, strides: 2, padding: 'valid' },
      input: [null, 5, 5, 2],
      output: [null, 11, 11, 4],
      paramCount: 76,
    },
    { params: { filters: 4, strides: 2 }, input: [null, 5, 3, 2], output: [null, 10, 6, 4] },
    {
      name: 'a kernel shorter than the stride',
      params: { filters: 4, kernelSize: 1, strides: 3, padding: 'valid' },
      input: [null, 5, 5, 2],
      output: [null, 15, 15, 4],
      paramCount: 12,
    },
    {
      name: 'an image of unknown height',
      params: { strides: 2, padding: 'valid' },
      input: [null, null, 5, 2],
      output: [null, null, 11, 16],
    },
    {
      input: [null, 5, 2],
      shapeError:
        /Conv2DTranspose needs an input of rank 4 \(batch, height, width, channels\), received \(None, 5, 2\)/,
    },
    { input: [null, 5, 5, null], shapeError: /Conv2DTranspose needs a known last dimension/ },
  ],
  {
    params: fc.record({
      filters: fc.integer({ min: 1, max: 8 }),
      kernelSize: fc.integer({ min: 1, max: 5 }),
      strides: fc.integer({ min: 1, max: 3 }),
    }),
    inputs: channelsLastInput(2),
  },
);
