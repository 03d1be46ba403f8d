/**
 * Categorical cross-entropy, per example, as one kernel forward and one backward, and softmax's
 * gradient as one kernel. tfjs composes the loss from eight ops (normalise, clip, log, multiply,
 * sum, negate …) and their gradients from some thirty more, softmax's from five: for the small
 * models people train here that was a third of a training step's kernels, each paying tfjs's
 * dispatch. Same arithmetic as tfjs's `categoricalCrossentropy` (Keras's: probabilities divided
 * by their sum, clipped to [ε, 1 − ε], ε = 1e-7) and its gradient, to float rounding.
 * On cpu and wasm (plain JavaScript: the arrays are batch × classes); other backends run tfjs's ops.
 */
import * as tf from '@tensorflow/tfjs';
import { heapOf, addressOf, type WasmBackend } from './wasmModule';

const CROSS_ENTROPY = 'TensorloomCategoricalCrossentropy';
const CROSS_ENTROPY_GRAD = 'TensorloomCategoricalCrossentropyGrad';
const SOFTMAX_GRAD = 'TensorloomSoftmaxGrad';

/** tfjs-layers' epsilon(), which its cross-entropy clips with. */
const EPSILON = 1e-7;

/** Where a kernel reads its inputs and writes its output, on the backend it runs on. */
interface Io {
  read(info: tf.TensorInfo): Float32Array;
  output(shape: number[]): { info: tf.TensorInfo; values: Float32Array };
}

type CpuBackend = {
  readSync(id: tf.DataId): Float32Array;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
};

function cpuIo(backend: unknown): Io {
  const cpu = backend as CpuBackend;
  return {
    read: (info) => cpu.readSync(info.dataId),
    output: (shape) => {
      const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
      return { info: cpu.makeTensorInfo(shape, 'float32', values), values };
    },
  };
}

function wasmIo(backend: unknown): Io {
  const wasm = backend as WasmBackend;
  return {
    read: (info) => new Float32Array(heapOf(wasm), addressOf(wasm, info), tf.util.sizeFromShape(info.shape)),
    output: (shape) => {
      const info = wasm.makeOutput(shape, 'float32');
      return { info, values: new Float32Array(heapOf(wasm), addressOf(wasm, info), tf.util.sizeFromShape(shape)) };
    },
  };
}

/** Rows × classes of a [..., classes] tensor. */
function rowsOf(info: tf.TensorInfo): [number, number] {
  const classes = info.shape.at(-1) ?? 1;
  return [tf.util.sizeFromShape(info.shape) / classes, classes];
}

/** loss[r] = −Σ_c yTrue[r, c] · log(clip(yPred[r, c] / Σ yPred[r])). */
function crossEntropy(io: Io, yTrue: tf.TensorInfo, yPred: tf.TensorInfo): tf.TensorInfo {
  const [rows, classes] = rowsOf(yPred);
  const out = io.output(yPred.shape.slice(0, -1));
  // Reads after the output is made: making it may grow (and so move) the wasm heap.
  const [y, p] = [io.read(yTrue), io.read(yPred)];
  for (let r = 0; r < rows; r++) {
    const at = r * classes;
    let sum = 0;
    for (let c = 0; c < classes; c++) sum = Math.fround(sum + p[at + c]!);
    let loss = 0;
    for (let c = 0; c < classes; c++) {
      const q = Math.min(Math.max(Math.fround(p[at + c]! / sum), EPSILON), 1 - EPSILON);
      loss = Math.fround(loss + Math.fround(y[at + c]! * Math.fround(Math.log(q))));
    }
    out.values[r] = -loss;
  }
  return out.info;
}

/**
 * dyPred[r, c] = g[r, c] / S − Σ_k g[r, k] · yPred[r, k] / S², with S = Σ yPred[r] and
 * g = −dy[r] · yTrue / q where q = yPred / S lies within the clip (0 where the clip holds it).
 */
function crossEntropyGrad(io: Io, yTrue: tf.TensorInfo, yPred: tf.TensorInfo, dy: tf.TensorInfo): tf.TensorInfo {
  const [rows, classes] = rowsOf(yPred);
  const out = io.output([...yPred.shape]);
  const [y, p, upstream] = [io.read(yTrue), io.read(yPred), io.read(dy)];
  const g = new Float32Array(classes);
  for (let r = 0; r < rows; r++) {
    const at = r * classes;
    let sum = 0;
    for (let c = 0; c < classes; c++) sum = Math.fround(sum + p[at + c]!);
    let weighted = 0;
    for (let c = 0; c < classes; c++) {
      const q = Math.fround(p[at + c]! / sum);
      g[c] = q >= EPSILON && q <= 1 - EPSILON ? (-upstream[r]! * y[at + c]!) / q : 0;
      weighted += g[c]! * p[at + c]!;
    }
    const shared = weighted / (sum * sum);
    for (let c = 0; c < classes; c++) out.values[at + c] = g[c]! / sum - shared;
  }
  return out.info;
}

