/**
 * MultiHeadAttention (model/layers/multiHeadAttention.ts) through the fused attention kernels
 * (kernels/attention.ts): one kernel forward and one backward per call, where the layer's own call
 * runs ~25 and ~50. Dropout while training is drawn as tf.dropout draws it — one uniform tensor
 * from the same Math.random stream, the same arithmetic — so a seeded run drops the same weights
 * fused or not, and repeats. Backends without the kernels (webgpu, webgl) run the layer's own call.
 */
import * as tf from '@tensorflow/tfjs';
import {
  ATTENTION,
  ATTENTION_GRAD,
  ATTENTION_GRAD_INPUTS,
  registerAttentionCpuKernels,
  type AttentionAttrs,
} from '../kernels/attention';
import type { FusedLayer } from './fusedLayer';

/** The layer's getConfig() fields the computation depends on. */
interface AttentionConfig {
  readonly numHeads: number;
  readonly keyDim: number;
  /** 0: as wide as the keys. */
  readonly valueDim: number;
  readonly dropout: number;
  readonly useBias: boolean;
  readonly causal: boolean;
}

/** The layer's weights in their (Keras's) order: per projection the kernel, then the bias when it has one. */
const WEIGHTS_WITH_BIAS = [
  'queryKernel',
  'queryBias',
  'keyKernel',
  'keyBias',
  'valueKernel',
  'valueBias',
  'outputKernel',
  'outputBias',
] as const;
const WEIGHTS_WITHOUT_BIAS = ['queryKernel', 'keyKernel', 'valueKernel', 'outputKernel'] as const;

/** Makes a TensorloomMultiHeadAttention layer compute through the fused kernels where its backend has them. */
export function fuseAttention(layer: tf.layers.Layer): void {
  registerAttentionCpuKernels();
  const config = layer.getConfig() as unknown as AttentionConfig;
  const attrs: AttentionAttrs = {
    numHeads: config.numHeads,
    keyDim: config.keyDim,
    valueDim: config.valueDim === 0 ? config.keyDim : config.valueDim,
    causal: config.causal,
  };
  const ownCall = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => {
    if (!tf.getKernel(ATTENTION, tf.getBackend())) return ownCall(inputs, kwargs);
    return tf.tidy(() => {
      const [query, second] = Array.isArray(inputs) ? inputs : [inputs];
      if (!query) throw new Error('MultiHeadAttention received no inputs');
      const value = second === query ? undefined : second;
      const [batch = 0, querySteps = 0] = query.shape;
      const valueSteps = (value ?? query).shape[1] ?? 0;
      const dropoutMask =
        config.dropout > 0 && kwargs['training'] === true
          ? dropoutMultiplier([batch, attrs.numHeads, querySteps, valueSteps], config.dropout)
          : undefined;
      return attend(
        attrs,
        config.useBias,
        query,
        value,
        layer.weights.map((weight) => weight.read()),
        dropoutMask,
      );
    });
  };
}

/** tf.dropout's multiplier (0 or 1/keep), drawn as tf.dropout draws it. */
function dropoutMultiplier(shape: number[], rate: number): tf.Tensor {
  const keep = 1 - rate;
  return tf.div(tf.floor(tf.add(tf.randomUniform(shape, 0, 1, 'float32'), keep)), keep);
}

function attend(
  attrs: AttentionAttrs,
  useBias: boolean,
  query: tf.Tensor,
  value: tf.Tensor | undefined,
  weights: tf.Tensor[],
  dropoutMask: tf.Tensor | undefined,
): tf.Tensor {
  const named = Object.fromEntries(
    (useBias ? WEIGHTS_WITH_BIAS : WEIGHTS_WITHOUT_BIAS).map((name, i) => [name, weights[i]!]),
  );
  const inputs = { query, ...(value && { value }), ...named, ...(dropoutMask && { dropoutMask }) };
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.at(-1) as tf.GradSaveFunc;
    const [output, q, k, v, probs, mixed] = tf.engine().runKernel(ATTENTION, inputs, { ...attrs }) as tf.Tensor[];
    // The layer's call runs in a tidy: what the gradient reads must be saved (kept) to outlive it.
    const available: Partial<Record<string, tf.Tensor>> = { ...inputs, q, k, v, probs, mixed };
    const names = ATTENTION_GRAD_INPUTS.filter((name) => available[name] !== undefined);
    save(names.map((name) => available[name]!));
    return {
      value: output!,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf
          .engine()
          .runKernel(
            ATTENTION_GRAD,
            { dy, ...Object.fromEntries(names.map((name, i) => [name, saved[i]!])) },
            { numHeads: attrs.numHeads, keyDim: attrs.keyDim, valueDim: attrs.valueDim, useBias },
          ) as tf.Tensor[],
    };
  });
  return op(query, ...(value ? [value] : []), ...weights);
}

/** TensorloomMultiHeadAttention's projections, scores, softmax and mix as one forward and one backward kernel. */
export const fusedAttention: FusedLayer = { className: 'TensorloomMultiHeadAttention', fuse: fuseAttention };
