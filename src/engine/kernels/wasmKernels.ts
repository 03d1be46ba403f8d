/**
 * The kernels the engine puts in place on tfjs's wasm backend, where tfjs has none or a slow one.
 * One entry per kernel; each is checked against tfjs's cpu kernel in its own test.
 */
import * as tf from '@tensorflow/tfjs';
import { ADAM_UPDATE, adamUpdateKernel } from './adam';
import { gatherV2Kernel } from './gather';
import { identityKernel } from './identity';
import { LAYER_NORM, LAYER_NORM_GRAD, layerNormGradKernel, layerNormKernel } from './layerNorm';
import { batchMatMulKernel } from './matMul';
import { sumKernel } from './sum';
import { tileKernel } from './tile';
import { startSimdKernels, type WasmBackend } from './wasmModule';

const WASM_KERNELS: readonly Omit<tf.KernelConfig, 'backendName'>[] = [
  { kernelName: tf.BatchMatMul, kernelFunc: batchMatMulKernel },
  { kernelName: tf.Tile, kernelFunc: tileKernel },
  { kernelName: tf.Sum, kernelFunc: sumKernel },
  { kernelName: tf.GatherV2, kernelFunc: gatherV2Kernel },
  { kernelName: ADAM_UPDATE, kernelFunc: adamUpdateKernel },
  { kernelName: tf.Identity, kernelFunc: identityKernel },
  { kernelName: LAYER_NORM, kernelFunc: layerNormKernel },
  { kernelName: LAYER_NORM_GRAD, kernelFunc: layerNormGradKernel },
];

/**
 * Starts the SIMD kernels on the current backend (wasm) and registers them in place of tfjs's own.
 * Throws, saying why, when they cannot start. Calling again is harmless.
 */
export async function registerWasmKernels(): Promise<void> {
  await startSimdKernels(tf.backend() as unknown as WasmBackend);
  for (const config of WASM_KERNELS) {
    if (tf.getKernel(config.kernelName, 'wasm')?.kernelFunc === config.kernelFunc) continue;
    if (tf.getKernel(config.kernelName, 'wasm')) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel({ ...config, backendName: 'wasm' });
  }
}
