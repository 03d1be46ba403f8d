/**
 * The engine's own SIMD kernels (./assembly, compiled by build/wasmKernels.ts), instantiated on
 * the memory of tfjs's wasm backend: they read their inputs and write their outputs where tfjs
 * keeps the tensors, with no copy on either side. Kernels registered for 'wasm' reach them
 * through `simdKernels()`. On tfjs's multi-threaded backend the memory is shared: the build for
 * shared memory runs there, and large products are shared with helper threads (kernelThreads.ts)
 * inside `gemm` itself, so every caller of `gemm` gets them.
 */
import type * as tf from '@tensorflow/tfjs';
import bytes, { sharedMemory as sharedMemoryBytes } from 'virtual:wasm-kernels';
import { spawnHelperWorker, type HelperThread } from './kernelThreads';
import type { RecurrentSimdKernels } from './simdRecurrent';
import type { WindowGeometry } from './windowGeometry';

/** The exports of ./assembly/index.ts; pointers are byte addresses in the backend's memory. */
export interface SimdKernels extends RecurrentSimdKernels {
  gemmScratchFloats(m: number, n: number, k: number): number;
  gemm(
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    transA: boolean,
    b: number,
    ldb: number,
    transB: boolean,
    c: number,
    ldc: number,
    accumulate: boolean,
    scratch: number,
  ): void;
  addRowVector(rows: number, cols: number, x: number, vector: number): void;
  activateFloats(kind: number, count: number, x: number): void;
  multiplyByDerivative(kind: number, count: number, dy: number, y: number, out: number): void;
  scaleFloats(count: number, x: number, factor: number): void;
  multiplyFloats(count: number, x: number, y: number, out: number): void;
  sumRows(rows: number, cols: number, x: number, out: number): void;
  softmaxRows(rows: number, cols: number, x: number, causalPeriod: number): void;
  softmaxGradRows(rows: number, cols: number, p: number, dp: number): void;
  im2col(x: number, col: number, first: number, rows: number, ...geometry: WindowGeometry): void;
  col2im(col: number, dx: number, first: number, rows: number, ...geometry: WindowGeometry): void;
  depthwiseFilterGradient(
    x: number,
    dy: number,
    dW: number,
    ...geometryAndMultiplier: [...WindowGeometry, number]
  ): void;
  depthwiseInputGradient(
    dy: number,
    filter: number,
    dx: number,
    ...geometryAndMultiplier: [...WindowGeometry, number]
  ): void;
  maxPoolGradient(x: number, dy: number, dx: number, ...geometry: WindowGeometry): void;
  avgPoolGradient(dy: number, dx: number, ...geometryAndScale: [...WindowGeometry, number]): void;
  maxGradient(x: number, y: number, dy: number, dx: number, outer: number, reduced: number, inner: number): void;
  sumMiddleF32(outer: number, reduce: number, inner: number, x: number, out: number): void;
  sumMiddleI32(outer: number, reduce: number, inner: number, x: number, out: number): void;
  gatherRows(ids: number, intIds: boolean, count: number, table: number, dim: number, out: number): void;
  scatterAddRows(
    ids: number,
    intIds: boolean,
    count: number,
    dy: number,
    dim: number,
    vocabulary: number,
    dTable: number,
  ): void;
  maxMiddleF32(outer: number, reduce: number, inner: number, x: number, out: number): void;
  maxMiddleI32(outer: number, reduce: number, inner: number, x: number, out: number): void;
  adamUpdate(
    n: number,
    value: number,
    gradient: number,
    firstMoment: number,
    secondMoment: number,
    newValue: number,
    newFirstMoment: number,
    newSecondMoment: number,
    beta1: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
    oneMinusAccBeta1: number,
    oneMinusAccBeta2: number,
    epsilon: number,
    negativeLearningRate: number,
  ): void;
  layerNormForward(
    rows: number,
    width: number,
    x: number,
    gamma: number,
    beta: number,
    epsilon: number,
    y: number,
    mean: number,
    rstd: number,
  ): void;
  layerNormBackward(
    rows: number,
    width: number,
    dy: number,
    x: number,
    gamma: number,
    mean: number,
    rstd: number,
    dx: number,
    dgamma: number,
    dbeta: number,
  ): void;
}

