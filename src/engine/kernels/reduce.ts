/**
 * Sum and Max on wasm through the engine's SIMD reductions (assembly/reduce.ts). tfjs 4.22's wasm
 * kernels transpose the reduced axes innermost before they reduce, so every sum over a leading
 * axis (each Dense's bias gradient, summed over the batch) or over axes between kept ones (a
 * Tile's gradient) first copied its whole input with a strided transpose: a (1024, 32) bias
 * gradient took ~0.25 ms, and a Text CNN's global max pooling over [32, 32, 64] ~0.35 ms. Here
 * reduced axes that are neighbours, once size-1 axes are set aside, are reduced in place; only
 * reduced axes with kept ones between them are still transposed first.
 */
import * as tf from '@tensorflow/tfjs';
import { addressOf, heapOf, simdKernels, type SimdKernels, type WasmBackend } from './wasmModule';

/** x as [outer, reduce, inner], row-major, with the sum over `reduce`. */
export interface MiddleAxis {
  readonly outer: number;
  readonly reduce: number;
  readonly inner: number;
}

/**
 * The [outer, reduce, inner] view of `shape` summed over `axes`, or undefined when the reduced
 * axes (size-1 ones aside, which add nothing) have kept axes between them.
 */
export function middleAxis(shape: readonly number[], axes: readonly number[]): MiddleAxis | undefined {
  let outer = 1;
  let reduce = 1;
  let inner = 1;
  // 0: before the reduced axes, 1: among them, 2: after them.
  let part = 0;
  for (const [axis, size] of shape.entries()) {
    if (size === 1) continue;
    const reduced = axes.includes(axis);
    if (reduced && part === 2) return undefined;
    if (reduced) part = 1;
    else if (part === 1) part = 2;
    if (part === 0) outer *= size;
    else if (part === 1) reduce *= size;
    else inner *= size;
  }
  return { outer, reduce, inner };
}

type Backend = WasmBackend & Pick<tf.KernelBackend, 'disposeData'>;

/** out[o, i] = the reduction over r of x[o, r, i], on byte addresses (assembly/reduce.ts). */
type MiddleReduction = (outer: number, reduce: number, inner: number, x: number, out: number) => void;

interface Reduction {
  readonly kernelName: string;
  /** The attribute that names the reduced axes. */
  readonly axesAttr: 'axis' | 'reductionIndices';
  readonly float32: (kernels: SimdKernels) => MiddleReduction;
  readonly int32: (kernels: SimdKernels) => MiddleReduction;
  /** What a reduction over no values gives (tfjs's cpu kernels'), or undefined where the SIMD one gives it. */
  readonly empty?: number;
}

function reductionKernel({ kernelName, axesAttr, float32, int32, empty }: Reduction): tf.KernelFunc {
  return ({ inputs, backend: untyped, attrs }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const { keepDims, [axesAttr]: reduced } = attrs as unknown as { keepDims: boolean } & Record<
      typeof axesAttr,
      number | number[]
    >;
    // The ops cast bools to int32 before the kernel runs.
    if (x.dtype !== 'float32' && x.dtype !== 'int32')
      throw new Error(`${kernelName} on wasm takes float32 or int32 tensors, not ${x.dtype}.`);
    const backend = untyped as unknown as Backend;
    const axes = tf.util.parseAxisParam(reduced, x.shape);
    const [outShape] = tf.backend_util.computeOutAndReduceShapes(x.shape, axes);
    const out = backend.makeOutput(keepDims ? tf.backend_util.expandShapeToKeepDim(outShape, axes) : outShape, x.dtype);
    let input = x;
    let view = middleAxis(x.shape, axes);
    if (!view) {
      // Kept axes first, then the reduced ones, which are then neighbours.
      const perm = [...x.shape.keys()].sort((a, b) => Number(axes.includes(a)) - Number(axes.includes(b)));
      input = tf
        .getKernel(tf.Transpose, 'wasm')!
        .kernelFunc({ inputs: { x }, backend: untyped, attrs: { perm } }) as tf.TensorInfo;
      view = middleAxis(
        input.shape,
        [...axes.keys()].map((i) => x.shape.length - axes.length + i),
      )!;
    }
    try {
      if (empty !== undefined && view.reduce === 0) {
        const heap = x.dtype === 'float32' ? new Float32Array(heapOf(backend)) : new Int32Array(heapOf(backend));
        const at = addressOf(backend, out) / 4;
        heap.fill(empty, at, at + view.outer * view.inner);
      } else {
        const reduce = (x.dtype === 'float32' ? float32 : int32)(simdKernels());
        reduce(view.outer, view.reduce, view.inner, addressOf(backend, input), addressOf(backend, out));
      }
    } finally {
      if (input !== x) backend.disposeData(input.dataId);
    }
    return out;
  };
}

export const sumKernel = reductionKernel({
  kernelName: tf.Sum,
  axesAttr: 'axis',
  float32: (k) => k.sumMiddleF32,
  int32: (k) => k.sumMiddleI32,
});

export const maxKernel = reductionKernel({
  kernelName: tf.Max,
  axesAttr: 'reductionIndices',
  float32: (k) => k.maxMiddleF32,
  int32: (k) => k.maxMiddleI32,
  empty: NaN,
});
