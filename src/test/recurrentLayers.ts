/**
 * Recurrent layers for the fused kernels' tests: a tfjs LSTM, GRU or SimpleRNN with given
 * options and seeded weights, and what training takes of it (its output and the gradients of
 * its input and weights).
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../data/split';
import { FUSED_ACTIVATIONS, type FusedActivation } from '../engine/kernels/recurrent';
import { randomValues } from './backendAgreement';

export type RecurrentClass = 'LSTM' | 'GRU' | 'SimpleRNN';

export interface RecurrentCase {
  readonly batch: number;
  readonly steps: number;
  readonly features: number;
  readonly units: number;
  readonly returnSequences: boolean;
  readonly goBackwards: boolean;
  readonly useBias: boolean;
  readonly activation: FusedActivation | 'gelu';
  readonly recurrentActivation: FusedActivation | 'gelu';
}

/**
 * Cases over random shapes, one per activation: the i-th has FUSED_ACTIVATIONS[i] as its
 * activation and another one as its recurrent activation; then the edges (batch 1, one step, one
 * unit, units that are not a multiple of 4).
 */
export function recurrentCases(seed: number): RecurrentCase[] {
  const random = mulberry32(seed);
  const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const oneByActivation = FUSED_ACTIVATIONS.map((activation, i) => ({
    batch: int(1, 5),
    steps: int(2, 7),
    features: int(1, 6),
    units: int(1, 10),
    returnSequences: random() < 0.5,
    goBackwards: random() < 0.5,
    useBias: random() < 0.7,
    activation,
    recurrentActivation: FUSED_ACTIVATIONS[(i + 3) % FUSED_ACTIVATIONS.length]!,
  }));
  const base = {
    features: 3,
    returnSequences: false,
    goBackwards: false,
    useBias: true,
    activation: 'tanh',
    recurrentActivation: 'sigmoid',
  } as const;
  return [
    ...oneByActivation,
    { ...base, batch: 1, steps: 5, units: 6, goBackwards: true },
    { ...base, batch: 4, steps: 1, units: 5, returnSequences: true },
    { ...base, batch: 1, steps: 1, units: 1 },
    { ...base, batch: 3, steps: 4, units: 13, returnSequences: true, goBackwards: true, useBias: false },
    { ...base, batch: 2, steps: 9, units: 16, features: 8 },
  ];
}

/**
 * The layer, built for `c`'s input, its weights uniform in [−1, 1) from a seeded stream, matrices
 * scaled by 1/√rows (as Glorot's): the states then neither saturate nor blow up over the steps,
 * where float rounding alone would part two correct kernels.
 */
export function recurrentLayer(className: RecurrentClass, c: RecurrentCase): tf.layers.Layer {
  const options = {
    units: c.units,
    returnSequences: c.returnSequences,
    goBackwards: c.goBackwards,
    useBias: c.useBias,
    activation: c.activation,
  };
  const layer =
    className === 'LSTM'
      ? tf.layers.lstm({ ...options, recurrentActivation: c.recurrentActivation })
      : className === 'GRU'
        ? tf.layers.gru({ ...options, recurrentActivation: c.recurrentActivation })
        : tf.layers.simpleRNN(options);
  tf.tidy(() => {
    layer.apply(tf.zeros([c.batch, c.steps, c.features]));
  });
  layer.setWeights(
    layer.getWeights().map((w, i) => {
      const scale = w.rank === 2 ? 1 / Math.sqrt(w.shape[0]!) : 1;
      return tf.tensor(
        randomValues(w.shape, 100 + i).map((v) => v * scale),
        w.shape,
      );
    }),
  );
  return layer;
}

/**
 * [output, d/dx, d/dkernel, d/drecurrentKernel, d/dbias (with a bias)] of Σ output·w, w seeded:
 * every gradient a training step takes through the layer, from a gradient of the output that
 * differs at every position.
 */
export function outputAndGradients(
  layer: tf.layers.Layer,
  c: RecurrentCase,
  call = (x: tf.Tensor) => layer.apply(x) as tf.Tensor,
): tf.Tensor[] {
  const xShape = [c.batch, c.steps, c.features];
  const x = tf.variable(tf.tensor(randomValues(xShape, 1), xShape));
  const outputShape = c.returnSequences ? [c.batch, c.steps, c.units] : [c.batch, c.units];
  const w = tf.tensor(randomValues(outputShape, 2), outputShape);
  const variables = [x, ...layer.trainableWeights.map((weight) => weight.read() as tf.Variable)];
  let output: tf.Tensor | undefined;
  const { value, grads } = tf.variableGrads(() => {
    output = tf.keep(call(x));
    return tf.sum(tf.mul(output, w));
  }, variables);
  const gradients = variables.map((variable) => grads[variable.name]!);
  tf.dispose([x, w, value]);
  return [output!, ...gradients];
}

/**
 * The same, through the layer's cell called once on zero states: the reference for one step,
 * where tfjs's own layer cannot take gradients (its Unstack of one step has none in tfjs 4.22).
 */
export function oneStepThroughCell(layer: tf.layers.Layer, c: RecurrentCase): tf.Tensor[] {
  const cell = (layer as unknown as { cell: tf.layers.Layer & { stateSize: number | number[] } }).cell;
  const states = Array.isArray(cell.stateSize) ? cell.stateSize.length : 1;
  return outputAndGradients(layer, c, (x) => {
    const step = tf.reshape(x, [c.batch, c.features]);
    const zeros = Array.from({ length: states }, () => tf.zeros([c.batch, c.units]));
    const [h] = cell.call([step, ...zeros], { training: true }) as tf.Tensor[];
    return c.returnSequences ? tf.expandDims(h!, 1) : h!;
  });
}
