import { p, type Infer } from '../schema';
import {
  fail,
  knownProduct,
  lastDim,
  requireLayout,
  slideWindow,
  type Dim,
  type Padding,
  type Shape,
  type SlidingWindow,
} from '../shapes';
import { ACTIVATIONS, torchActivation, type ActivationName } from './activations';
import {
  applyToOnlyInput,
  defineLayerKind,
  familyIdentity,
  onlyInput,
  py,
  type FamilyMember,
  type LayerKind,
  type Tf,
  type TfLayer,
} from './layerKind';
import { channelsFirst, transposed, type TensorData } from './torch';
import { kerasPenaltyArgs, regularizerOf, WEIGHT_PENALTIES } from './weightPenalties';

export const PADDINGS = ['valid', 'same'] as const satisfies readonly Padding[];

/** The params of Conv1D and Conv2D; the other convolutions pick theirs from here. */
export const CONV_PARAMS = {
  filters: p.int({
    min: 1,
    max: 4096,
    default: 16,
    log: true,
    tunable: true,
    width: true,
    help: 'Number of output channels (feature maps) to learn.',
  }),
  kernelSize: p.int({
    min: 1,
    max: 32,
    default: 3,
    tunable: true,
    help: 'Length of the window along each spatial axis.',
  }),
  strides: p.int({ min: 1, max: 16, default: 1, help: 'Step between window positions; 2 halves each spatial axis.' }),
  padding: p.enum(PADDINGS, {
    default: 'same',
    help: '"same" pads the edges so only the stride shrinks the output; "valid" keeps positions where the window fits.',
  }),
  dilationRate: p.int({
    min: 1,
    max: 16,
    default: 1,
    help: 'Spacing between kernel taps: a wider view, no more weights (needs strides 1).',
  }),
  activation: p.enum(ACTIVATIONS, { default: 'relu', tunable: true, help: 'Function applied to each output.' }),
  useBias: p.bool({ default: true, help: 'Add a learned offset to each output channel.' }),
  ...WEIGHT_PENALTIES,
};

export const DEPTH_MULTIPLIER = p.int({
  min: 1,
  max: 64,
  default: 1,
  help: 'Output channels per input channel of the depthwise step.',
});

/** The axes of a channels-last input, by its number of spatial axes. */
export const CHANNELS_LAST_LAYOUTS = {
  1: ['batch', 'steps', 'channels'],
  2: ['batch', 'height', 'width', 'channels'],
} as const;

export type SpatialRank = keyof typeof CHANNELS_LAST_LAYOUTS;

/** A channels-last input's spatial lengths and (known) channel count, checked. */
export function spatialInput(x: Shape, rank: SpatialRank, what: string): { spatial: Dim[]; channels: number } {
  requireLayout(x, CHANNELS_LAST_LAYOUTS[rank], what);
  return { spatial: x.slice(1, -1), channels: lastDim(x, what) };
}

/**
 * The input's channels and the output's spatial lengths of a convolution, checked. tfjs and Keras
 * both refuse a window that is strided and dilated at once.
 */
export function convGeometry(
  x: Shape,
  rank: SpatialRank,
  window: SlidingWindow,
  what: string,
): { spatial: Dim[]; channels: number } {
  if (window.stride > 1 && window.dilation > 1)
    fail(`${what} cannot combine strides ${window.stride} with dilationRate ${window.dilation}; set one of them to 1`);
  const { spatial, channels } = spatialInput(x, rank, what);
  return { spatial: slideWindow(spatial, window, what), channels };
}

type ConvParams = Infer<typeof CONV_PARAMS>;

interface ConvConfig<T extends string> extends FamilyMember<T> {
  readonly rank: SpatialRank;
  /** The tfjs layer for these args (`tf.layers.conv1d` or `conv2d`). */
  readonly create: (tf: Tf, args: Parameters<Tf['layers']['conv2d']>[0]) => TfLayer;
}

/**
 * A standard convolution over `rank` spatial axes (Keras's `BaseConv`): `filters` kernels of
 * `kernelSize` along every spatial axis, each spanning all input channels.
 */
