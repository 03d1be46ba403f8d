/**
 * The kernels the engine puts in place on tfjs's wasm backend, where tfjs has none or a slow one.
 * One entry per kernel; each is checked against tfjs's cpu kernel in its own test.
 */
import * as tf from '@tensorflow/tfjs';
import { ACTIVATION_GRAD, activationGradKernel } from './activationGradient';
import { ADAM_UPDATE, adamUpdateKernel } from './adam';
import { ATTENTION, ATTENTION_GRAD, attentionGradWasmKernel, attentionWasmKernel } from './attention';
import { conv2DBackpropFilterKernel, conv2DBackpropInputKernel, conv2DKernel } from './conv2d';
import {
  CONVOLUTION,
  CONVOLUTION_FILTER_GRAD,
  CONVOLUTION_INPUT_GRAD,
  convolutionFilterGradKernel,
  convolutionGradient,
  convolutionInputGradKernel,
  convolutionKernel,
} from './convolution';
import {
  DENSE,
  DENSE_INPUT_GRAD,
  DENSE_KERNEL_GRAD,
  denseGradient,
  denseInputGradKernel,
  denseKernel,
  denseKernelGradKernel,
} from './dense';
import { depthwiseBackpropFilterKernel, depthwiseBackpropInputKernel } from './depthwiseGradients';
import { EMBEDDING, EMBEDDING_GRAD, embeddingGradient, embeddingGradKernel, embeddingKernel } from './embedding';
import { gatherV2Kernel } from './gather';
import { GRU_KERNELS } from './gru';
import { identityKernel } from './identity';
import { LAYER_NORM, LAYER_NORM_GRAD, layerNormGradKernel, layerNormKernel } from './layerNorm';
import { LSTM_KERNELS } from './lstm';
import { batchMatMulKernel } from './matMul';
import { MAX_GRADIENT, maxGradientKernel, registerMaxGradient } from './maxGradient';
import { avgPoolGradKernel, maxPoolGradKernel } from './poolGradients';
import type { RecurrentKernels } from './recurrent';
import { SIMPLE_RNN_KERNELS } from './simpleRnn';
import { maxKernel, sumKernel } from './reduce';
import { tileKernel } from './tile';
import { startSimdKernels, type WasmBackend } from './wasmModule';

const WASM_KERNELS: readonly Omit<tf.KernelConfig, 'backendName'>[] = [
  { kernelName: tf.BatchMatMul, kernelFunc: batchMatMulKernel },
  { kernelName: tf.Conv2D, kernelFunc: conv2DKernel },
  { kernelName: tf.Conv2DBackpropFilter, kernelFunc: conv2DBackpropFilterKernel },
  { kernelName: tf.Conv2DBackpropInput, kernelFunc: conv2DBackpropInputKernel },
  { kernelName: tf.DepthwiseConv2dNativeBackpropFilter, kernelFunc: depthwiseBackpropFilterKernel },
  { kernelName: tf.DepthwiseConv2dNativeBackpropInput, kernelFunc: depthwiseBackpropInputKernel },
  { kernelName: tf.MaxPoolGrad, kernelFunc: maxPoolGradKernel },
  { kernelName: tf.AvgPoolGrad, kernelFunc: avgPoolGradKernel },
  { kernelName: MAX_GRADIENT, kernelFunc: maxGradientKernel },
  { kernelName: ATTENTION, kernelFunc: attentionWasmKernel },
  { kernelName: ATTENTION_GRAD, kernelFunc: attentionGradWasmKernel },
  { kernelName: tf.Tile, kernelFunc: tileKernel },
  { kernelName: tf.Sum, kernelFunc: sumKernel },
  { kernelName: tf.Max, kernelFunc: maxKernel },
  { kernelName: tf.GatherV2, kernelFunc: gatherV2Kernel },
  { kernelName: ADAM_UPDATE, kernelFunc: adamUpdateKernel },
  { kernelName: tf.Identity, kernelFunc: identityKernel },
  { kernelName: LAYER_NORM, kernelFunc: layerNormKernel },
  { kernelName: LAYER_NORM_GRAD, kernelFunc: layerNormGradKernel },
  { kernelName: ACTIVATION_GRAD, kernelFunc: activationGradKernel },
  { kernelName: DENSE, kernelFunc: denseKernel },
  { kernelName: DENSE_INPUT_GRAD, kernelFunc: denseInputGradKernel },
  { kernelName: DENSE_KERNEL_GRAD, kernelFunc: denseKernelGradKernel },
  { kernelName: CONVOLUTION, kernelFunc: convolutionKernel },
  { kernelName: CONVOLUTION_INPUT_GRAD, kernelFunc: convolutionInputGradKernel },
  { kernelName: CONVOLUTION_FILTER_GRAD, kernelFunc: convolutionFilterGradKernel },
  { kernelName: EMBEDDING, kernelFunc: embeddingKernel },
  { kernelName: EMBEDDING_GRAD, kernelFunc: embeddingGradKernel },
  ...[LSTM_KERNELS, GRU_KERNELS, SIMPLE_RNN_KERNELS].flatMap(recurrentKernelConfigs),
];

/** A fused recurrent cell's forward and backward kernels (kernels/<cell>.ts). */
function recurrentKernelConfigs(kernels: RecurrentKernels): Omit<tf.KernelConfig, 'backendName'>[] {
  return [
    { kernelName: kernels.forward, kernelFunc: kernels.wasm.forward },
    { kernelName: kernels.backward, kernelFunc: kernels.wasm.backward },
  ];
}

/**
 * Starts the SIMD kernels on the current backend (wasm), their products shared among `threads`
 * where its memory is shared, and registers them in place of tfjs's own, with the gradients that
 * reach the ones tfjs never calls itself. Throws, saying why, when they cannot start. Calling
 * again is harmless.
 */
export async function registerWasmKernels(threads = 1): Promise<void> {
  await startSimdKernels(tf.backend() as unknown as WasmBackend, threads);
  for (const config of WASM_KERNELS) {
    if (tf.getKernel(config.kernelName, 'wasm')?.kernelFunc === config.kernelFunc) continue;
    if (tf.getKernel(config.kernelName, 'wasm')) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel({ ...config, backendName: 'wasm' });
  }
  registerMaxGradient();
  // The gradients of the fused layers' kernels, whose forward kernels only wasm has.
  for (const gradient of [denseGradient, convolutionGradient, embeddingGradient]) tf.registerGradient(gradient);
}
