import { p, type Infer } from '../schema';
import { fail, formatShape, knownProduct, lastDim, type Dim, type Shape } from '../shapes';
import { ACTIVATIONS } from './activations';
import { py, type Tf } from './layerKind';
import { transposed, type TensorData, type TorchContext, type TorchLayer } from './torch';
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

/**
 * The PyTorch twin of the three recurrent layers, as tfjs computes them: Keras's gate order
 * (LSTM i, f, c, o; GRU z, r, h), any activation, one bias per gate, and GRU's reset gate applied
 * to the state before its product (reset_after=False, which nn.GRU cannot do: it has only the
 * other variant). A loop over the steps, so it reads like the equations.
 */
export const TORCH_RECURRENT = `KERAS_ACTIVATIONS = {
    "linear": lambda x: x,
    "relu": torch.relu,
    "relu6": F.relu6,
    "elu": F.elu,
    "selu": F.selu,
    "gelu": F.gelu,
    "swish": F.silu,
    "mish": F.mish,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "softmax": lambda x: torch.softmax(x, dim=-1),
    "softplus": F.softplus,
    "softsign": F.softsign,
}


class Recurrent(nn.Module):
    """Keras's SimpleRNN, LSTM or GRU over (batch, steps, features): the last state (batch, units),
    or every step's (batch, steps, units) with return_sequences."""

    GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}

    def __init__(self, cell, input_size, units, activation="tanh", recurrent_activation="sigmoid", bias=True,
                 return_sequences=False, go_backwards=False):
        super().__init__()
        gates = self.GATES[cell]
        self.cell, self.units = cell, units
        self.activation = KERAS_ACTIVATIONS[activation]
        self.recurrent_activation = KERAS_ACTIVATIONS[recurrent_activation]
        self.return_sequences, self.go_backwards = return_sequences, go_backwards
        self.weight_ih = nn.Parameter(nn.init.xavier_uniform_(torch.empty(gates * units, input_size)))
        self.weight_hh = nn.Parameter(nn.init.orthogonal_(torch.empty(gates * units, units)))
        self.bias = nn.Parameter(torch.zeros(gates * units)) if bias else None

    def forward(self, x):
        if self.go_backwards:
            x = x.flip(1)
        h = x.new_zeros(x.shape[0], self.units)
        c = x.new_zeros(x.shape[0], self.units)
        outputs = []
        for step in range(x.shape[1]):
            inputs = F.linear(x[:, step], self.weight_ih, self.bias)
            if self.cell == "SimpleRNN":
                h = self.activation(inputs + F.linear(h, self.weight_hh))
            elif self.cell == "LSTM":
                i, f, g, o = (inputs + F.linear(h, self.weight_hh)).chunk(4, dim=-1)
                c = self.recurrent_activation(f) * c + self.recurrent_activation(i) * self.activation(g)
                h = self.recurrent_activation(o) * self.activation(c)
            else:
                x_z, x_r, x_h = inputs.chunk(3, dim=-1)
                w_z, w_r, w_h = self.weight_hh.chunk(3, dim=0)
                z = self.recurrent_activation(x_z + F.linear(h, w_z))
                r = self.recurrent_activation(x_r + F.linear(h, w_r))
                h = z * h + (1 - z) * self.activation(x_h + F.linear(r * h, w_h))
            outputs.append(h)
        return torch.stack(outputs, dim=1) if self.return_sequences else h`;

/** The Python arguments of `Recurrent` (TORCH_RECURRENT) after its cell, for these params. */
export function torchRecurrentArgs(
  inputSize: string,
  { units, activation, useBias, returnSequences }: RnnParams,
  recurrentActivation: RecurrentActivation,
): string {
  return (
    `${inputSize}, ${units}, activation=${py(activation)}, recurrent_activation=${py(recurrentActivation)}, ` +
    `bias=${py(useBias)}, return_sequences=${py(returnSequences)}`
  );
}

/** A tfjs recurrent layer's kernel, recurrent kernel and bias as `Recurrent`'s parameters (gates kept in Keras's order). */
export function torchRecurrentWeights([kernel, recurrent, bias]: readonly TensorData[], prefix = ''): TensorData[] {
  return [
    transposed(kernel!, [1, 0], `${prefix}weight_ih`),
    transposed(recurrent!, [1, 0], `${prefix}weight_hh`),
    ...(bias ? [{ ...bias, name: `${prefix}bias` }] : []),
  ];
}

/** The PyTorch twin of a single recurrent layer of `cell`. */
export function torchRecurrentLayer(
  cell: RnnCell,
  params: RnnParams,
  recurrentActivation: RecurrentActivation,
  { dim }: TorchContext,
): TorchLayer {
  return {
    module: `Recurrent(${py(cell)}, ${torchRecurrentArgs(dim(0, -1), params, recurrentActivation)})`,
    forward: ([x], self) => `${self}(${x})`,
    weights: (tfjs) => torchRecurrentWeights(tfjs),
  };
}
