/**
 * DepthwiseConv2dNativeBackpropFilter and DepthwiseConv2dNativeBackpropInput on wasm, channels
 * last: the gradients of DepthwiseConv2D and SeparableConv2D's depthwise step, which tfjs 4.22's
 * wasm backend lacks. Each window's taps are vector products over a pixel's channels
 * (assembly/depthwise.ts); a channel multiplier above 1 runs over each channel's filters instead.
 */
import * as tf from '@tensorflow/tfjs';
import { windowGeometry } from './windowGeometry';
import { addressOf, simdKernels, type WasmBackend } from './wasmModule';

interface DepthwiseGradientAttrs {
  readonly strides: number | [number, number];
  readonly dilations: number | [number, number];
  readonly pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function depthwiseInfo(
  xShape: number[],
  filterShape: number[],
  attrs: DepthwiseGradientAttrs,
): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
}

export const depthwiseBackpropFilterKernel: tf.KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { filterShape, ...rest } = attrs as unknown as DepthwiseGradientAttrs & { filterShape: number[] };
  const info = depthwiseInfo(x.shape, filterShape, rest);
  const backend = untyped as unknown as WasmBackend;
  const out = backend.makeOutput([...filterShape], 'float32');
  simdKernels().depthwiseFilterGradient(
    addressOf(backend, x),
    addressOf(backend, dy),
    addressOf(backend, out),
    ...windowGeometry(info),
    filterShape[3]!,
  );
  return out;
};

export const depthwiseBackpropInputKernel: tf.KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { inputShape, ...rest } = attrs as unknown as DepthwiseGradientAttrs & { inputShape: number[] };
  const info = depthwiseInfo(inputShape, filter.shape, rest);
  const backend = untyped as unknown as WasmBackend;
  const out = backend.makeOutput([...inputShape], 'float32');
  simdKernels().depthwiseInputGradient(
    addressOf(backend, dy),
    addressOf(backend, filter),
    addressOf(backend, out),
    ...windowGeometry(info),
    filter.shape[3]!,
  );
  return out;
};
