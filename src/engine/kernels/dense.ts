/**
 * A Dense layer on wasm as one kernel forward, y = f(x·W + b), and at most four backward, one per
 * gradient the tape asks for (fused/dense.ts puts them in Dense layers). In training, tfjs runs a
 * Dense with an activation as a product, a bias add and the activation, each saving its inputs
 * for the tape, then differentiates them one by one through reshapes and casts: ~16 kernels a
 * layer, which on wasm cost more in dispatch than a small layer's arithmetic. The gradient for x
 * is its own kernel so that a first layer, whose input needs none, never computes it.
 */
import * as tf from '@tensorflow/tfjs';
import { biasGradient, throughActivation } from './activationGradient';
import { addressOf, simdKernels, withScratch, type WasmBackend } from './wasmModule';

/** Inputs {x [..., inputs], kernel [inputs, units], bias? [units]}; attrs DenseAttrs; output y [..., units]. */
export const DENSE = 'TensorloomDense';
/** Inputs {dz, kernel}, dz the gradient before the activation; output dx = dz·Wᵀ, x's shape. */
export const DENSE_INPUT_GRAD = 'TensorloomDenseInputGrad';
/** Inputs {x, dz}; output dW = xᵀ·dz over every row of x, [inputs, units]. */
export const DENSE_KERNEL_GRAD = 'TensorloomDenseKernelGrad';

export interface DenseAttrs {
  /** Code of the activation: its index in FUSED_ACTIVATIONS (./recurrent.ts); 0 is linear. */
  readonly activation: number;
}

/** The number of rows of a tensor whose last axis has `width` values (every other axis flattened). */
function rowsOf(info: tf.TensorInfo, width: number): number {
  return width === 0 ? 0 : info.shape.reduce((a, b) => a * b, 1) / width;
}

/** C[m, n] = A·B through the SIMD gemm, on byte addresses; transA/transB as the gemm takes them. */
function product(
  backend: WasmBackend,
  m: number,
  n: number,
  k: number,
  a: number,
  transA: boolean,
  b: number,
  transB: boolean,
  c: number,
): void {
  const kernels = simdKernels();
  withScratch(backend, kernels.gemmScratchFloats(m, n, k), (scratch) =>
    kernels.gemm(m, n, k, a, transA ? m : k, transA, b, transB ? k : n, transB, c, n, false, scratch),
  );
}

export const denseKernel: tf.KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const { x, kernel, bias } = inputs as { x: tf.TensorInfo; kernel: tf.TensorInfo; bias?: tf.TensorInfo };
  const { activation } = attrs as unknown as DenseAttrs;
  const backend = untyped as unknown as WasmBackend;
  const [features, units] = kernel.shape as [number, number];
  const rows = rowsOf(x, features);
  const y = backend.makeOutput([...x.shape.slice(0, -1), units], 'float32');
  if (rows === 0 || units === 0) return y;
  const yAt = addressOf(backend, y);
  product(backend, rows, units, features, addressOf(backend, x), false, addressOf(backend, kernel), false, yAt);
  const kernels = simdKernels();
  if (bias) kernels.addRowVector(rows, units, yAt, addressOf(backend, bias));
  if (activation !== 0) kernels.activateFloats(activation, rows * units, yAt);
  return y;
};

export const denseInputGradKernel: tf.KernelFunc = ({ inputs, backend: untyped }) => {
  const { dz, kernel } = inputs as { dz: tf.TensorInfo; kernel: tf.TensorInfo };
  const backend = untyped as unknown as WasmBackend;
  const [features, units] = kernel.shape as [number, number];
  const dx = backend.makeOutput([...dz.shape.slice(0, -1), features], 'float32');
  product(
    backend,
    rowsOf(dz, units),
    features,
    units,
    addressOf(backend, dz),
    false,
    addressOf(backend, kernel),
    true,
    addressOf(backend, dx),
  );
  return dx;
};

export const denseKernelGradKernel: tf.KernelFunc = ({ inputs, backend: untyped }) => {
  const { x, dz } = inputs as { x: tf.TensorInfo; dz: tf.TensorInfo };
  const backend = untyped as unknown as WasmBackend;
  const [features, units] = [x.shape.at(-1)!, dz.shape.at(-1)!];
  const dKernel = backend.makeOutput([features, units], 'float32');
  product(
    backend,
    features,
    units,
    rowsOf(x, features),
    addressOf(backend, x),
    true,
    addressOf(backend, dz),
    false,
    addressOf(backend, dKernel),
  );
  return dKernel;
};

/** DENSE's gradient: the activation's once, then each input's on demand. */
export const denseGradient: tf.GradConfig = {
  kernelName: DENSE,
  inputsToSave: ['x', 'kernel'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, kernel, y] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
    const dz = throughActivation(dy as tf.Tensor, y, (attrs as unknown as DenseAttrs).activation);
    const engine = tf.engine();
    return {
      x: () => engine.runKernel(DENSE_INPUT_GRAD, { dz, kernel }) as tf.Tensor,
      kernel: () => engine.runKernel(DENSE_KERNEL_GRAD, { x, dz }) as tf.Tensor,
      bias: () => biasGradient(dz),
    };
  },
};
