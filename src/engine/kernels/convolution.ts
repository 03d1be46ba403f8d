/**
 * Conv1D and Conv2D on wasm as one kernel forward, y = f(conv(x, W) + b), and at most four
 * backward, one per gradient the tape asks for (fused/convolution.ts puts them in the layers). In
 * training, tfjs runs a Conv1D as reshapes to 2-D around the convolution, a bias add and the
 * activation, each saving its inputs for the tape, and differentiates each: ~30 kernels a layer,
 * most of them moving no data. These take the layer's own ranks (3 for Conv1D, 4 for Conv2D,
 * channels last) and run the SIMD convolutions of ./conv2d.ts on 2-D views of the same memory.
 */
import * as tf from '@tensorflow/tfjs';
import { biasGradient, throughActivation } from './activationGradient';
import { conv2DBackpropFilterKernel, conv2DBackpropInputKernel, conv2DKernel } from './conv2d';
import { addressOf, simdKernels, type WasmBackend } from './wasmModule';

/**
 * Inputs {x, filter, bias?}: x [batch, (height,) width, channels], filter [(height,) width,
 * channels, filters], bias [filters]; attrs ConvolutionAttrs; output y [batch, (outHeight,) outWidth, filters].
 */
export const CONVOLUTION = 'TensorloomConvolution';
/** Inputs {dz, filter}, dz the gradient before the activation; attrs ConvolutionAttrs and {inputShape}; output dx. */
export const CONVOLUTION_INPUT_GRAD = 'TensorloomConvolutionInputGrad';
/** Inputs {x, dz}; attrs ConvolutionAttrs and {filterShape}; output dW. */
export const CONVOLUTION_FILTER_GRAD = 'TensorloomConvolutionFilterGrad';

export interface ConvolutionAttrs {
  /** One per spatial axis of x. */
  readonly strides: number[];
  readonly pad: 'same' | 'valid';
  /** Code of the activation: its index in FUSED_ACTIVATIONS (./recurrent.ts); 0 is linear. */
  readonly activation: number;
}

/** A rank-3 (one spatial axis) shape as the 2-D one of the same memory: a single row of height 1. */
function planar(shape: readonly number[], leading: number): number[] {
  return shape.length === 3 ? [...shape.slice(0, leading), 1, ...shape.slice(leading)] : [...shape];
}

const asImage = (info: tf.TensorInfo, shape = info.shape): tf.TensorInfo => ({ ...info, shape: planar(shape, 1) });
const asFilter = (info: tf.TensorInfo, shape = info.shape): tf.TensorInfo => ({ ...info, shape: planar(shape, 0) });

/** conv2d.ts's attributes for a convolution of `rank`-dimensional data. */
function conv2dAttrs({ strides, pad }: ConvolutionAttrs): tf.NamedAttrMap {
  return { strides: strides.length === 1 ? [1, strides[0]!] : strides, pad, dataFormat: 'NHWC', dilations: [1, 1] };
}

/** `info`'s memory with the layer's own `shape`: the planar kernels' outputs returned at the input's rank. */
const reshaped = (info: tf.TensorInfo, rank: number): tf.TensorInfo =>
  rank === 3 ? { ...info, shape: info.shape.filter((_, axis) => axis !== 1) } : info;

export const convolutionKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, filter, bias } = inputs as { x: tf.TensorInfo; filter: tf.TensorInfo; bias?: tf.TensorInfo };
  const convolution = attrs as unknown as ConvolutionAttrs;
  const y = conv2DKernel({
    inputs: { x: asImage(x), filter: asFilter(filter) },
    backend,
    attrs: conv2dAttrs(convolution),
  }) as tf.TensorInfo;
  const filters = filter.shape.at(-1)!;
  const count = y.shape.reduce((a, b) => a * b, 1);
  if (count > 0) {
    const wasm = backend as unknown as WasmBackend;
    const kernels = simdKernels();
    const yAt = addressOf(wasm, y);
    if (bias) kernels.addRowVector(count / filters, filters, yAt, addressOf(wasm, bias));
    if (convolution.activation !== 0) kernels.activateFloats(convolution.activation, count, yAt);
  }
  return reshaped(y, x.shape.length);
};

export const convolutionInputGradKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dz, filter } = inputs as { dz: tf.TensorInfo; filter: tf.TensorInfo };
  const { inputShape } = attrs as unknown as { inputShape: number[] };
  const planarAttrs = { ...conv2dAttrs(attrs as unknown as ConvolutionAttrs), inputShape: planar(inputShape, 1) };
  const dx = conv2DBackpropInputKernel({
    inputs: { dy: asImage(dz), filter: asFilter(filter) },
    backend,
    attrs: planarAttrs,
  }) as tf.TensorInfo;
  return reshaped(dx, inputShape.length);
};

export const convolutionFilterGradKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dz } = inputs as { x: tf.TensorInfo; dz: tf.TensorInfo };
  const { filterShape } = attrs as unknown as { filterShape: number[] };
  const planarAttrs = { ...conv2dAttrs(attrs as unknown as ConvolutionAttrs), filterShape: planar(filterShape, 0) };
  const dW = conv2DBackpropFilterKernel({
    inputs: { x: asImage(x), dy: asImage(dz) },
    backend,
    attrs: planarAttrs,
  }) as tf.TensorInfo;
  return filterShape.length === 3 ? { ...dW, shape: [...filterShape] } : dW;
};

/** CONVOLUTION's gradient: the activation's once, then each input's on demand. */
export const convolutionGradient: tf.GradConfig = {
  kernelName: CONVOLUTION,
  inputsToSave: ['x', 'filter'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter, y] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
    const convolution = attrs as unknown as ConvolutionAttrs;
    const dz = throughActivation(dy as tf.Tensor, y, convolution.activation);
    const engine = tf.engine();
    const geometry = { strides: convolution.strides, pad: convolution.pad, activation: convolution.activation };
    return {
      x: () =>
        engine.runKernel(CONVOLUTION_INPUT_GRAD, { dz, filter }, { ...geometry, inputShape: x.shape }) as tf.Tensor,
      filter: () =>
        engine.runKernel(CONVOLUTION_FILTER_GRAD, { x, dz }, { ...geometry, filterShape: filter.shape }) as tf.Tensor,
      bias: () => biasGradient(dz),
    };
  },
};
