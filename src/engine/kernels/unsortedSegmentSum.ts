/**
 * UnsortedSegmentSum, the gradient of a gather (and so of every Embedding), as one pass over the
 * data. tfjs 4.22's cpu kernel builds a full-size mask per segment — O(segments × rows) tensor
 * ops, over a second per batch for a 100-token vocabulary — and wasm has no kernel at all, so
 * text models could not train on wasm and crawled on cpu. Registered for both by `registerKernels`.
 */
import * as tf from '@tensorflow/tfjs';

interface SegmentSumInputs {
  /** [rows, ...inner], row-major. */
  readonly values: ArrayLike<number>;
  /** One segment per row (the leading axes of `values` it covers); out-of-range ids add nothing, as in TensorFlow. */
  readonly segmentIds: ArrayLike<number>;
  readonly numSegments: number;
}

/** Sums the rows of `values` into `numSegments` slots by segment id: [numSegments, ...inner]. */
export function segmentSum({ values, segmentIds, numSegments }: SegmentSumInputs): Float32Array {
  const rows = segmentIds.length;
  const inner = rows === 0 ? 0 : values.length / rows;
  const out = new Float32Array(numSegments * inner);
  for (let row = 0; row < rows; row++) {
    const segment = segmentIds[row]!;
    if (segment < 0 || segment >= numSegments) continue;
    const from = row * inner;
    const to = segment * inner;
    for (let j = 0; j < inner; j++) out[to + j]! += values[from + j]!;
  }
  return out;
}

type KernelArgs = Parameters<tf.KernelFunc>[0];

function outputShape(x: tf.TensorInfo, segmentIds: tf.TensorInfo, numSegments: number): number[] {
  return [numSegments, ...x.shape.slice(segmentIds.shape.length)];
}

function sumFrom(args: KernelArgs, read: (info: tf.TensorInfo) => ArrayLike<number>): { shape: number[]; values: Float32Array } {
  const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const { numSegments } = args.attrs as unknown as { numSegments: number };
  const values = segmentSum({ values: read(x), segmentIds: read(segmentIds), numSegments });
  return { shape: outputShape(x, segmentIds, numSegments), values };
}

/** The cpu backend keeps tensors as typed arrays in `data`; `readSync` hands them back without copying. */
const cpuKernel: tf.KernelFunc = (args) => {
  const backend = args.backend as unknown as { readSync(id: tf.DataId): ArrayLike<number>; makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo };
  const { shape, values } = sumFrom(args, (info) => backend.readSync(info.dataId));
  return backend.makeTensorInfo(shape, 'float32', values);
};

/** The wasm backend reads inputs from its heap and allocates outputs there. */
const wasmKernel: tf.KernelFunc = (args) => {
  const backend = args.backend as unknown as {
    readSync(id: tf.DataId): ArrayLike<number>;
    makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
    typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  };
  const { shape, values } = sumFrom(args, (info) => backend.readSync(info.dataId));
  const out = backend.makeOutput(shape, 'float32');
  backend.typedArrayFromHeap(out).set(values);
  return out;
};

/**
 * Puts the one-pass kernel in place on `backend` ('cpu' or 'wasm'), replacing tfjs's own. Call
 * after the backend is registered; calling again is harmless.
 */
export function registerSegmentSumKernel(backend: 'cpu' | 'wasm'): void {
  if (tf.getKernel(tf.UnsortedSegmentSum, backend)) tf.unregisterKernel(tf.UnsortedSegmentSum, backend);
  tf.registerKernel({ kernelName: tf.UnsortedSegmentSum, backendName: backend, kernelFunc: backend === 'cpu' ? cpuKernel : wasmKernel });
}
