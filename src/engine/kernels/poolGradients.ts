/**
 * MaxPoolGrad and AvgPoolGrad on wasm, channels-last, as tfjs's cpu kernels define them: the
 * gradients of MaxPooling1D/2D and AveragePooling1D/2D (tfjs runs the 1D ones as 2D). tfjs
 * 4.22's wasm MaxPoolGrad took ~2.4 ms per call on the CNN template's shapes; these search and
 * spread four channels at once (assembly/pool.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { windowGeometry } from './windowGeometry';
import { addressOf, simdKernels, type WasmBackend } from './wasmModule';

interface PoolGradientAttrs {
  readonly filterSize: number | [number, number];
  readonly strides: number | [number, number];
  readonly pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function poolInfo(
  xShape: number[],
  { filterSize, strides, pad, dimRoundingMode }: PoolGradientAttrs,
): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computePool2DInfo(
    xShape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
}

export const maxPoolGradKernel: tf.KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const info = poolInfo(input.shape, attrs as unknown as PoolGradientAttrs);
  const backend = untyped as unknown as WasmBackend;
  const out = backend.makeOutput([...input.shape], 'float32');
  simdKernels().maxPoolGradient(
    addressOf(backend, input),
    addressOf(backend, dy),
    addressOf(backend, out),
    ...windowGeometry(info),
  );
  return out;
};

export const avgPoolGradKernel: tf.KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const info = poolInfo(input.shape, attrs as unknown as PoolGradientAttrs);
  const backend = untyped as unknown as WasmBackend;
  const out = backend.makeOutput([...input.shape], 'float32');
  simdKernels().avgPoolGradient(
    addressOf(backend, dy),
    addressOf(backend, out),
    ...windowGeometry(info),
    1 / (info.filterHeight * info.filterWidth),
  );
  return out;
};
