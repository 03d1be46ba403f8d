/**
 * UnsortedSegmentSum, the gradient of a gather (and so of every Embedding), as one pass over the
 * data. tfjs 4.22's cpu kernel builds a full-size mask per segment — O(segments × rows) tensor
 * ops, over a second per batch for a 100-token vocabulary — and wasm has no kernel at all, so
 * text models could not train on wasm and crawled on cpu. On WebGPU tfjs's kernel adds every row
 * into its segment with float atomics, in whatever order the GPU runs them: the same seed gave
 * different embedding gradients from one call to the next (measured in SwiftShader), so seeded
 * runs did not repeat. Ours adds each segment's rows in row order, as the cpu one does.
 * Registered for every backend by `registerSegmentSumKernel`.
 */
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import type { BackendName } from '../../model/layers/layerKind';
import { addressOf, heapOf, type WasmBackend } from './wasmModule';

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

function sumFrom(
  args: KernelArgs,
  read: (info: tf.TensorInfo) => ArrayLike<number>,
): { shape: number[]; values: Float32Array } {
  const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const { numSegments } = args.attrs as unknown as { numSegments: number };
  const values = segmentSum({ values: read(x), segmentIds: read(segmentIds), numSegments });
  return { shape: outputShape(x, segmentIds, numSegments), values };
}

/** The cpu backend keeps tensors as typed arrays in `data`; `readSync` hands them back without copying. */
const cpuKernel: tf.KernelFunc = (args) => {
  const backend = args.backend as unknown as {
    readSync(id: tf.DataId): ArrayLike<number>;
    makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
  };
  const { shape, values } = sumFrom(args, (info) => backend.readSync(info.dataId));
  return backend.makeTensorInfo(shape, 'float32', values);
};

/** On wasm the sums read and write the backend's heap in place: no copy of the values or the ids. */
const wasmKernel: tf.KernelFunc = (args) => {
  const backend = args.backend as unknown as WasmBackend;
  const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const { numSegments } = args.attrs as unknown as { numSegments: number };
  if (x.dtype !== 'float32') throw new Error(`UnsortedSegmentSum on wasm sums float32 values, not ${x.dtype}.`);
  const out = backend.makeOutput(outputShape(x, segmentIds, numSegments), 'float32');
  // Views taken after makeOutput, which may grow (and so replace) the heap.
  const heap = heapOf(backend);
  const view = (info: tf.TensorInfo, Type: Float32ArrayConstructor | Int32ArrayConstructor) =>
    new Type(heap, addressOf(backend, info), tf.util.sizeFromShape(info.shape));
  view(out, Float32Array).set(
    segmentSum({ values: view(x, Float32Array), segmentIds: view(segmentIds, Int32Array), numSegments }),
  );
  return out;
};

/**
 * How many threads the WebGPU kernel aims for. Each thread owns some segments of one column and
 * reads every row once, so fewer segments per thread means more threads and more reads in all.
 */
const WEBGPU_THREADS = 16384;
const WORKGROUP_SIZE = 64;

/**
 * One thread per column and block of segments: it zeroes its outputs, then walks the rows in
 * order and adds those of its segments. No two threads write the same output, so no atomics, and
 * every sum is taken in row order whatever the GPU's scheduling.
 */
function segmentSumProgram(outputShape: number[], dtype: 'float32' | 'int32', threads: number): WebGPUProgram {
  const type = dtype === 'float32' ? 'f32' : 'i32';
  return {
    outputShape,
    shaderKey: 'orderedUnsortedSegmentSum',
    variableNames: ['x', 'segmentIds'],
    uniforms: 'rows : i32, inner : i32, numSegments : i32, segmentsPerThread : i32, threads : i32,',
    workgroupSize: [WORKGROUP_SIZE, 1, 1],
    dispatchLayout: { x: outputShape.map((_, axis) => axis) },
    dispatch: [Math.ceil(threads / WORKGROUP_SIZE), 1, 1],
    getUserCode: () => `
      fn main(index : i32) {
        if (index >= uniforms.threads) {
          return;
        }
        let column = index % uniforms.inner;
        let first = (index / uniforms.inner) * uniforms.segmentsPerThread;
        let end = min(first + uniforms.segmentsPerThread, uniforms.numSegments);
        for (var segment = first; segment < end; segment++) {
          result[segment * uniforms.inner + column] = ${type}(0);
        }
        for (var row = 0; row < uniforms.rows; row++) {
          let segment = segmentIds[row];
          if (segment >= first && segment < end) {
            let at = segment * uniforms.inner + column;
            result[at] = result[at] + x[row * uniforms.inner + column];
          }
        }
      }`,
  };
}

const webgpuKernel: tf.KernelFunc = (args) => {
  const backend = args.backend as unknown as WebGPUBackend;
  const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const { numSegments } = args.attrs as unknown as { numSegments: number };
  if (x.dtype !== 'float32' && x.dtype !== 'int32')
    throw new Error(`UnsortedSegmentSum supports float32 and int32, not ${x.dtype}.`);
  const rows = tf.util.sizeFromShape(segmentIds.shape);
  const shape = outputShape(x, segmentIds, numSegments);
  const inner = tf.util.sizeFromShape(shape.slice(1));
  const segmentsPerThread = Math.max(1, Math.ceil((numSegments * inner) / WEBGPU_THREADS));
  const threads = inner * Math.ceil(numSegments / segmentsPerThread);
  const program = segmentSumProgram(shape, x.dtype, threads);
  // One entry per field: tfjs lays out an entry of five numbers as one 16-byte-aligned vector.
  const uniforms = [rows, inner, numSegments, segmentsPerThread, threads].map((value) => ({
    type: 'int32',
    data: [value],
  }));
  return backend.runWebGPUProgram(program, [x, segmentIds], x.dtype, uniforms);
};

const KERNELS: Readonly<Record<BackendName, tf.KernelFunc>> = {
  cpu: cpuKernel,
  wasm: wasmKernel,
  webgpu: webgpuKernel,
};

/**
 * Puts the one-pass kernel in place on `backend`, replacing tfjs's own. Call after the backend
 * is registered; calling again is harmless.
 */
export function registerSegmentSumKernel(backend: BackendName): void {
  if (tf.getKernel(tf.UnsortedSegmentSum, backend)) tf.unregisterKernel(tf.UnsortedSegmentSum, backend);
  tf.registerKernel({ kernelName: tf.UnsortedSegmentSum, backendName: backend, kernelFunc: KERNELS[backend] });
}
