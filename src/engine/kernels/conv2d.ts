/**
 * Conv2D, Conv2DBackpropFilter and Conv2DBackpropInput on wasm, channels-last, through the SIMD
 * gemm. The forward pass: tfjs's XNNPACK convolution re-creates its operator whenever the filter
 * is a new tensor, which in training is every step (a Conv1D over 32 tokens took 10–30 ms). The
 * filter gradient of every Conv1D, Conv2D, Conv2DTranspose and SeparableConv2D's pointwise
 * step (tfjs 4.22's wasm backend has no kernel for it, so those layers could not train there),
 * and the input gradient, which is also Conv2DTranspose's forward pass (tfjs's wasm kernel is a
 * scalar loop).
 *
 * With the patch matrix col (one row per output position, the filterHeight × filterWidth ×
 * channels input values its window covers; assembly/conv.ts): y = col·W, dW = colᵀ·dy, and dx is dy·Wᵀ
 * scattered back through col's adjoint. The rows are taken in chunks whose patch matrix stays in
 * cache between its two passes; a 1×1 window with stride 1 and no padding needs no patch matrix
 * (col is x itself).
 */
import * as tf from '@tensorflow/tfjs';
import { windowGeometry } from './windowGeometry';
import { addressOf, simdKernels, withScratch, type WasmBackend } from './wasmModule';

interface ConvAttrs {
  readonly strides: number | [number, number];
  readonly pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  readonly dataFormat: 'NHWC' | 'NCHW';
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
  /** Conv2D's own; its gradients take none (tfjs refuses dilated convolutions' gradients). */
  readonly dilations?: number | [number, number];
}

type Backend = WasmBackend & { typedArrayFromHeap(info: tf.TensorInfo): tf.TypedArray };

/** Floats of patch matrix per chunk: 1 MiB, which stays in cache from im2col to the gemm. */
const CHUNK_FLOATS = 1 << 18;

function convInfo(
  xShape: number[],
  filterShape: number[],
  attrs: ConvAttrs,
  kernel: string,
): tf.backend_util.Conv2DInfo {
  if (attrs.dataFormat === 'NCHW')
    throw new Error(`${kernel} on wasm takes channels-last (NHWC) data, as tfjs layers give it.`);
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
}

/** A window that reads each input position once, in order: the patch matrix is x. */
function isPointwise(info: tf.backend_util.Conv2DInfo): boolean {
  const { filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  return (
    filterHeight === 1 &&
    filterWidth === 1 &&
    strideHeight === 1 &&
    strideWidth === 1 &&
    padInfo.top === 0 &&
    padInfo.left === 0
  );
}

/** How many patch-matrix rows (output positions) each chunk takes. */
function chunkRows(rows: number, patch: number): number {
  return Math.max(1, Math.min(rows, Math.floor(CHUNK_FLOATS / patch)));
}

/** Rounds a float count up to whole 16-byte vectors, so what follows it in scratch stays aligned. */
const aligned = (floats: number) => Math.ceil(floats / 4) * 4;

export const conv2DKernel: tf.KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const { x, filter } = inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const info = convInfo(x.shape, filter.shape, attrs as unknown as ConvAttrs, tf.Conv2D);
  const backend = untyped as unknown as Backend;
  const out = backend.makeOutput([...info.outShape], 'float32');
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const patch = info.filterHeight * info.filterWidth * info.inChannels;
  const outChannels = info.outChannels;
  if (rows === 0) return out;
  const kernels = simdKernels();
  const [xAt, filterAt, outAt] = [addressOf(backend, x), addressOf(backend, filter), addressOf(backend, out)];
  const geometry = windowGeometry(info);
  const pointwise = isPointwise(info);
  const chunk = chunkRows(rows, patch);
  const colFloats = pointwise ? 0 : aligned(chunk * patch);
  withScratch(backend, colFloats + kernels.gemmScratchFloats(chunk, outChannels, patch), (scratch) => {
    for (let first = 0; first < rows; first += chunk) {
      const count = Math.min(chunk, rows - first);
      let col = xAt + first * patch * 4;
      if (!pointwise) {
        col = scratch;
        kernels.im2col(xAt, col, first, count, ...geometry);
      }
      kernels.gemm(
        count,
        outChannels,
        patch,
        col,
        patch,
        false,
        filterAt,
        outChannels,
        false,
        outAt + first * outChannels * 4,
        outChannels,
        false,
        scratch + colFloats * 4,
      );
    }
  });
  return out;
};

