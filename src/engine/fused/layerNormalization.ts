/**
 * LayerNormalization over the last axis as one forward and one backward kernel where the backend
 * has them (wasm: ../kernels/layerNorm.ts). tfjs's layer computes moments, tiles the mean,
 * variance, scale and offset to the input's shape and batch-normalises: with the gradient about 45
 * kernels a layer, most of them tiny, which on wasm cost more in dispatch than in arithmetic.
 * Elsewhere, and for other axes or a layer without scale or offset, the layer's own call runs.
 */
import * as tf from '@tensorflow/tfjs';
import { LAYER_NORM, LAYER_NORM_GRAD } from '../kernels/layerNorm';
import type { FusedLayer } from './fusedLayer';
import { backendHas, replaceCall } from './fusedCall';

/** The fields of tfjs's LayerNormalization the fused call reads (built: axis resolved to non-negative axes). */
interface LayerNormalizationFields {
  readonly axis: number[];
  readonly epsilon: number;
  readonly gamma: { read(): tf.Tensor } | null;
  readonly beta: { read(): tf.Tensor } | null;
}

/** y = (x − mean) / sqrt(variance + ε) · gamma + beta over x's last axis, with its gradient for x, gamma and beta. */
function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, scale, offset, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const [y, mean, rstd] = tf
      .engine()
      .runKernel(LAYER_NORM, { x: input, gamma: scale, beta: offset }, { epsilon }) as tf.Tensor[];
    save([input, scale, mean!, rstd!]);
    return {
      value: y!,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [savedX, savedGamma, savedMean, savedRstd] = saved;
        return tf
          .engine()
          .runKernel(
            LAYER_NORM_GRAD,
            { dy: dy as tf.Tensor, x: savedX!, gamma: savedGamma!, mean: savedMean!, rstd: savedRstd! },
            {},
          ) as tf.Tensor[];
      },
    };
  });
  return op(x, gamma, beta);
}

export const fusedLayerNormalization: FusedLayer = {
  className: 'LayerNormalization',
  fuse(layer) {
    replaceCall<LayerNormalizationFields>(layer, (x, { axis, gamma, beta, epsilon }) => {
      const fusable =
        x.dtype === 'float32' &&
        gamma &&
        beta &&
        axis.length === 1 &&
        axis[0] === x.rank - 1 &&
        backendHas(LAYER_NORM, LAYER_NORM_GRAD);
      return fusable ? layerNorm(x, gamma.read(), beta.read(), epsilon) : undefined;
    });
  },
};
