import { p } from '../schema';
import { withLastDim } from '../shapes';
import { kerasParams, own } from './kerasConfig';
import { defineLayerKind, onlyInput, py, type KerasConfig, type SymbolicTensor } from './layerKind';
import {
  createRnnLayer,
  RECURRENT_ACTIVATION,
  RNN_PARAMS,
  rnnFlops,
  rnnKerasArgs,
  rnnOutputShape,
  rnnParamCount,
  type RnnCell,
  torchRecurrentArgs,
  torchRecurrentWeights,
  TORCH_RECURRENT,
} from './rnnBase';

/** The wrapped layer, by the name of its tfjs factory. */
const WRAPPED = ['simpleRNN', 'lstm', 'gru'] as const;
const CELL_OF: Record<(typeof WRAPPED)[number], RnnCell> = { simpleRNN: 'SimpleRNN', lstm: 'LSTM', gru: 'GRU' };

/** How the forward and backward outputs are combined; Keras and tfjs share the names. */
const MERGE_MODES = ['concat', 'sum', 'mul', 'ave'] as const;

export const bidirectional = defineLayerKind({
  type: 'Bidirectional',
  label: 'Bidirectional',
  category: 'recurrent',
  doc: {
    summary:
      'Runs a recurrent layer forwards and a copy backwards over the steps and merges both: (batch, steps, features) → (batch, 2·units) by concat.',
    keras: 'https://keras.io/api/layers/recurrent_layers/bidirectional/',
  },
  params: {
    layer: p.enum(WRAPPED, {
      default: 'lstm',
      tunable: true,
      help: 'The recurrent layer run in both directions: SimpleRNN, LSTM or GRU.',
    }),
    ...RNN_PARAMS,
    recurrentActivation: {
      ...RECURRENT_ACTIVATION,
      help: 'Function applied to the gates of an LSTM or GRU (sigmoid in Keras); SimpleRNN has none.',
    },
    mergeMode: p.enum(MERGE_MODES, {
      default: 'concat',
      help: '"concat" puts both directions side by side (2·units features); "sum", "mul" and "ave" combine them elementwise (units).',
    }),
  },
  arity: { min: 1, max: 1 },
  inferShape: (inputs, { units, returnSequences, mergeMode }) => {
    const out = rnnOutputShape(onlyInput(inputs), units, returnSequences, 'Bidirectional');
    return mergeMode === 'concat' ? withLastDim(out, 2 * units) : out;
  },
  // Two independent copies of the layer, one per direction.
  paramCount: (inputs, { layer, units, useBias }) =>
    2 * rnnParamCount(CELL_OF[layer], onlyInput(inputs), units, useBias, 'Bidirectional'),
  flops: (inputs, { layer, units }) => 2 * rnnFlops(CELL_OF[layer], onlyInput(inputs), units, 'Bidirectional'),
  build: (tf, params, { name }) => {
    const wrapped = tf.layers.bidirectional({
      layer: createRnnLayer(tf, CELL_OF[params.layer], params, params.recurrentActivation),
      mergeMode: params.mergeMode,
      name,
    });
    return (inputs) => wrapped.apply(onlyInput(inputs)) as SymbolicTensor;
  },
  fromKeras: (config) => {
    const wrapped = own(config, 'layer');
    const inner = typeof wrapped === 'object' && wrapped !== null ? (wrapped as KerasConfig) : {};
    const className = own(inner, 'class_name');
    const layer = WRAPPED.find((name) => CELL_OF[name] === className);
    if (!layer) return { ok: false, error: `it wraps ${String(className ?? 'nothing')}, not SimpleRNN, LSTM or GRU` };
    const innerConfig = own(inner, 'config');
    const params = kerasParams(
      { params: { ...RNN_PARAMS, recurrentActivation: RECURRENT_ACTIVATION } },
      typeof innerConfig === 'object' && innerConfig !== null ? (innerConfig as KerasConfig) : {},
    );
    return params.ok ? { ok: true, value: { ...params.value, layer, mergeMode: own(config, 'merge_mode') } } : params;
  },
  toKeras: (params, { name }) => {
    const cell = CELL_OF[params.layer];
    const gated = cell !== 'SimpleRNN';
    const args = [
      ...rnnKerasArgs(params, gated ? params.recurrentActivation : undefined),
      // Keras's GRU defaults to reset_after=True; tfjs has only False (see gru.ts).
      ...(cell === 'GRU' ? ['reset_after=False'] : []),
    ];
    return `layers.Bidirectional(layers.${cell}(${args.join(', ')}), merge_mode=${py(params.mergeMode)}, name=${py(name)})`;
  },
  // tfjs's weights are the forward copy's, then the backward copy's.
  toTorch: (params, { dim }) => {
    const cell = CELL_OF[params.layer];
    const args = torchRecurrentArgs(dim(0, -1), params, params.recurrentActivation);
    return {
      module: `Bidirectional(Recurrent(${py(cell)}, ${args}), Recurrent(${py(cell)}, ${args}, go_backwards=True), ${py(params.mergeMode)})`,
      forward: ([x], self) => `${self}(${x})`,
      weights: (tfjs) => [
        ...torchRecurrentWeights(tfjs.slice(0, tfjs.length / 2), 'forward_layer.'),
        ...torchRecurrentWeights(tfjs.slice(tfjs.length / 2), 'backward_layer.'),
      ],
    };
  },
  torchPreamble: [
    TORCH_RECURRENT,
    `class Bidirectional(nn.Module):
    """Keras's Bidirectional: a recurrent layer forwards and its copy backwards over the steps (the
    backward outputs turned back into step order), merged by "concat", "sum", "mul" or "ave"."""

    def __init__(self, forward_layer, backward_layer, merge_mode):
        super().__init__()
        self.forward_layer, self.backward_layer, self.merge_mode = forward_layer, backward_layer, merge_mode

    def forward(self, x):
        y, y_backward = self.forward_layer(x), self.backward_layer(x)
        if self.backward_layer.return_sequences:
            y_backward = y_backward.flip(1)
        if self.merge_mode == "concat":
            return torch.cat([y, y_backward], dim=-1)
        if self.merge_mode == "sum":
            return y + y_backward
        if self.merge_mode == "mul":
            return y * y_backward
        return (y + y_backward) / 2`,
  ],
});
