/**
 * Dense through one forward kernel where the backend has it (wasm: ../kernels/dense.ts): the
 * product, bias and activation in one, and their gradients each in one. An activation the kernel
 * does not have (softmax, gelu, …) runs as the layer's own after the fused linear part. Elsewhere
 * the layer's own call runs.
 */
import * as tf from '@tensorflow/tfjs';
import { DENSE, DENSE_INPUT_GRAD, DENSE_KERNEL_GRAD } from '../kernels/dense';
import type { FusedLayer } from './fusedLayer';
import { activationCode, backendHas, replaceCall, withActivation, type Activation } from './fusedCall';

/** The fields of tfjs's Dense the fused call reads. */
interface DenseFields {
  readonly kernel: { read(): tf.Tensor } | null;
  readonly bias: { read(): tf.Tensor } | null;
  readonly activation: Activation | null;
}

export const fusedDense: FusedLayer = {
  className: 'Dense',
  fuse(layer) {
    replaceCall<DenseFields>(layer, (x, { kernel, bias, activation }) => {
      if (x.dtype !== 'float32' || !kernel || !backendHas(DENSE, DENSE_INPUT_GRAD, DENSE_KERNEL_GRAD)) return undefined;
      const code = activationCode(activation);
      return tf.tidy(() => {
        const weights = { kernel: kernel.read(), ...(bias ? { bias: bias.read() } : {}) };
        const y = tf.engine().runKernel(DENSE, { x, ...weights }, { activation: Math.max(code, 0) }) as tf.Tensor;
        return withActivation(y, code, activation);
      });
    });
  },
};
