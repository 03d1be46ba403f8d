import { p, type Infer } from '../schema';
import { fail, formatShape, knownProduct, lastDim, type Dim, type Shape } from '../shapes';
import { ACTIVATIONS } from './activations';
import { py, type Tf } from './layerKind';
import { regularizerOf, type WeightPenalties } from './weightPenalties';

/** The params every recurrent kind shares (SimpleRNN, LSTM, GRU, and Bidirectional's inner layer). */
export const RNN_PARAMS = {
  units: p.int({
    min: 1,
    max: 4096,
    default: 32,
    log: true,
    tunable: true,
    width: true,
    help: 'Size of the hidden state, and of the output at each step.',
  }),
  activation: p.enum(ACTIVATIONS, {
    default: 'tanh',
    tunable: true,
    help: 'Function applied to the new hidden state (tanh in Keras).',
  }),
  returnSequences: p.bool({
    default: false,
    help: 'Output the hidden state at every step (batch, steps, units) instead of the last one only (batch, units).',
  }),
  useBias: p.bool({ default: true, help: 'Add a learned offset to each gate.' }),
};

/**
 * The gates' activation of LSTM and GRU. Passed to tfjs explicitly: tfjs defaults to
 * hardSigmoid, Keras to sigmoid, and the two must train the same model.
 */
export const RECURRENT_ACTIVATION = p.enum(ACTIVATIONS, {
  default: 'sigmoid',
  help: 'Function applied to the gates that decide what to keep and forget (sigmoid in Keras).',
});

export type RnnParams = Infer<typeof RNN_PARAMS>;
export type RecurrentActivation = Infer<{ a: typeof RECURRENT_ACTIVATION }>['a'];

/** The recurrent cells, as Keras names them, with the number of weight blocks each learns. */
export const RNN_CELLS = {
  SimpleRNN: { gates: 1 },
  // Input, forget, cell and output gates.
  LSTM: { gates: 4 },
  // Update, reset and candidate; tfjs has only reset_after=False, three biases per unit.
  GRU: { gates: 3 },
} as const;

export type RnnCell = keyof typeof RNN_CELLS;

/** A tfjs recurrent layer, as `tf.layers.bidirectional` takes it. */
export type TfRnn = Parameters<Tf['layers']['bidirectional']>[0]['layer'];

/**
 * The steps and (known) features of a sequence input (batch, steps, features). A recurrent layer
 * is mostly fed token ids (which need an Embedding first) or flat features (which need a Reshape).
 */
export function sequenceInput(x: Shape, what: string): { steps: Dim; features: number } {
  if (x.length !== 3)
    fail(
      `${what} expects a sequence (batch, steps, features): expected ndim=3, found ndim=${x.length}, ` +
        `full shape received ${formatShape(x)}; add an Embedding before it for token ids, ` +
        `or a Reshape to arrange the values as (steps, features)`,
    );
  return { steps: x[1] ?? null, features: lastDim(x, what) };
}

/** (batch, units) for the last step only, (batch, steps, units) with `returnSequences`. */
export function rnnOutputShape(x: Shape, units: number, returnSequences: boolean, what: string): Shape {
  const { steps } = sequenceInput(x, what);
  return returnSequences ? [x[0] ?? null, steps, units] : [x[0] ?? null, units];
}

/** Per gate: a kernel over the features, a recurrent kernel over the state and a bias. */
export function rnnParamCount(cell: RnnCell, x: Shape, units: number, useBias: boolean, what: string): number {
  const { features } = sequenceInput(x, what);
  return RNN_CELLS[cell].gates * units * (features + units + (useBias ? 1 : 0));
}

/**
 * Per example: at each step, every gate multiplies the input by its kernel and the state by its
 * recurrent kernel. An unknown number of steps counts once, so the figure is then per step.
 */
export function rnnFlops(cell: RnnCell, x: Shape, units: number, what: string): number {
  const { steps, features } = sequenceInput(x, what);
  return 2 * knownProduct([steps]) * RNN_CELLS[cell].gates * units * (features + units);
}

/** The Keras arguments every recurrent layer takes, in the order Keras lists them. */
export function rnnKerasArgs(
  { units, activation, useBias, returnSequences }: RnnParams,
  recurrentActivation?: string,
): string[] {
  return [
    String(units),
    `activation=${py(activation)}`,
    ...(recurrentActivation === undefined ? [] : [`recurrent_activation=${py(recurrentActivation)}`]),
    `use_bias=${py(useBias)}`,
    `return_sequences=${py(returnSequences)}`,
  ];
}

/**
 * The tfjs layer for a cell. Every backend can train it: the forward pass and its gradients use
 * BatchMatMul, Transpose, Unpack/Pack, Slice/PadV2, Concat/SplitV, Reverse (the backward half of
 * a Bidirectional), Tile, Sigmoid, Tanh, Add, Sub, Multiply and Sum, all in tfjs-backend-wasm
 * 4.22's kernel list, so no recurrent kind lists wasm in `unsupportedOn`
 * (engine/layerKindsOnWasm.test.ts trains each on wasm).
 */
export function createRnnLayer(
  tf: Tf,
  cell: RnnCell,
  { units, activation, useBias, returnSequences }: RnnParams,
  recurrentActivation: RecurrentActivation,
  name?: string,
  penalties?: WeightPenalties,
): TfRnn {
  const common = {
    units,
    activation,
    useBias,
    returnSequences,
    ...(name === undefined ? {} : { name }),
    // The input kernel only, as Keras's kernel_regularizer; the recurrent kernel is left alone.
    ...(penalties === undefined ? {} : { kernelRegularizer: regularizerOf(tf, penalties) }),
  };
  switch (cell) {
    case 'SimpleRNN':
      return tf.layers.simpleRNN(common);
    case 'LSTM':
      // Keras initialises the forget gate's bias to 1 (unit_forget_bias=True); tfjs does not unless asked.
      return tf.layers.lstm({ ...common, recurrentActivation, unitForgetBias: true });
    case 'GRU':
      return tf.layers.gru({ ...common, recurrentActivation });
  }
}
