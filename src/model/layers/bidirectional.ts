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
});
