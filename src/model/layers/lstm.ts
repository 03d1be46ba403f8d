import { applyToOnlyInput, defineLayerKind, onlyInput, py } from './layerKind';
import { kerasPenaltyArgs, WEIGHT_PENALTIES } from './weightPenalties';
import {
  createRnnLayer,
  RECURRENT_ACTIVATION,
  RNN_PARAMS,
  rnnFlops,
  rnnKerasArgs,
  rnnOutputShape,
  rnnParamCount,
  torchRecurrentLayer,
  TORCH_RECURRENT,
} from './rnnBase';

export const lstm = defineLayerKind({
  type: 'LSTM',
  label: 'LSTM',
  category: 'recurrent',
  doc: {
    summary:
      'Long short-term memory: gated recurrence that keeps a cell state across many steps, (batch, steps, features) → (batch, units).',
    keras: 'https://keras.io/api/layers/recurrent_layers/lstm/',
  },
  params: { ...RNN_PARAMS, recurrentActivation: RECURRENT_ACTIVATION, ...WEIGHT_PENALTIES },
  arity: { min: 1, max: 1 },
  inferShape: (inputs, { units, returnSequences }) => rnnOutputShape(onlyInput(inputs), units, returnSequences, 'LSTM'),
  paramCount: (inputs, { units, useBias }) => rnnParamCount('LSTM', onlyInput(inputs), units, useBias, 'LSTM'),
  flops: (inputs, { units }) => rnnFlops('LSTM', onlyInput(inputs), units, 'LSTM'),
  build: (tf, params, { name }) =>
    applyToOnlyInput(createRnnLayer(tf, 'LSTM', params, params.recurrentActivation, name, params)),
  toKeras: (params, { name }) =>
    `layers.LSTM(${[...rnnKerasArgs(params, params.recurrentActivation), ...kerasPenaltyArgs(params), `name=${py(name)}`].join(', ')})`,
  toTorch: (params, ctx) => torchRecurrentLayer('LSTM', params, params.recurrentActivation, ctx),
  torchPreamble: [TORCH_RECURRENT],
});
