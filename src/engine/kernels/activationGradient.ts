/**
 * The gradient through an activation, from its output: dz = dy · f′ with f′ taken from y = f(x),
 * as the fused Dense and convolution kernels need it (./dense.ts, ./convolution.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { addressOf, simdKernels, type WasmBackend } from './wasmModule';

/** Inputs {dy, y}; attrs {activation} (its code in FUSED_ACTIVATIONS, ./recurrent.ts); output dz, y's shape. */
export const ACTIVATION_GRAD = 'TensorloomActivationGrad';

export const activationGradKernel: tf.KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const { dy, y } = inputs as { dy: tf.TensorInfo; y: tf.TensorInfo };
  const { activation } = attrs as unknown as { activation: number };
  const backend = untyped as unknown as WasmBackend;
  const dz = backend.makeOutput(y.shape, 'float32');
  const count = y.shape.reduce((a, b) => a * b, 1);
  simdKernels().multiplyByDerivative(
    activation,
    count,
    addressOf(backend, dy),
    addressOf(backend, y),
    addressOf(backend, dz),
  );
  return dz;
};

/** dy through the activation of code `activation` whose output was y: dy itself for linear (0). */
export function throughActivation(dy: tf.Tensor, y: tf.Tensor, activation: number): tf.Tensor {
  return activation === 0 ? dy : (tf.engine().runKernel(ACTIVATION_GRAD, { dy, y }, { activation }) as tf.Tensor);
}

/** A bias's gradient from dz, the gradient after it: dz summed over every axis but the last. */
export function biasGradient(dz: tf.Tensor): tf.Tensor {
  return tf.sum(dz, [...dz.shape.keys()].slice(0, -1));
}
