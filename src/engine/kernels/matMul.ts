/**
 * BatchMatMul on wasm through the engine's SIMD gemm. tfjs 4.22's wasm kernel hands plain
 * products to XNNPACK but computes a transposed operand with a scalar loop: the weight and input
 * gradients of every Dense (Aᵀ·B and A·Bᵀ) ran 5–14× slower than the forward product, and so did
 * attention's q·kᵀ and every recurrent step's gradient. The gemm packs either layout at the same
 * speed. Batch axes broadcast as in tfjs (a size-1 axis repeats).
 */
import * as tf from '@tensorflow/tfjs';
import { addressOf, simdKernels, withScratch, type WasmBackend } from './wasmModule';

interface MatMulAttrs {
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

/** For each output batch, the batch index of a and of b, broadcasting size-1 axes. */
export function broadcastBatches(
  aOuter: readonly number[],
  bOuter: readonly number[],
): { outer: number[]; a: Int32Array; b: Int32Array } {
  const outer = tf.backend_util.assertAndGetBroadcastShape([...aOuter], [...bOuter]);
  const count = outer.reduce((x, y) => x * y, 1);
  const a = new Int32Array(count);
  const b = new Int32Array(count);
  const rank = outer.length;
  const aShape = [...new Array<number>(rank - aOuter.length).fill(1), ...aOuter];
  const bShape = [...new Array<number>(rank - bOuter.length).fill(1), ...bOuter];
  for (let index = 0; index < count; index++) {
    let aIndex = 0;
    let bIndex = 0;
    let stride = 1;
    let aStride = 1;
    let bStride = 1;
    for (let axis = rank - 1; axis >= 0; axis--) {
      const size = outer[axis]!;
      const coordinate = Math.floor(index / stride) % size;
      if (aShape[axis]! > 1) aIndex += coordinate * aStride;
      if (bShape[axis]! > 1) bIndex += coordinate * bStride;
      stride *= size;
      aStride *= aShape[axis]!;
      bStride *= bShape[axis]!;
    }
    a[index] = aIndex;
    b[index] = bIndex;
  }
  return { outer, a, b };
}

export const batchMatMulKernel: tf.KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = attrs as unknown as MatMulAttrs;
  if (a.dtype !== 'float32' || b.dtype !== 'float32')
    throw new Error(`BatchMatMul on wasm takes float32 tensors, not ${a.dtype} and ${b.dtype}.`);
  const backend = untyped as unknown as WasmBackend;
  const [aRows, aCols] = a.shape.slice(-2) as [number, number];
  const [bRows, bCols] = b.shape.slice(-2) as [number, number];
  const [m, k] = transposeA ? [aCols, aRows] : [aRows, aCols];
  const [kB, n] = transposeB ? [bCols, bRows] : [bRows, bCols];
  if (k !== kB)
    throw new Error(
      `Error in matMul: inner shapes (${k}) and (${kB}) of Tensors with shapes ${a.shape} and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
    );
  const batches = broadcastBatches(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const out = backend.makeOutput([...batches.outer, m, n], 'float32');
  const kernels = simdKernels();
  const [aAt, bAt, outAt] = [addressOf(backend, a), addressOf(backend, b), addressOf(backend, out)];
  withScratch(backend, kernels.gemmScratchFloats(m, n, k), (scratch) => {
    for (let batch = 0; batch < batches.a.length; batch++) {
      kernels.gemm(
        m,
        n,
        k,
        aAt + batches.a[batch]! * m * k * 4,
        aCols,
        transposeA,
        bAt + batches.b[batch]! * k * n * 4,
        bCols,
        transposeB,
        outAt + batch * m * n * 4,
        n,
        false,
        scratch,
      );
    }
  });
  return out;
};
