/**
 * Identity on wasm as a second reference to the same data, as the cpu backend's and wasm's own
 * Reshape do. tfjs 4.22's wasm kernel copies the values; and tfjs clones (through Identity) every
 * tensor it saves for the backward pass, so each training step copied its weights and most
 * activations once more: 35 copies an MLP step (its 784 × 256 kernel among them), 131 a
 * Transformer step. No kernel writes into its inputs, so shared data is never changed under a
 * tensor; it is freed when its last tensor is disposed.
 */
import type * as tf from '@tensorflow/tfjs';

export const identityKernel: tf.KernelFunc = ({ inputs, backend }) => {
  const { x } = inputs as { x: tf.TensorInfo };
  (backend as Pick<tf.KernelBackend, 'incRef'>).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};
