/**
 * The kernels the engine puts in place on tfjs's wasm backend, where tfjs has none or a slow one.
 * One entry per kernel; each is checked against tfjs's cpu kernel in its own test.
 */
import * as tf from '@tensorflow/tfjs';
import { batchMatMulKernel } from './matMul';
import { startSimdKernels, type WasmBackend } from './wasmModule';

const WASM_KERNELS: readonly Omit<tf.KernelConfig, 'backendName'>[] = [{ kernelName: tf.BatchMatMul, kernelFunc: batchMatMulKernel }];

/**
 * Starts the SIMD kernels on the current backend (wasm), their products shared among `threads`
 * where its memory is shared, and registers them in place of tfjs's own. Throws, saying why, when
 * they cannot start. Calling again is harmless.
 */
export async function registerWasmKernels(threads = 1): Promise<void> {
  await startSimdKernels(tf.backend() as unknown as WasmBackend, threads);
  for (const config of WASM_KERNELS) {
    if (tf.getKernel(config.kernelName, 'wasm')?.kernelFunc === config.kernelFunc) continue;
    if (tf.getKernel(config.kernelName, 'wasm')) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel({ ...config, backendName: 'wasm' });
  }
}