/** What the kernels need of tfjs's BackendWasm (tfjs-backend-wasm 4.22). */
export interface WasmBackend {
  readonly wasm: {
    _malloc(bytes: number): number;
    _free(pointer: number): void;
    readonly asm?: { readonly memory?: WebAssembly.Memory };
    readonly wasmMemory?: WebAssembly.Memory;
  };
  readonly dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** The exports that share products among threads (./assembly/gemmThreads.ts). */
interface GemmThreadExports {
  gemmControlBytes(): number;
  /** Lets this instance's `gemm` share products with `helpers` threads waiting on the control block at `control`. */
  gemmThreads(control: number, helpers: number): void;
}

/** Whether this browser's WebAssembly runs the kernels: they need 128-bit SIMD. */
export function simdKernelsRunHere(): boolean {
  return WebAssembly.validate(bytes as BufferSource);
}

const compiled = new Map<'unshared' | 'shared', Promise<WebAssembly.Module>>();
let instance:
  { memory: WebAssembly.Memory; kernels: SimdKernels; threads: number; helpers: readonly HelperThread[] } | undefined;

/**
 * Instantiates the kernels on `backend`'s memory; resolves once they can run. On shared memory,
 * products may run on `threads` threads, the caller's included: the helper threads are started
 * and waited for; if one fails to start, none is kept and products run on the caller alone
 * (`simdKernelThreads` tells). Throws, saying why, when the backend's memory cannot be reached.
 * Calling again for the same memory does nothing.
 */
export async function startSimdKernels(backend: WasmBackend, threads = 1): Promise<void> {
  const memory = memoryOf(backend);
  if (instance?.memory === memory) return;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const build = shared ? 'shared' : 'unshared';
  let compiling = compiled.get(build);
  if (!compiling)
    compiled.set(build, (compiling = WebAssembly.compile((shared ? sharedMemoryBytes : bytes) as BufferSource)));
  const module = await compiling;
  const { exports } = await WebAssembly.instantiate(module, { env: { memory } });
  instance?.helpers.forEach((helper) => helper.terminate());
  const kernels = exports as unknown as SimdKernels & GemmThreadExports;
  const helpers =
    shared && threads > 1 ? await startHelpers(backend, memory, module, kernels, Math.floor(threads) - 1) : [];
  instance = { memory, kernels, threads: helpers.length + 1, helpers };
}

/** `count` helpers waiting on a control block in `memory`, handed to `kernels`; none if any fails to start. */
async function startHelpers(
  backend: WasmBackend,
  memory: WebAssembly.Memory,
  module: WebAssembly.Module,
  kernels: GemmThreadExports,
  count: number,
): Promise<HelperThread[]> {
  // Lives as long as the backend's memory: the helpers wait on it until they are terminated.
  const control = align16(backend.wasm._malloc(kernels.gemmControlBytes() + 15));
  new Int32Array(memory.buffer, control, kernels.gemmControlBytes() / 4).fill(0);
  const started = await Promise.allSettled(
    Array.from({ length: count }, (_, helper) => spawnHelperWorker({ module, memory, control, helper })),
  );
  const helpers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  if (helpers.length < count) {
    helpers.forEach((helper) => helper.terminate());
    return [];
  }
  kernels.gemmThreads(control, count);
  return helpers;
}

/** The kernels started by `startSimdKernels`. */
export function simdKernels(): SimdKernels {
  if (!instance) throw new Error('The SIMD kernels were used before the wasm backend started them.');
  return instance.kernels;
}

function memoryOf(backend: WasmBackend): WebAssembly.Memory {
  const memory = backend.wasm.asm?.memory ?? backend.wasm.wasmMemory;
  if (!(memory instanceof WebAssembly.Memory))
    throw new Error('the wasm backend does not expose its memory, so its SIMD kernels cannot run');
  return memory;
}

/**
 * The backend's whole memory, for kernels written in JavaScript over typed views. Take it after
 * `makeOutput`: growing the memory (which an allocation may do) detaches the buffer before.
 */
export function heapOf(backend: WasmBackend): ArrayBuffer {
  return memoryOf(backend).buffer;
}

/** Threads the kernels' products run on (1 until `startSimdKernels` starts helpers). */
export function simdKernelThreads(): number {
  return instance?.threads ?? 1;
}

/** Where a tensor's values start in the backend's memory. */
export function addressOf(backend: WasmBackend, info: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (!data) throw new Error('A tensor passed to a wasm kernel has no data on the wasm backend.');
  return data.memoryOffset;
}

/**
 * Runs `use` with `floats` floats of scratch memory in the backend's heap, 16-byte aligned, and
 * frees it after.
 */
export function withScratch<T>(backend: WasmBackend, floats: number, use: (address: number) => T): T {
  const raw = backend.wasm._malloc(floats * 4 + 16);
  try {
    return use(align16(raw));
  } finally {
    backend.wasm._free(raw);
  }
}

function align16(address: number): number {
  return (address + 15) & ~15;
}
