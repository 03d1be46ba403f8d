import { applyToOnlyInput, defineLayerKind, onlyInput, py } from './layerKind';
import { kerasPenaltyArgs, WEIGHT_PENALTIES } from './weightPenalties';
import {
  createRnnLayer,
  RNN_PARAMS,
  rnnFlops,
  rnnKerasArgs,
  rnnOutputShape,
  rnnParamCount,
  torchRecurrentLayer,
  TORCH_RECURRENT,
} from './rnnBase';

export const simpleRnn = defineLayerKind({
  type: 'SimpleRNN',
  label: 'SimpleRNN',
  category: 'recurrent',
  doc: {
    summary:
      'A fully connected recurrent layer: each step mixes the input with the previous hidden state, (batch, steps, features) → (batch, units).',
    keras: 'https://keras.io/api/layers/recurrent_layers/simple_rnn/',
  },
  params: { ...RNN_PARAMS, ...WEIGHT_PENALTIES },
  arity: { min: 1, max: 1 },
  inferShape: (inputs, { units, returnSequences }) =>
    rnnOutputShape(onlyInput(inputs), units, returnSequences, 'SimpleRNN'),
  paramCount: (inputs, { units, useBias }) =>
    rnnParamCount('SimpleRNN', onlyInput(inputs), units, useBias, 'SimpleRNN'),
  flops: (inputs, { units }) => rnnFlops('SimpleRNN', onlyInput(inputs), units, 'SimpleRNN'),
  // SimpleRNN has no gates; the recurrent activation is not used.
  build: (tf, params, { name }) => applyToOnlyInput(createRnnLayer(tf, 'SimpleRNN', params, 'sigmoid', name, params)),
  toKeras: (params, { name }) =>
    `layers.SimpleRNN(${[...rnnKerasArgs(params), ...kerasPenaltyArgs(params), `name=${py(name)}`].join(', ')})`,
  toTorch: (params, ctx) => torchRecurrentLayer('SimpleRNN', params, 'sigmoid', ctx),
  torchPreamble: [TORCH_RECURRENT],
});
