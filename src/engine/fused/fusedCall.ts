/** What the fused layers' calls share: their single input, the backend's kernels, the activation. */
import * as tf from '@tensorflow/tfjs';
import { FUSED_ACTIVATIONS, type FusedActivation } from '../kernels/recurrent';

/** A tfjs-layers activation, as layers hold it. */
export interface Activation {
  getClassName(): string;
  apply(x: tf.Tensor): tf.Tensor;
}

/** The kernels' code of a layer's activation (0, linear, for none), or −1 for one they do not have. */
export function activationCode(activation: Activation | null | undefined): number {
  return activation ? FUSED_ACTIVATIONS.indexOf(activation.getClassName() as FusedActivation) : 0;
}

/** The layer's one input tensor, or undefined when it was called with several. */
export function singleInput(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor | undefined {
  return Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : undefined) : inputs;
}

/** Whether every one of `kernels` is registered for the current backend. */
export function backendHas(...kernels: string[]): boolean {
  const backend = tf.getBackend();
  return kernels.every((kernel) => tf.getKernel(kernel, backend) !== undefined);
}

/**
 * `y` (a fused kernel's output with activation code `code`) through the layer's own activation
 * where the kernel does not have it (code −1: it ran linear), as the layer would apply it.
 */
export function withActivation(y: tf.Tensor, code: number, activation: Activation | null | undefined): tf.Tensor {
  return code < 0 && activation ? activation.apply(y) : y;
}

/**
 * Puts `fused` in place of `layer`'s call. It gets the layer's single input and the layer's
 * fields, and returns undefined wherever the layer's own call must run instead.
 */
export function replaceCall<Fields>(
  layer: tf.layers.Layer,
  fused: (x: tf.Tensor, fields: Fields) => tf.Tensor | undefined,
): void {
  const ownCall = layer.call.bind(layer);
  const fields = layer as unknown as Fields;
  layer.call = (inputs, kwargs) => {
    const x = singleInput(inputs);
    return (x && fused(x, fields)) ?? ownCall(inputs, kwargs);
  };
}