/** dLogits[r, c] = y[r, c] · (dy[r, c] − Σ_k dy[r, k] · y[r, k]), softmax's gradient over the last axis. */
function softmaxGrad(io: Io, y: tf.TensorInfo, dy: tf.TensorInfo): tf.TensorInfo {
  const [rows, classes] = rowsOf(y);
  const out = io.output([...y.shape]);
  const [probabilities, upstream] = [io.read(y), io.read(dy)];
  for (let r = 0; r < rows; r++) {
    const at = r * classes;
    let dot = 0;
    for (let c = 0; c < classes; c++) dot += upstream[at + c]! * probabilities[at + c]!;
    for (let c = 0; c < classes; c++) out.values[at + c] = probabilities[at + c]! * (upstream[at + c]! - dot);
  }
  return out.info;
}

type Inputs = Record<string, tf.TensorInfo>;
const kernelsFor = (io: (backend: unknown) => Io): [string, tf.KernelFunc][] => [
  [
    CROSS_ENTROPY,
    ({ inputs, backend }) => crossEntropy(io(backend), (inputs as Inputs)['yTrue']!, (inputs as Inputs)['yPred']!),
  ],
  [
    CROSS_ENTROPY_GRAD,
    ({ inputs, backend }) =>
      crossEntropyGrad(
        io(backend),
        (inputs as Inputs)['yTrue']!,
        (inputs as Inputs)['yPred']!,
        (inputs as Inputs)['dy']!,
      ),
  ],
  [
    SOFTMAX_GRAD,
    ({ inputs, backend }) => softmaxGrad(io(backend), (inputs as Inputs)['y']!, (inputs as Inputs)['dy']!),
  ],
];
const KERNELS: Readonly<Record<string, (backend: unknown) => Io>> = { cpu: cpuIo, wasm: wasmIo };

/**
 * Registers the kernels on `backend` when it is cpu or wasm, and softmax's gradient (global: it
 * runs the one-kernel form where the backend has it, tfjs's ops elsewhere). Calling again is harmless.
 */
export function registerCrossEntropyKernels(backend: string): void {
  const io = KERNELS[backend];
  if (io)
    for (const [kernelName, kernelFunc] of kernelsFor(io))
      if (!tf.getKernel(kernelName, backend)) tf.registerKernel({ kernelName, backendName: backend, kernelFunc });
  tf.registerGradient({
    kernelName: tf.Softmax,
    outputsToSave: [true],
    gradFunc: (dy, [y], attrs) => {
      const { dim } = attrs as unknown as { dim: number };
      const lastAxis = dim === -1 || dim === y!.rank - 1;
      if (lastAxis && tf.getKernel(SOFTMAX_GRAD, tf.getBackend()))
        return { logits: () => tf.engine().runKernel(SOFTMAX_GRAD, { y: y!, dy: dy as tf.Tensor }) as tf.Tensor };
      // tfjs's own formula.
      return {
        logits: () => tf.sub(tf.mul(dy as tf.Tensor, y!), tf.mul(tf.sum(tf.mul(dy as tf.Tensor, y!), [dim], true), y!)),
      };
    },
  });
}

/**
 * Per-example categorical cross-entropy of probabilities `yPred` against targets `yTrue` (one-hot
 * or smoothed), as tf.metrics.categoricalCrossentropy gives it: one kernel each way where the
 * backend has them, tfjs's ops elsewhere.
 */
export function categoricalCrossentropy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  if (!tf.getKernel(CROSS_ENTROPY, tf.getBackend())) return tf.metrics.categoricalCrossentropy(yTrue, yPred);
  const fused = tf.customGrad((target, probabilities, save) => {
    (save as tf.GradSaveFunc)([target as tf.Tensor, probabilities as tf.Tensor]);
    return {
      value: tf
        .engine()
        .runKernel(CROSS_ENTROPY, { yTrue: target as tf.Tensor, yPred: probabilities as tf.Tensor }) as tf.Tensor,
      gradFunc: (dy, [savedTarget, savedProbabilities]) => [
        tf.zerosLike(savedTarget!),
        tf.engine().runKernel(CROSS_ENTROPY_GRAD, { yTrue: savedTarget!, yPred: savedProbabilities!, dy }) as tf.Tensor,
      ],
    };
  });
  return fused(yTrue.dtype === 'float32' ? yTrue : yTrue.toFloat(), yPred);
}
