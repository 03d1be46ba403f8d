/**
 * Runs the same tfjs computation on the cpu backend and on wasm (with the engine's wasm kernels in
 * place) and returns both results, so a kernel test can hold the wasm kernel to tfjs's cpu one.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mulberry32 } from '../data/split';
import { registerWasmKernels } from '../engine/kernels/wasmKernels';

/** Uniform values in [-1, 1) from a seeded stream, as a plain array (backend-neutral). */
export function randomValues(shape: readonly number[], seed: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random() * 2 - 1);
}

/**
 * `compute` on cpu, then on wasm; each result read back as flat values. `compute` builds its
 * tensors itself (from plain arrays), so each backend holds its own.
 */
export async function onCpuAndWasm(
  compute: () => tf.Tensor | tf.Tensor[],
): Promise<{ cpu: Float32Array[]; wasm: Float32Array[] }> {
  const run = async (backend: 'cpu' | 'wasm') => {
    if (!(await tf.setBackend(backend))) throw new Error(`${backend} did not start`);
    if (backend === 'wasm') await registerWasmKernels();
    const result = tf.tidy(compute);
    const tensors = Array.isArray(result) ? result : [result];
    const values = await Promise.all(tensors.map(async (t) => Float32Array.from(await t.data())));
    tf.dispose(tensors);
    return values;
  };
  const cpu = await run('cpu');
  const wasm = await run('wasm');
  await tf.setBackend('cpu');
  return { cpu, wasm };
}

/** The largest |a − b| over two results' values, relative to the largest |a| (at least 1). */
export function relativeDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let difference = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    difference = Math.max(difference, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(a[i]!));
  }
  return difference / scale;
}
