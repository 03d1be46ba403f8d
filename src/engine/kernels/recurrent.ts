/**
 * What the fused recurrent kernels (lstm.ts, gru.ts, simpleRnn.ts) share: the activations they
 * apply, their attributes, how a cell's kernels are described, and the plain-JS arithmetic of
 * their cpu versions. Each cell has a forward kernel, which runs every step of the sequence and
 * leaves a tape (the gates and states BPTT needs), and a backward kernel, which takes that tape.
 * Their wasm versions are AssemblyScript (assembly/<cell>.ts) on the same layouts, step for step.
 */
import * as tf from '@tensorflow/tfjs';
import type { RecurrentSimdKernels } from './simdRecurrent';
import { addressOf, simdKernels, withScratch, type WasmBackend } from './wasmModule';

/**
 * The activations the kernels apply, by tfjs's names (`getClassName()`); the index is the code
 * the kernels take. Each has a derivative written from its output, so the backward pass needs
 * only the forward pass's outputs; the rest (gelu, swish, mish, softplus, softmax) stay unfused.
 */
export const FUSED_ACTIVATIONS = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'softsign', 'elu', 'selu'] as const;

export type FusedActivation = (typeof FUSED_ACTIVATIONS)[number];

export interface RecurrentAttrs {
  /** Codes: indices in FUSED_ACTIVATIONS. */
  readonly activation: number;
  readonly recurrentActivation: number;
  /** Take the steps last to first, as tfjs's goBackwards (the backward half of a Bidirectional). */
  readonly goBackwards: boolean;
}

/**
 * A cell's pair of kernels. The forward one takes { x [batch, steps, features], kernel,
 * recurrentKernel, bias? } and returns [hs, ...tape]: hs [batch, steps, units] holds each step's
 * output in the order the steps are taken (tfjs's per-step outputs). The backward one takes
 * { dy, x, kernel, recurrentKernel, hs, ...tape by name, bias? } (bias only to say there is one),
 * dy being the gradient of hs or of the last step's output [batch, units], and returns
 * [dx, dKernel, dRecurrentKernel, dBias?].
 */
export interface RecurrentKernels {
  readonly forward: string;
  readonly backward: string;
  /** The names of the forward kernel's outputs after hs, as the backward kernel's inputs. */
  readonly tape: readonly string[];
  readonly cpu: { readonly forward: tf.KernelFunc; readonly backward: tf.KernelFunc };
  readonly wasm: { readonly forward: tf.KernelFunc; readonly backward: tf.KernelFunc };
}

export interface ForwardInputs {
  readonly x: tf.TensorInfo;
  readonly kernel: tf.TensorInfo;
  readonly recurrentKernel: tf.TensorInfo;
  readonly bias?: tf.TensorInfo;
}

/** Besides these, the tape's tensors by name. */
export interface BackwardInputs extends ForwardInputs {
  readonly dy: tf.TensorInfo;
  readonly hs: tf.TensorInfo;
}

/** The sizes every kernel reads from its inputs. */
export interface RecurrentShape {
  readonly batch: number;
  readonly steps: number;
  readonly features: number;
  readonly units: number;
}

export function recurrentShape(x: tf.TensorInfo, recurrentKernel: tf.TensorInfo): RecurrentShape {
  const [batch, steps, features] = x.shape as [number, number, number];
  return { batch, steps, features, units: recurrentKernel.shape[0]! };
}

// ---- cpu: the same arithmetic in plain JS, summing in double precision as tfjs's cpu kernels do.

type CpuBackend = {
  readSync(id: tf.DataId): ArrayLike<number>;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
};

/** Reads inputs and makes outputs on the cpu backend. */
export function cpuIo(backend: unknown): {
  read(info: tf.TensorInfo): ArrayLike<number>;
  output(shape: number[], values: Float32Array): tf.TensorInfo;
} {
  const cpu = backend as CpuBackend;
  return {
    read: (info) => cpu.readSync(info.dataId),
    output: (shape, values) => cpu.makeTensorInfo(shape, 'float32', values),
  };
}

const { SELU_SCALE, SELU_SCALEALPHA } = tf.backend_util;

/** f(x) for the activation of code `kind` (as assembly/activations.ts). */
export function activate(kind: number, x: number): number {
  switch (FUSED_ACTIVATIONS[kind]) {
    case 'relu':
      return Math.max(x, 0);
    case 'relu6':
      return Math.min(Math.max(x, 0), 6);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-x));
    case 'tanh':
      return Math.tanh(x);
    case 'softsign':
      return x / (1 + Math.abs(x));
    case 'elu':
      return x >= 0 ? x : Math.exp(x) - 1;
    case 'selu':
      return x >= 0 ? SELU_SCALE * x : SELU_SCALEALPHA * (Math.exp(x) - 1);
    default:
      return x;
  }
}

