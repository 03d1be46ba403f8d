/**
 * Tile on wasm as block copies over the backend's heap. tfjs 4.22's wasm kernel works out every
 * output element's source index one by one; LayerNormalization tiles its mean, variance, scale and
 * offset to the input's shape on every call, so a Transformer block's two LayerNormalizations
 * spent ~1.4 ms per Tile of a (64, 16, 32) batch, eight a step: about a third of the step. Here
 * each copy of a row is one `fill` or `set`, and each copy of a larger block one `copyWithin`.
 */
import type * as tf from '@tensorflow/tfjs';
import { addressOf, heapOf, type WasmBackend } from './wasmModule';

/**
 * Shape and reps with neighbouring axes merged where the copy pattern allows: axes that are not
 * repeated, and axes of size 1, repeat as one. Fewer, longer axes mean fewer, longer copies.
 */
export function mergedAxes(shape: readonly number[], reps: readonly number[]): { shape: number[]; reps: number[] } {
  const merged = { shape: [] as number[], reps: [] as number[] };
  shape.forEach((size, axis) => {
    const copies = reps[axis]!;
    if (size === 1 && copies === 1) return;
    const last = merged.shape.length - 1;
    if (last >= 0 && copies === 1 && merged.reps[last] === 1) merged.shape[last]! *= size;
    else if (last >= 0 && size === 1 && merged.shape[last] === 1) merged.reps[last]! *= copies;
    else {
      merged.shape.push(size);
      merged.reps.push(copies);
    }
  });
  return merged;
}

/** Repeats heap[at, at + length) right after itself until `copies` copies stand there, doubling the span copied each time. */
function repeatBlock(heap: Int32Array | Uint8Array, at: number, length: number, copies: number): void {
  const total = length * copies;
  for (let done = length; done < total; done += Math.min(done, total - done))
    heap.copyWithin(at + done, at, at + Math.min(done, total - done));
}

/**
 * Writes x tiled by `reps` to `out`: element indices into `heap`, shape and reps as `mergedAxes`
 * gives them. Block by block: the copies of x's slice along `axis` are laid out once, then the
 * whole block is repeated.
 */
function tileInto(
  heap: Int32Array | Uint8Array,
  x: number,
  out: number,
  shape: readonly number[],
  reps: readonly number[],
): void {
  const rank = shape.length;
  const xStrides = new Array<number>(rank);
  const outStrides = new Array<number>(rank);
  for (let axis = rank - 1, xStride = 1, outStride = 1; axis >= 0; axis--) {
    xStrides[axis] = xStride;
    outStrides[axis] = outStride;
    xStride *= shape[axis]!;
    outStride *= shape[axis]! * reps[axis]!;
  }
  const visit = (axis: number, from: number, to: number): void => {
    const size = shape[axis]!;
    if (axis === rank - 1) {
      if (size === 1) heap.fill(heap[from]!, to, to + reps[axis]!);
      else {
        heap.copyWithin(to, from, from + size);
        repeatBlock(heap, to, size, reps[axis]!);
      }
      return;
    }
    for (let i = 0; i < size; i++) visit(axis + 1, from + i * xStrides[axis]!, to + i * outStrides[axis]!);
    repeatBlock(heap, to, size * outStrides[axis]!, reps[axis]!);
  };
  if (rank === 0) heap[out] = heap[x]!;
  else visit(0, x, out);
}

export const tileKernel: tf.KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const { x } = inputs as { x: tf.TensorInfo };
  const { reps } = attrs as unknown as { reps: number[] };
  if (x.dtype === 'string' || x.dtype === 'complex64')
    throw new Error(`Tile on wasm takes numbers or bools, not ${x.dtype}.`);
  const backend = untyped as unknown as WasmBackend;
  const out = backend.makeOutput(
    x.shape.map((size, axis) => size * reps[axis]!),
    x.dtype,
  );
  if (out.shape.some((size) => size === 0)) return out;
  const { shape, reps: merged } = mergedAxes(x.shape, reps);
  // Values are copied as bits: 4-byte types (float32, int32) as ints, so no NaN's payload changes; bools as bytes.
  const bytes = x.dtype === 'bool' ? 1 : 4;
  const heap = bytes === 1 ? new Uint8Array(heapOf(backend)) : new Int32Array(heapOf(backend));
  tileInto(heap, addressOf(backend, x) / bytes, addressOf(backend, out) / bytes, shape, merged);
  return out;
};
