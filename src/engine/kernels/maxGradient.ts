/**
 * The gradient of a Max reduction, as GlobalMaxPooling1D/2D take it, in one pass on wasm. tfjs
 * 4.22's gradient is dy · (x == y) with dy and y broadcast back over the reduced axes; wasm's
 * broadcasting Equal and Multiply walk every element through generic index arithmetic (~4 ms
 * for a [32, 32, 64] input, more than the Text CNN's convolution). Where the reduced axes are
 * contiguous, x is [outer, reduced, inner] and the kernel reads y and dy in place
 * (assembly/reduce.ts). Elsewhere (other backends, scattered axes) the gradient is tfjs's own.
 */
import * as tf from '@tensorflow/tfjs';
import { addressOf, simdKernels, type WasmBackend } from './wasmModule';

/** The kernel the gradient runs where a backend has it (wasm, through the catalog). */
export const MAX_GRADIENT = 'TensorloomMaxGradient';

interface MaxGradientAttrs {
  /** Ascending and contiguous. */
  readonly axes: number[];
}

/** x's shape as [outer, reduced, inner] around contiguous `axes`. */
function around(shape: readonly number[], axes: readonly number[]): [number, number, number] {
  const size = (from: number, to: number) => shape.slice(from, to).reduce((a, b) => a * b, 1);
  return [size(0, axes[0]!), size(axes[0]!, axes.at(-1)! + 1), size(axes.at(-1)! + 1, shape.length)];
}

export const maxGradientKernel: tf.KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const { x, y, dy } = inputs as { x: tf.TensorInfo; y: tf.TensorInfo; dy: tf.TensorInfo };
  const { axes } = attrs as unknown as MaxGradientAttrs;
  const backend = untyped as unknown as WasmBackend;
  const out = backend.makeOutput([...x.shape], 'float32');
  simdKernels().maxGradient(
    addressOf(backend, x),
    addressOf(backend, y),
    addressOf(backend, dy),
    addressOf(backend, out),
    ...around(x.shape, axes),
  );
  return out;
};

/** tfjs's own: dy · (x == y), broadcast over the reduced axes. */
function broadcastGradient(dy: tf.Tensor, x: tf.Tensor, y: tf.Tensor, axes: number[]): tf.Tensor {
  const kept = (t: tf.Tensor) =>
    t.rank < x.rank ? tf.reshape(t, tf.backend_util.expandShapeToKeepDim(t.shape, axes)) : t;
  return tf.mul(kept(dy), tf.cast(tf.equal(x, kept(y)), dy.dtype));
}

/** Replaces tfjs's gradient of Max (the gradient registry is global; again is harmless). */
export function registerMaxGradient(): void {
  tf.registerGradient({
    kernelName: tf.Max,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dyOrDys, saved, attrs) => {
      const dy = dyOrDys as tf.Tensor;
      const [x, y] = saved as [tf.Tensor, tf.Tensor];
      const { reductionIndices } = attrs as unknown as { reductionIndices: number | number[] };
      const axes = tf.util.parseAxisParam(reductionIndices, x.shape).sort((a, b) => a - b);
      const contiguous = axes.every((axis, i) => i === 0 || axis === axes[i - 1]! + 1);
      const fast =
        contiguous &&
        axes.length > 0 &&
        x.dtype === 'float32' &&
        tf.getKernel(MAX_GRADIENT, tf.getBackend()) !== undefined;
      return {
        x: () =>
          fast
            ? (tf.engine().runKernel(MAX_GRADIENT, { x, y, dy }, { axes }) as tf.Tensor)
            : broadcastGradient(dy, x, y, axes),
      };
    },
  });
}
