/**
 * The engine's own SIMD kernels (./assembly, compiled by build/wasmKernels.ts), instantiated on
 * the memory of tfjs's wasm backend: they read their inputs and write their outputs where tfjs
 * keeps the tensors, with no copy on either side. Kernels registered for 'wasm' reach them
 * through `simdKernels()`.
 */
import type * as tf from '@tensorflow/tfjs';
import bytes from 'virtual:wasm-kernels';
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
  scaleFloats(count: number, x: number, factor: number): void;
  multiplyFloats(count: number, x: number, y: number, out: number): void;
  sumRows(rows: number, cols: number, x: number, out: number): void;
  softmaxRows(rows: number, cols: number, x: number, causalPeriod: number): void;
  softmaxGradRows(rows: number, cols: number, p: number, dp: number): void;
  im2col(x: number, col: number, first: number, rows: number, ...geometry: WindowGeometry): void;
  col2im(col: number, dx: number, first: number, rows: number, ...geometry: WindowGeometry): void;
  depthwiseFilterGradient(x: number, dy: number, dW: number, ...geometryAndMultiplier: [...WindowGeometry, number]): void;
  depthwiseInputGradient(dy: number, filter: number, dx: number, ...geometryAndMultiplier: [...WindowGeometry, number]): void;
  maxPoolGradient(x: number, dy: number, dx: number, ...geometry: WindowGeometry): void;
  avgPoolGradient(dy: number, dx: number, ...geometryAndScale: [...WindowGeometry, number]): void;
  maxGradient(x: number, y: number, dy: number, dx: number, outer: number, reduced: number, inner: number): void;
  sumMiddleF32(outer: number, reduce: number, inner: number, x: number, out: number): void;
  sumMiddleI32(outer: number, reduce: number, inner: number, x: number, out: number): void;
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
  layerNormForward(rows: number, width: number, x: number, gamma: number, beta: number, epsilon: number, y: number, mean: number, rstd: number): void;
  layerNormBackward(rows: number, width: number, dy: number, x: number, gamma: number, mean: number, rstd: number, dx: number, dgamma: number, dbeta: number): void;
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

let compiled: Promise<WebAssembly.Module> | undefined;
let instance: { memory: WebAssembly.Memory; kernels: SimdKernels } | undefined;

/**
 * Instantiates the kernels on `backend`'s memory; resolves once they can run. Throws, saying why,
 * when the backend's memory cannot be reached. Calling again for the same memory does nothing.
 */
export async function startSimdKernels(backend: WasmBackend): Promise<void> {
  const memory = memoryOf(backend);
  if (instance?.memory === memory) return;
  compiled ??= WebAssembly.compile(bytes as BufferSource);
  const module = await WebAssembly.instantiate(await compiled, { env: { memory } });
  instance = { memory, kernels: module.exports as unknown as SimdKernels };
}

/** The kernels started by `startSimdKernels`. */
export function simdKernels(): SimdKernels {
  if (!instance) throw new Error('The SIMD kernels were used before the wasm backend started them.');
  return instance.kernels;
}

function memoryOf(backend: WasmBackend): WebAssembly.Memory {
  const memory = backend.wasm.asm?.memory ?? backend.wasm.wasmMemory;
  if (!(memory instanceof WebAssembly.Memory)) throw new Error('the wasm backend does not expose its memory, so its SIMD kernels cannot run');
  return memory;
}

/**
 * The backend's whole memory, for kernels written in JavaScript over typed views. Take it after
 * `makeOutput`: growing the memory (which an allocation may do) detaches the buffer before.
 */
export function heapOf(backend: WasmBackend): ArrayBuffer {
  return memoryOf(backend).buffer;
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
    return use((raw + 15) & ~15);
  } finally {
    backend.wasm._free(raw);
  }
}
