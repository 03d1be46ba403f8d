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

export const gru = defineLayerKind({
  type: 'GRU',
  label: 'GRU',
  category: 'recurrent',
  doc: {
    summary:
      'Gated recurrent unit: a lighter gated recurrence than LSTM (update and reset gates), (batch, steps, features) → (batch, units).',
    keras: 'https://keras.io/api/layers/recurrent_layers/gru/',
  },
  params: { ...RNN_PARAMS, recurrentActivation: RECURRENT_ACTIVATION, ...WEIGHT_PENALTIES },
  arity: { min: 1, max: 1 },
  inferShape: (inputs, { units, returnSequences }) => rnnOutputShape(onlyInput(inputs), units, returnSequences, 'GRU'),
  paramCount: (inputs, { units, useBias }) => rnnParamCount('GRU', onlyInput(inputs), units, useBias, 'GRU'),
  flops: (inputs, { units }) => rnnFlops('GRU', onlyInput(inputs), units, 'GRU'),
  build: (tf, params, { name }) =>
    applyToOnlyInput(createRnnLayer(tf, 'GRU', params, params.recurrentActivation, name, params)),
  // Keras's GRU defaults to reset_after=True (the cuDNN variant, with a second bias per gate);
  // tfjs implements only reset_after=False, so the Keras twin asks for that to learn the same
  // weights: 3·units·(features + units + 1) of them.
  toKeras: (params, { name }) =>
    `layers.GRU(${[...rnnKerasArgs(params, params.recurrentActivation), ...kerasPenaltyArgs(params), 'reset_after=False', `name=${py(name)}`].join(', ')})`,
  toTorch: (params, ctx) => torchRecurrentLayer('GRU', params, params.recurrentActivation, ctx),
  torchPreamble: [TORCH_RECURRENT],
});