export function defineConvKind<T extends string>({
  rank,
  create,
  ...member
}: ConvConfig<T>): LayerKind<typeof CONV_PARAMS, T> {
  const { type } = member;
  const geometry = (inputs: readonly Shape[], { kernelSize, strides, padding, dilationRate }: ConvParams) =>
    convGeometry(onlyInput(inputs), rank, { size: kernelSize, stride: strides, padding, dilation: dilationRate }, type);
  return defineLayerKind({
    ...familyIdentity(member, 'convolution'),
    params: CONV_PARAMS,
    arity: { min: 1, max: 1 },
    inferShape: (inputs, params) => [
      ...onlyInput(inputs).slice(0, 1),
      ...geometry(inputs, params).spatial,
      params.filters,
    ],
    paramCount: (inputs, params) => {
      const { filters, kernelSize, useBias } = params;
      return kernelSize ** rank * geometry(inputs, params).channels * filters + (useBias ? filters : 0);
    },
    flops: (inputs, params) => {
      const { spatial, channels } = geometry(inputs, params);
      return 2 * knownProduct(spatial) * params.kernelSize ** rank * channels * params.filters;
    },
    build: (tf, { filters, kernelSize, strides, padding, dilationRate, activation, useBias, ...penalties }, { name }) =>
      applyToOnlyInput(
        create(tf, {
          filters,
          kernelSize,
          strides,
          padding,
          dilationRate,
          activation,
          useBias,
          kernelRegularizer: regularizerOf(tf, penalties),
          name,
        }),
      ),
    toKeras: ({ filters, kernelSize, strides, padding, dilationRate, activation, useBias, ...penalties }, { name }) =>
      `layers.${type}(${filters}, ${kernelSize}, strides=${strides}, padding=${py(padding)}, dilation_rate=${dilationRate}, ` +
      `activation=${py(activation)}, use_bias=${py(useBias)}, ${[...kerasPenaltyArgs(penalties), `name=${py(name)}`].join(', ')})`,
    toTorch: (params, { dim }) => ({
      module:
        `nn.Conv${rank}d(${dim(0, -1)}, ${params.filters}, ${params.kernelSize}, stride=${params.strides}, ` +
        `padding=${torchPaddingArg(params)}, dilation=${params.dilationRate}, bias=${py(params.useBias)})`,
      forward: ([x], self) => torchConvForward(x!, self, params),
      weights: ([kernel, bias]) => [convKernel(kernel!), ...(bias ? [{ ...bias, name: 'bias' }] : [])],
    }),
  });
}

interface TorchConvParams {
  readonly kernelSize: number;
  readonly strides: number;
  readonly padding: Padding;
  readonly dilationRate?: number;
  readonly activation: ActivationName;
}

/**
 * PyTorch's padding argument for a Keras convolution: its own "same" refuses strides, so a
 * strided "same" is padded beforehand (`torchConvForward`) and the module pads nothing.
 */
export function torchPaddingArg({ padding, strides }: Pick<TorchConvParams, 'padding' | 'strides'>): string {
  return py(padding === 'same' && strides > 1 ? 'valid' : padding);
}

/**
 * A convolution module `self` applied to the channels-last `x`: channels first and back, a
 * strided "same" padded as Keras pads it, more after than before (`pad_same`), then activated.
 */
export function torchConvForward(
  x: string,
  self: string,
  { kernelSize, strides, padding, dilationRate = 1, activation }: TorchConvParams,
): string {
  const padded = (first: string) =>
    padding === 'same' && strides > 1 ? `pad_same(${first}, ${kernelSize}, ${strides}, ${dilationRate})` : first;
  return torchActivation(
    activation,
    channelsFirst(x, (first) => `${self}(${padded(first)})`),
  );
}

/** A Keras kernel (spatial…, in, out) as PyTorch's conv weight (out, in, spatial…). */
export function convKernel(kernel: TensorData, name = 'weight'): TensorData {
  const rank = kernel.shape.length - 2;
  return transposed(kernel, [rank + 1, rank, ...Array.from({ length: rank }, (_, axis) => axis)], name);
}
