import type { Infer } from '../schema';
import { knownProduct, type Shape } from '../shapes';
import { CONV_PARAMS, convGeometry, DEPTH_MULTIPLIER, torchConvForward, torchPaddingArg } from './convBase';
import { applyToOnlyInput, defineLayerKind, onlyInput, py } from './layerKind';
import { reshaped, transposed, type TensorData } from './torch';
import { kerasPenaltyArgs, regularizerOf } from './weightPenalties';

const { kernelSize, strides, padding, activation, useBias, l1, l2 } = CONV_PARAMS;
// No dilationRate: tfjs's DepthwiseConv2D ignores it, so the Keras twin would disagree.
const params = { kernelSize, strides, padding, depthMultiplier: DEPTH_MULTIPLIER, activation, useBias, l1, l2 };

/** Output spatial lengths and input channels, checked. */
function geometry(inputs: readonly Shape[], p: Infer<typeof params>): ReturnType<typeof convGeometry> {
  return convGeometry(
    onlyInput(inputs),
    2,
    { size: p.kernelSize, stride: p.strides, padding: p.padding, dilation: 1 },
    'DepthwiseConv2D',
  );
}

export const depthwiseConv2d = defineLayerKind({
  type: 'DepthwiseConv2D',
  label: 'DepthwiseConv2D',
  category: 'convolution',
  doc: {
    summary:
      'Convolves each input channel with its own filters (channels × depthMultiplier outputs); far fewer weights than Conv2D.',
    keras: 'https://keras.io/api/layers/convolution_layers/depthwise_convolution2d/',
  },
  params,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, p) => {
    const { spatial, channels } = geometry(inputs, p);
    return [...onlyInput(inputs).slice(0, 1), ...spatial, channels * p.depthMultiplier];
  },
  paramCount: (inputs, p) => {
    const outputs = geometry(inputs, p).channels * p.depthMultiplier;
    return p.kernelSize ** 2 * outputs + (p.useBias ? outputs : 0);
  },
  flops: (inputs, p) => {
    const { spatial, channels } = geometry(inputs, p);
    return 2 * knownProduct(spatial) * p.kernelSize ** 2 * channels * p.depthMultiplier;
  },
  // The depthwise kernel is its only kernel: the penalties apply to it.
  build: (tf, { kernelSize, strides, padding, depthMultiplier, activation, useBias, ...penalties }, { name }) =>
    applyToOnlyInput(
      tf.layers.depthwiseConv2d({
        kernelSize,
        strides,
        padding,
        depthMultiplier,
        activation,
        useBias,
        depthwiseRegularizer: regularizerOf(tf, penalties),
        name,
      }),
    ),
  toKeras: ({ kernelSize, strides, padding, depthMultiplier, activation, useBias, ...penalties }, { name }) =>
    `layers.DepthwiseConv2D(${kernelSize}, strides=${strides}, padding=${py(padding)}, depth_multiplier=${depthMultiplier}, ` +
    `activation=${py(activation)}, use_bias=${py(useBias)}, ${[...kerasPenaltyArgs(penalties, ['depthwise_regularizer']), `name=${py(name)}`].join(', ')})`,
  // A grouped convolution, one group per input channel.
  toTorch: ({ kernelSize, strides, padding, depthMultiplier, activation, useBias }, { dim }) => {
    const channels = dim(0, -1);
    return {
      module:
        `nn.Conv2d(${channels}, ${depthMultiplier === 1 ? channels : `${channels} * ${depthMultiplier}`}, ${kernelSize}, ` +
        `stride=${strides}, padding=${torchPaddingArg({ padding, strides })}, groups=${channels}, bias=${py(useBias)})`,
      forward: ([x], self) => torchConvForward(x!, self, { kernelSize, strides, padding, activation }),
      weights: ([kernel, bias]) => [depthwiseKernel(kernel!), ...(bias ? [{ ...bias, name: 'bias' }] : [])],
    };
  },
});

/**
 * A Keras depthwise kernel (h, w, channels, multiplier) as a grouped conv's weight
 * (channels·multiplier, 1, h, w): output channel c·multiplier + m in both.
 */
export function depthwiseKernel(kernel: TensorData, name = 'weight'): TensorData {
  const [h = 1, w = 1, channels = 1, multiplier = 1] = kernel.shape;
  return reshaped(transposed(kernel, [2, 3, 0, 1]), [channels * multiplier, 1, h, w], name);
}
