/**
 * A recurrent layer (LSTM, GRU, SimpleRNN) computing its whole sequence through its cell's two
 * fused kernels (kernels/<cell>.ts): one forward kernel for every step, one backward kernel for
 * BPTT, joined by `tf.customGrad`. tfjs's own call runs each step as a dozen small ops, forwards
 * and backwards, and on a CPU backend their dispatch costs more than their arithmetic.
 *
 * The layer keeps its class, config and weights. Its own call still runs wherever the kernels
 * cannot: on a backend without them (webgpu), with an activation they do not have, or with an
 * option they do not cover (masks, initial states, returned states, statefulness, dropout; the
 * app's layers set none of them, but a layer may).
 */
import * as tf from '@tensorflow/tfjs';
import type { FusedLayer } from './fusedLayer';
import { singleInput } from './fusedCall';
import {
  FUSED_ACTIVATIONS,
  type FusedActivation,
  type RecurrentAttrs,
  type RecurrentKernels,
} from '../kernels/recurrent';

/** What the fused call reads of a tfjs-layers 4.22 recurrent layer and its cell. */
interface RecurrentLayer {
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  readonly cell: {
    readonly activation: Activation;
    /** Absent on SimpleRNN's cell. */
    readonly recurrentActivation?: Activation;
    readonly dropout: number;
    readonly recurrentDropout: number;
    readonly kernel: Weight;
    readonly recurrentKernel: Weight;
    readonly bias: Weight | null;
  };
}

type Kwargs = Parameters<tf.layers.Layer['call']>[1];

interface Activation {
  getClassName(): string;
}

interface Weight {
  read(): tf.Tensor;
}

/** The catalog entry (see ./index.ts) for the tfjs recurrent class `className`, fused by `kernels`. */
export function fusedRecurrent(className: string, kernels: RecurrentKernels): FusedLayer {
  return {
    className,
    fuse(layer) {
      registerCpuKernels(kernels);
      const rnn = layer as unknown as RecurrentLayer;
      const ownCall = layer.call.bind(layer);
      layer.call = (inputs, kwargs) => {
        const x = singleInput(inputs);
        const attrs = x && fusedAttrs(rnn, x, kwargs, kernels);
        return attrs ? tf.tidy(() => fusedCall(rnn, x, attrs, kernels)) : ownCall(inputs, kwargs);
      };
    },
  };
}

/** The cpu kernels are plain JS, so they can be in place before the backend starts; wasm's come with its SIMD module. */
function registerCpuKernels(kernels: RecurrentKernels): void {
  for (const [kernelName, kernelFunc] of [
    [kernels.forward, kernels.cpu.forward],
    [kernels.backward, kernels.cpu.backward],
  ] as const) {
    if (!tf.getKernel(kernelName, 'cpu')) tf.registerKernel({ kernelName, backendName: 'cpu', kernelFunc });
  }
}

/** The kernels' attributes, or undefined where the layer's own call must run. */
function fusedAttrs(
  rnn: RecurrentLayer,
  x: tf.Tensor,
  kwargs: Kwargs | undefined,
  kernels: RecurrentKernels,
): RecurrentAttrs | undefined {
  const backend = tf.getBackend();
  if (!tf.getKernel(kernels.forward, backend) || !tf.getKernel(kernels.backward, backend)) return undefined;
  if (x.rank !== 3 || x.dtype !== 'float32' || x.size === 0) return undefined;
  if (kwargs?.['mask'] != null || kwargs?.['initialState'] != null) return undefined;
  const { cell } = rnn;
  if (rnn.returnState || rnn.stateful || cell.dropout > 0 || cell.recurrentDropout > 0) return undefined;
  const activation = activationCode(cell.activation);
  // SimpleRNN has no gates; its kernels ignore the recurrent activation.
  const recurrentActivation = cell.recurrentActivation ? activationCode(cell.recurrentActivation) : 0;
  if (activation < 0 || recurrentActivation < 0) return undefined;
  return { activation, recurrentActivation, goBackwards: rnn.goBackwards };
}

function activationCode(activation: Activation): number {
  return FUSED_ACTIVATIONS.indexOf(activation.getClassName() as FusedActivation);
}

function fusedCall(rnn: RecurrentLayer, x: tf.Tensor, attrs: RecurrentAttrs, kernels: RecurrentKernels): tf.Tensor {
  const { cell } = rnn;
  const bias = cell.bias?.read();
  const sequence = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, kernel, recurrentKernel, biasInput] = args as tf.Tensor[];
    const save = args.at(-1) as tf.GradSaveFunc;
    const weights = { kernel: kernel!, recurrentKernel: recurrentKernel!, ...(bias ? { bias: biasInput! } : {}) };
    const [hs, ...tape] = tf
      .engine()
      .runKernel(kernels.forward, { x: x!, ...weights }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    // Layer inputs other than weights do not outlive the forward pass unless saved.
    save([x!, hs!, ...tape]);
    const [batch, steps] = x!.shape;
    const units = recurrentKernel!.shape[0]!;
    return {
      value: rnn.returnSequences
        ? hs!
        : tf.reshape(tf.slice(hs!, [0, steps! - 1, 0], [batch!, 1, units]), [batch!, units]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedX, savedHs, ...savedTape] = saved;
        const inputs = {
          dy,
          x: savedX!,
          hs: savedHs!,
          ...weights,
          ...Object.fromEntries(kernels.tape.map((name, i) => [name, savedTape[i]!])),
        };
        return tf.engine().runKernel(kernels.backward, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      },
    };
  });
  return sequence(x, cell.kernel.read(), cell.recurrentKernel.read(), ...(bias ? [bias] : []));
}