/** f′(x) for the activation of code `kind`, from y = f(x). */
export function derivative(kind: number, y: number): number {
  switch (FUSED_ACTIVATIONS[kind]) {
    case 'relu':
      return y > 0 ? 1 : 0;
    case 'relu6':
      return y > 0 && y < 6 ? 1 : 0;
    case 'sigmoid':
      return y * (1 - y);
    case 'tanh':
      return 1 - y * y;
    case 'softsign':
      return (1 - Math.abs(y)) ** 2;
    case 'elu':
      return y >= 0 ? 1 : y + 1;
    case 'selu':
      return y > 0 ? SELU_SCALE : y + SELU_SCALEALPHA;
    default:
      return 1;
  }
}

/** A matrix in a flat array: its values start at `at`, rows `ld` floats apart; `trans`: stored transposed. */
export interface Operand {
  readonly values: ArrayLike<number>;
  readonly at: number;
  readonly ld: number;
  readonly trans?: boolean;
}

/**
 * C[m, n] = A·B, or += when `accumulate`; as assembly/gemm.ts (A [m, k] or, transposed, [k, m];
 * B [k, n] or [n, k]), on plain arrays with offsets.
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  a: Operand,
  b: Operand,
  c: { values: Float32Array; at: number; ld: number },
  accumulate: boolean,
): void {
  const sums = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    sums.fill(0);
    for (let p = 0; p < k; p++) {
      const aip = a.trans ? a.values[a.at + p * a.ld + i]! : a.values[a.at + i * a.ld + p]!;
      if (aip === 0) continue;
      if (b.trans) for (let j = 0; j < n; j++) sums[j]! += aip * b.values[b.at + j * b.ld + p]!;
      else {
        const row = b.at + p * b.ld;
        for (let j = 0; j < n; j++) sums[j]! += aip * b.values[row + j]!;
      }
    }
    const row = c.at + i * c.ld;
    for (let j = 0; j < n; j++) c.values[row + j] = accumulate ? c.values[row + j]! + sums[j]! : sums[j]!;
  }
}

/** `rows` rows of `width` floats, each a copy of `bias` (zeros without one). */
export function rowsOf(rows: number, width: number, bias: ArrayLike<number> | undefined): Float32Array {
  const out = new Float32Array(rows * width);
  if (bias) for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) out[r * width + j] = bias[j]!;
  return out;
}

/**
 * The gradients of the input projection x·W + b of every step, from dz [batch·steps, width], the
 * gradient of its result: dx = dz·Wᵀ, dKernel = xᵀ·dz and, with a bias, dBias = Σ dz over rows.
 */
export function projectionGradients(
  io: ReturnType<typeof cpuIo>,
  { batch, steps, features }: RecurrentShape,
  width: number,
  x: tf.TensorInfo,
  kernel: tf.TensorInfo,
  hasBias: boolean,
  dz: Float32Array,
): { dx: tf.TensorInfo; dKernel: tf.TensorInfo; dBias: tf.TensorInfo[] } {
  const rows = batch * steps;
  const dx = new Float32Array(rows * features);
  const dKernel = new Float32Array(features * width);
  gemm(
    rows,
    features,
    width,
    { values: dz, at: 0, ld: width },
    { values: io.read(kernel), at: 0, ld: width, trans: true },
    { values: dx, at: 0, ld: features },
    false,
  );
  gemm(
    features,
    width,
    rows,
    { values: io.read(x), at: 0, ld: features, trans: true },
    { values: dz, at: 0, ld: width },
    { values: dKernel, at: 0, ld: width },
    false,
  );
  const dBias = new Float64Array(width);
  if (hasBias) for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) dBias[j]! += dz[r * width + j]!;
  return {
    dx: io.output([batch, steps, features], dx),
    dKernel: io.output([features, width], dKernel),
    dBias: hasBias ? [io.output([width], Float32Array.from(dBias))] : [],
  };
}

/** The step taken `s`-th, in the input's own time order. */
export function timeOf(s: number, steps: number, goBackwards: boolean): number {
  return goBackwards ? steps - 1 - s : s;
}

// ---- wasm: the kernels in ./assembly, on tfjs's memory.

/** A wasm kernel's view of its backend: addresses of inputs, new outputs, scratch. */
export interface WasmIo {
  readonly kernels: RecurrentSimdKernels;
  at(info: tf.TensorInfo | undefined): number;
  output(shape: number[]): { info: tf.TensorInfo; at: number };
  withScratch(floats: number, use: (at: number) => void): void;
}

export function wasmIo(untyped: unknown): WasmIo {
  const backend = untyped as WasmBackend;
  return {
    kernels: simdKernels(),
    // Address 0 is how the kernels are told an optional input (the bias) is absent.
    at: (info) => (info ? addressOf(backend, info) : 0),
    output: (shape) => {
      const info = backend.makeOutput(shape, 'float32');
      return { info, at: addressOf(backend, info) };
    },
    withScratch: (floats, use) => withScratch(backend, floats, use),
  };
}
