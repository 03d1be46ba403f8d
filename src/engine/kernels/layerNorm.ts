/**
 * Layer normalisation over the last axis on wasm (assembly/layerNorm.ts), forward and backward
 * each one kernel; src/engine/fused/layerNormalization.ts puts them in LayerNormalization layers.
 */
import type * as tf from '@tensorflow/tfjs';
import { addressOf, simdKernels, type WasmBackend } from './wasmModule';

/** Inputs {x, gamma, beta} (gamma and beta: [width], x's last axis); attrs {epsilon}; outputs [y, mean, rstd], one mean and rstd per row. */
export const LAYER_NORM = 'TensorloomLayerNorm';
/** Inputs {dy, x, gamma, mean, rstd} (as LAYER_NORM took and gave them); outputs [dx, dgamma, dbeta]. */
export const LAYER_NORM_GRAD = 'TensorloomLayerNormGrad';

function rowsOf(x: tf.TensorInfo): { rows: number; width: number } {
  const width = x.shape.at(-1) ?? 1;
  return { rows: width === 0 ? 0 : x.shape.reduce((a, b) => a * b, 1) / width, width };
}

export const layerNormKernel: tf.KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const { x, gamma, beta } = inputs as Record<'x' | 'gamma' | 'beta', tf.TensorInfo>;
  const { epsilon } = attrs as unknown as { epsilon: number };
  const backend = untyped as unknown as WasmBackend;
  const { rows, width } = rowsOf(x);
  const outputs = [
    backend.makeOutput(x.shape, 'float32'),
    backend.makeOutput([rows], 'float32'),
    backend.makeOutput([rows], 'float32'),
  ];
  const [y, mean, rstd] = outputs.map((info) => addressOf(backend, info)) as [number, number, number];
  simdKernels().layerNormForward(
    rows,
    width,
    addressOf(backend, x),
    addressOf(backend, gamma),
    addressOf(backend, beta),
    epsilon,
    y,
    mean,
    rstd,
  );
  return outputs;
};

export const layerNormGradKernel: tf.KernelFunc = ({ inputs, backend: untyped }) => {
  const { dy, x, gamma, mean, rstd } = inputs as Record<'dy' | 'x' | 'gamma' | 'mean' | 'rstd', tf.TensorInfo>;
  const backend = untyped as unknown as WasmBackend;
  const { rows, width } = rowsOf(x);
  const outputs = [
    backend.makeOutput(x.shape, 'float32'),
    backend.makeOutput(gamma.shape, 'float32'),
    backend.makeOutput(gamma.shape, 'float32'),
  ];
  const [dx, dgamma, dbeta] = outputs.map((info) => addressOf(backend, info)) as [number, number, number];
  const at = (info: tf.TensorInfo) => addressOf(backend, info);
  simdKernels().layerNormBackward(rows, width, at(dy), at(x), at(gamma), at(mean), at(rstd), dx, dgamma, dbeta);
  return outputs;
};
