/**
 * Conv2DBackpropFilter (the filter gradient of every Conv1D/Conv2D) for the cpu backend, with
 * flat indexing. tfjs 4.22's cpu kernel reads each element through a variadic `TensorBuffer.get`,
 * which made a 16 × 16 × 32 → 64 Conv1D step take half a second; this one is the same sums, in
 * an order that walks memory forwards. Channels-first data goes to tfjs's own kernel.
 */
import * as tf from '@tensorflow/tfjs';

type CpuBackend = {
  readSync(id: tf.DataId): ArrayLike<number>;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
};

interface FilterGradientAttrs {
  readonly strides: number | [number, number];
  readonly pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  readonly dataFormat: 'NHWC' | 'NCHW';
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
  readonly filterShape: [number, number, number, number];
}

/** dW[r, c, i, o] = Σ over batch and output positions of x[b, y·s + r − pad, x·s + c − pad, i] · dy[b, y, x, o]. */
export function filterGradient(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  info: tf.backend_util.Conv2DInfo,
): Float32Array {
  const {
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    outChannels,
    strideHeight,
    strideWidth,
    filterHeight,
    filterWidth,
  } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dW = new Float32Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      for (let yC = 0; yC < outWidth; yC++) {
        const dyAt = ((b * outHeight + yR) * outWidth + yC) * outChannels;
        for (let wR = 0; wR < filterHeight; wR++) {
          const xR = yR * strideHeight + wR - top;
          if (xR < 0 || xR >= inHeight) continue;
          for (let wC = 0; wC < filterWidth; wC++) {
            const xC = yC * strideWidth + wC - left;
            if (xC < 0 || xC >= inWidth) continue;
            const xAt = ((b * inHeight + xR) * inWidth + xC) * inChannels;
            const wAt = (wR * filterWidth + wC) * inChannels * outChannels;
            for (let d1 = 0; d1 < inChannels; d1++) {
              const xv = x[xAt + d1]!;
              if (xv === 0) continue;
              const row = wAt + d1 * outChannels;
              for (let d2 = 0; d2 < outChannels; d2++) dW[row + d2]! += xv * dy[dyAt + d2]!;
            }
          }
        }
      }
    }
  }
  return dW;
}

/** Replaces the cpu backend's Conv2DBackpropFilter; calling again is harmless. */
export function registerFilterGradientKernel(): void {
  const current = tf.getKernel(tf.Conv2DBackpropFilter, 'cpu');
  if (!current || current.kernelFunc === fastKernel) return;
  tfjsKernel = current.kernelFunc;
  tf.unregisterKernel(tf.Conv2DBackpropFilter, 'cpu');
  tf.registerKernel({ kernelName: tf.Conv2DBackpropFilter, backendName: 'cpu', kernelFunc: fastKernel });
}

let tfjsKernel: tf.KernelFunc | undefined;

const fastKernel: tf.KernelFunc = (args) => {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as FilterGradientAttrs;
  if (attrs.dataFormat === 'NCHW') return tfjsKernel!(args);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const backend = args.backend as unknown as CpuBackend;
  const dW = filterGradient(backend.readSync(x.dataId), backend.readSync(dy.dataId), info);
  return backend.makeTensorInfo([...info.filterShape], 'float32', dW);
};
