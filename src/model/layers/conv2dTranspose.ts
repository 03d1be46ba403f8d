import { knownProduct, transposedOutputLength, type Shape } from '../shapes';
import { torchActivation } from './activations';
import { CONV_PARAMS, spatialInput } from './convBase';
import { applyToOnlyInput, defineLayerKind, onlyInput, py } from './layerKind';
import { channelsFirst, transposed } from './torch';
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
  // Keras's "same" keeps the middle input·strides of the full output (`crop_same`); with a kernel
  // shorter than the stride the full output falls short, and output_padding makes up the rest.
  toTorch: ({ filters, kernelSize, strides, padding, activation, useBias }, { dim }) => {
    const same = padding === 'same';
    const outputPadding = same ? Math.max(strides - kernelSize, 0) : 0;
    return {
      module:
        `nn.ConvTranspose2d(${dim(0, -1)}, ${filters}, ${kernelSize}, stride=${strides}` +
        `${outputPadding > 0 ? `, output_padding=${outputPadding}` : ''}, bias=${py(useBias)})`,
      forward: ([x], self) =>
        torchActivation(
          activation,
          channelsFirst(x!, (first) =>
            same && kernelSize > strides
              ? `crop_same(${self}(${first}), ${kernelSize}, ${strides})`
              : `${self}(${first})`,
          ),
        ),
      // Keras's kernel is (h, w, out, in); PyTorch's (in, out, h, w).
      weights: ([kernel, bias]) => [
        transposed(kernel!, [3, 2, 0, 1], 'weight'),
        ...(bias ? [{ ...bias, name: 'bias' }] : []),
      ],
    };
  },
});
