/**
 * The kernels the engine puts in place on tfjs's wasm backend, where tfjs has none or a slow one.
 * One entry per kernel; each is checked against tfjs's cpu kernel in its own test.
 */
import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilterKernel, conv2DBackpropInputKernel } from './conv2dGradients';
import { depthwiseBackpropFilterKernel, depthwiseBackpropInputKernel } from './depthwiseGradients';
import { batchMatMulKernel } from './matMul';
import { MAX_GRADIENT, maxGradientKernel, registerMaxGradient } from './maxGradient';
import { avgPoolGradKernel, maxPoolGradKernel } from './poolGradients';
import { startSimdKernels, type WasmBackend } from './wasmModule';

const WASM_KERNELS: readonly Omit<tf.KernelConfig, 'backendName'>[] = [
  { kernelName: tf.BatchMatMul, kernelFunc: batchMatMulKernel },
  { kernelName: tf.Conv2DBackpropFilter, kernelFunc: conv2DBackpropFilterKernel },
  { kernelName: tf.Conv2DBackpropInput, kernelFunc: conv2DBackpropInputKernel },
  { kernelName: tf.DepthwiseConv2dNativeBackpropFilter, kernelFunc: depthwiseBackpropFilterKernel },
  { kernelName: tf.DepthwiseConv2dNativeBackpropInput, kernelFunc: depthwiseBackpropInputKernel },
  { kernelName: tf.MaxPoolGrad, kernelFunc: maxPoolGradKernel },
  { kernelName: tf.AvgPoolGrad, kernelFunc: avgPoolGradKernel },
  { kernelName: MAX_GRADIENT, kernelFunc: maxGradientKernel },
];

/**
 * Starts the SIMD kernels on the current backend (wasm) and registers them in place of tfjs's own,
 * with the gradients that reach the ones tfjs never calls itself. Throws, saying why, when they
 * cannot start. Calling again is harmless.
 */
export async function registerWasmKernels(): Promise<void> {
  await startSimdKernels(tf.backend() as unknown as WasmBackend);
  for (const config of WASM_KERNELS) {
    if (tf.getKernel(config.kernelName, 'wasm')?.kernelFunc === config.kernelFunc) continue;
    if (tf.getKernel(config.kernelName, 'wasm')) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel({ ...config, backendName: 'wasm' });
  }
  registerMaxGradient();
}
