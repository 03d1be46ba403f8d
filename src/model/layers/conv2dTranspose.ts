import { knownProduct, transposedOutputLength, type Shape } from '../shapes';
import { CONV_PARAMS, spatialInput } from './convBase';
import { applyToOnlyInput, defineLayerKind, onlyInput, py } from './layerKind';
import { kerasPenaltyArgs, regularizerOf } from './weightPenalties';

const { filters, kernelSize, strides, padding, activation, useBias, l1, l2 } = CONV_PARAMS;
// No dilationRate: tfjs's Conv2DTranspose ignores it, so the Keras twin would disagree.
const params = { filters, kernelSize, strides, padding, activation, useBias, l1, l2 };

function inputOf(inputs: readonly Shape[]): ReturnType<typeof spatialInput> {
  return spatialInput(onlyInput(inputs), 2, 'Conv2DTranspose');
}

export const conv2dTranspose = defineLayerKind({
  type: 'Conv2DTranspose',
  label: 'Conv2DTranspose',
  category: 'convolution',
  doc: {
    summary: 'Learned upsampling: each input position spreads a kernel over the output, strides times larger per axis.',
    keras: 'https://keras.io/api/layers/convolution_layers/convolution2d_transpose/',
  },
  params,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, p) => {
    const window = { size: p.kernelSize, stride: p.strides, padding: p.padding };
    const spatial = inputOf(inputs).spatial.map((length) => transposedOutputLength(length, window));
    return [...onlyInput(inputs).slice(0, 1), ...spatial, p.filters];
  },
  paramCount: (inputs, p) => p.kernelSize ** 2 * inputOf(inputs).channels * p.filters + (p.useBias ? p.filters : 0),
  // Each input position adds its kernel times every channel into the output.
  flops: (inputs, p) => {
    const { spatial, channels } = inputOf(inputs);
    return 2 * knownProduct(spatial) * p.kernelSize ** 2 * channels * p.filters;
  },
  build: (tf, { filters, kernelSize, strides, padding, activation, useBias, ...penalties }, { name }) =>
    applyToOnlyInput(
      tf.layers.conv2dTranspose({
        filters,
        kernelSize,
        strides,
        padding,
        activation,
        useBias,
        kernelRegularizer: regularizerOf(tf, penalties),
        name,
      }),
    ),
  toKeras: ({ filters, kernelSize, strides, padding, activation, useBias, ...penalties }, { name }) =>
    `layers.Conv2DTranspose(${filters}, ${kernelSize}, strides=${strides}, padding=${py(padding)}, ` +
    `activation=${py(activation)}, use_bias=${py(useBias)}, ${[...kerasPenaltyArgs(penalties), `name=${py(name)}`].join(', ')})`,
});
