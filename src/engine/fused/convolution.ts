/**
 * Conv1D and Conv2D through one forward kernel where the backend has it (wasm:
 * ../kernels/convolution.ts): the convolution, bias and activation in one, and their gradients
 * each in one, at the layer's own rank. An activation the kernel does not have runs as the layer's
 * own after the fused linear part. The layer's own call runs elsewhere, and for what the kernels
 * do not cover: channels-first data, dilation, causal padding.
 */
import * as tf from '@tensorflow/tfjs';
import { CONVOLUTION, CONVOLUTION_FILTER_GRAD, CONVOLUTION_INPUT_GRAD } from '../kernels/convolution';
import type { FusedLayer } from './fusedLayer';
import { activationCode, backendHas, replaceCall, withActivation, type Activation } from './fusedCall';

/** The fields of tfjs-layers' Conv (Conv1D, Conv2D) the fused call reads. */
interface ConvFields {
  readonly rank: number;
  readonly kernel: { read(): tf.Tensor } | null;
  readonly bias: { read(): tf.Tensor } | null;
  readonly activation: Activation | null;
  readonly strides: number[];
  readonly padding: string;
  readonly dataFormat: string;
  readonly dilationRate: number | number[];
}

function fusable(x: tf.Tensor, { rank, kernel, padding, dataFormat, dilationRate }: ConvFields): boolean {
  const undilated = [dilationRate].flat().every((rate) => rate === 1);
  return (
    x.dtype === 'float32' &&
    x.rank === rank + 2 &&
    kernel !== null &&
    (padding === 'same' || padding === 'valid') &&
    dataFormat === 'channelsLast' &&
    undilated &&
    backendHas(CONVOLUTION, CONVOLUTION_INPUT_GRAD, CONVOLUTION_FILTER_GRAD)
  );
}

function fusedConvolution(className: string): FusedLayer {
  return {
    className,
    fuse(layer) {
      replaceCall<ConvFields>(layer, (x, fields) => {
        if (!fusable(x, fields)) return undefined;
        const { kernel, bias, activation, strides, padding } = fields;
        const code = activationCode(activation);
        return tf.tidy(() => {
          const weights = { filter: kernel!.read(), ...(bias ? { bias: bias.read() } : {}) };
          const y = tf
            .engine()
            .runKernel(
              CONVOLUTION,
              { x, ...weights },
              { strides, pad: padding, activation: Math.max(code, 0) },
            ) as tf.Tensor;
          return withActivation(y, code, activation);
        });
      });
    },
  };
}

export const fusedConv1d = fusedConvolution('Conv1D');
export const fusedConv2d = fusedConvolution('Conv2D');