export const conv2DBackpropFilterKernel: tf.KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { filterShape, ...rest } = attrs as unknown as ConvAttrs & { filterShape: number[] };
  const info = convInfo(x.shape, filterShape, rest, tf.Conv2DBackpropFilter);
  const backend = untyped as unknown as Backend;
  const out = backend.makeOutput([...filterShape], 'float32');
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const patch = info.filterHeight * info.filterWidth * info.inChannels;
  const outChannels = info.outChannels;
  if (rows === 0) {
    backend.typedArrayFromHeap(out).fill(0);
    return out;
  }
  const kernels = simdKernels();
  const [xAt, dyAt, outAt] = [addressOf(backend, x), addressOf(backend, dy), addressOf(backend, out)];
  const geometry = windowGeometry(info);
  const pointwise = isPointwise(info);
  const chunk = chunkRows(rows, patch);
  const colFloats = pointwise ? 0 : aligned(chunk * patch);
  withScratch(backend, colFloats + kernels.gemmScratchFloats(patch, outChannels, chunk), (scratch) => {
    for (let first = 0; first < rows; first += chunk) {
      const count = Math.min(chunk, rows - first);
      let col = xAt + first * patch * 4;
      if (!pointwise) {
        col = scratch;
        kernels.im2col(xAt, col, first, count, ...geometry);
      }
      kernels.gemm(
        patch,
        outChannels,
        count,
        col,
        patch,
        true,
        dyAt + first * outChannels * 4,
        outChannels,
        false,
        outAt,
        outChannels,
        first > 0,
        scratch + colFloats * 4,
      );
    }
  });
  return out;
};

export const conv2DBackpropInputKernel: tf.KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { inputShape, ...rest } = attrs as unknown as ConvAttrs & { inputShape: number[] };
  const info = convInfo(inputShape, filter.shape, rest, tf.Conv2DBackpropInput);
  const backend = untyped as unknown as Backend;
  const out = backend.makeOutput([...inputShape], 'float32');
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const patch = info.filterHeight * info.filterWidth * info.inChannels;
  const outChannels = info.outChannels;
  const kernels = simdKernels();
  const [dyAt, filterAt, outAt] = [addressOf(backend, dy), addressOf(backend, filter), addressOf(backend, out)];
  if (isPointwise(info)) {
    withScratch(backend, kernels.gemmScratchFloats(rows, patch, outChannels), (scratch) =>
      kernels.gemm(
        rows,
        patch,
        outChannels,
        dyAt,
        outChannels,
        false,
        filterAt,
        outChannels,
        true,
        outAt,
        patch,
        false,
        scratch,
      ),
    );
    return out;
  }
  // Windows overlap (or skip positions): col2im adds into dx, so it starts from zeros.
  backend.typedArrayFromHeap(out).fill(0);
  const geometry = windowGeometry(info);
  const chunk = chunkRows(rows, patch);
  const colFloats = aligned(chunk * patch);
  withScratch(backend, colFloats + kernels.gemmScratchFloats(chunk, patch, outChannels), (scratch) => {
    for (let first = 0; first < rows; first += chunk) {
      const count = Math.min(chunk, rows - first);
      kernels.gemm(
        count,
        patch,
        outChannels,
        dyAt + first * outChannels * 4,
        outChannels,
        false,
        filterAt,
        outChannels,
        true,
        scratch,
        patch,
        false,
        scratch + colFloats * 4,
      );
      kernels.col2im(scratch, outAt, first, count, ...geometry);
    }
  });
  return out;
};
