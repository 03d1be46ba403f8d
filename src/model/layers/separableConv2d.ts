import type { Infer } from '../schema';
import { knownProduct, type Shape } from '../shapes';
import { CONV_PARAMS, convGeometry, convKernel, DEPTH_MULTIPLIER, torchConvForward, torchPaddingArg } from './convBase';
import { depthwiseKernel } from './depthwiseConv2d';
import { applyToOnlyInput, defineLayerKind, onlyInput, py } from './layerKind';
import { kerasPenaltyArgs, regularizerOf } from './weightPenalties';

const params = { ...CONV_PARAMS, depthMultiplier: DEPTH_MULTIPLIER };

/** Output spatial lengths and input channels, checked. */
function geometry(inputs: readonly Shape[], p: Infer<typeof params>): ReturnType<typeof convGeometry> {
  const window = { size: p.kernelSize, stride: p.strides, padding: p.padding, dilation: p.dilationRate };
  return convGeometry(onlyInput(inputs), 2, window, 'SeparableConv2D');
}

/** Weights of the depthwise step (one small kernel per channel) and of the 1×1 pointwise step that mixes them. */
function kernelWeights(channels: number, p: Infer<typeof params>): { depthwise: number; pointwise: number } {
  return {
    depthwise: p.kernelSize ** 2 * channels * p.depthMultiplier,
    pointwise: channels * p.depthMultiplier * p.filters,
  };
}

export const separableConv2d = defineLayerKind({
  type: 'SeparableConv2D',
  label: 'SeparableConv2D',
  category: 'convolution',
  doc: {
    summary:
      'A depthwise convolution per channel, then a 1×1 convolution mixing channels: Conv2D’s job with fewer weights.',
    keras: 'https://keras.io/api/layers/convolution_layers/separable_convolution2d/',
  },
  params,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, p) => [...onlyInput(inputs).slice(0, 1), ...geometry(inputs, p).spatial, p.filters],
  paramCount: (inputs, p) => {
    const { depthwise, pointwise } = kernelWeights(geometry(inputs, p).channels, p);
    return depthwise + pointwise + (p.useBias ? p.filters : 0);
  },
  flops: (inputs, p) => {
    const { spatial, channels } = geometry(inputs, p);
    const { depthwise, pointwise } = kernelWeights(channels, p);
    return 2 * knownProduct(spatial) * (depthwise + pointwise);
  },
  // Both kernels, depthwise and pointwise, carry the penalties.
  build: (
    tf,
    { filters, kernelSize, strides, padding, dilationRate, depthMultiplier, activation, useBias, ...penalties },
    { name },
  ) => {
    const regularizer = regularizerOf(tf, penalties);
    const geometry = { filters, kernelSize, strides, padding, dilationRate, depthMultiplier };
    return applyToOnlyInput(
      tf.layers.separableConv2d({
        ...geometry,
        activation,
        useBias,
        depthwiseRegularizer: regularizer,
        pointwiseRegularizer: regularizer,
        name,
      }),
    );
  },
  toKeras: (
    { filters, kernelSize, strides, padding, dilationRate, depthMultiplier, activation, useBias, ...penalties },
    { name },
  ) =>
    `layers.SeparableConv2D(${filters}, ${kernelSize}, strides=${strides}, padding=${py(padding)}, dilation_rate=${dilationRate}, ` +
    `depth_multiplier=${depthMultiplier}, activation=${py(activation)}, use_bias=${py(useBias)}, ` +
    `${[...kerasPenaltyArgs(penalties, ['depthwise_regularizer', 'pointwise_regularizer']), `name=${py(name)}`].join(', ')})`,
  // The depthwise step (a grouped convolution without bias), then the 1×1 pointwise one.
  toTorch: ({ filters, kernelSize, strides, padding, dilationRate, depthMultiplier, activation, useBias }, { dim }) => {
    const channels = dim(0, -1);
    const depthwise = depthMultiplier === 1 ? channels : `${channels} * ${depthMultiplier}`;
    return {
      module:
        `nn.Sequential(nn.Conv2d(${channels}, ${depthwise}, ${kernelSize}, stride=${strides}, ` +
        `padding=${torchPaddingArg({ padding, strides })}, dilation=${dilationRate}, groups=${channels}, bias=False), ` +
        `nn.Conv2d(${depthwise}, ${filters}, 1, bias=${py(useBias)}))`,
      forward: ([x], self) => torchConvForward(x!, self, { kernelSize, strides, padding, dilationRate, activation }),
      weights: ([depthwiseWeights, pointwise, bias]) => [
        depthwiseKernel(depthwiseWeights!, '0.weight'),
        convKernel(pointwise!, '1.weight'),
        ...(bias ? [{ ...bias, name: '1.bias' }] : []),
      ],
    };
  },
});
