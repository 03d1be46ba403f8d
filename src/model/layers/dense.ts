import { p } from '../schema';
import { lastDim, requireRank, withLastDim, type Shape } from '../shapes';
import { ACTIVATIONS, torchActivation } from './activations';
import { defineLayerKind, onlyInput, py, type SymbolicTensor } from './layerKind';
import { linearWeights } from './torch';
import { kerasPenaltyArgs, regularizerOf, WEIGHT_PENALTIES } from './weightPenalties';

/** Input features of a Dense layer, checked; the matmul runs over the last axis. */
function denseInputWidth(x: Shape): number {
  requireRank(x, 2, 'Dense');
  return lastDim(x, 'Dense');
}

export const dense = defineLayerKind({
  type: 'Dense',
  label: 'Dense',
  category: 'core',
  doc: {
    summary: 'Fully connected: y = activation(x·W + b), applied over the last axis.',
    keras: 'https://keras.io/api/layers/core_layers/dense/',
  },
  params: {
    units: p.int({
      min: 1,
      max: 65536,
      default: 16,
      log: true,
      tunable: true,
      width: true,
      help: 'Number of output features.',
    }),
    activation: p.enum(ACTIVATIONS, { default: 'relu', tunable: true, help: 'Function applied to each output.' }),
    useBias: p.bool({ default: true, help: 'Add a learned offset b to each output.' }),
    ...WEIGHT_PENALTIES,
  },
  arity: { min: 1, max: 1 },
  inferShape: (inputs, { units }) => {
    const x = onlyInput(inputs);
    denseInputWidth(x);
    return withLastDim(x, units);
  },
  paramCount: (inputs, { units, useBias }) => denseInputWidth(onlyInput(inputs)) * units + (useBias ? units : 0),
  flops: (inputs, { units }) => {
    const x = onlyInput(inputs);
    // One matmul per position on the axes between batch and features (time steps, say); an
    // axis of unknown length counts once, so the figure is then per step.
    const positions = x.slice(1, -1).reduce<number>((n, d) => n * (d ?? 1), 1);
    return 2 * positions * denseInputWidth(x) * units;
  },
  build: (tf, { units, activation, useBias, ...penalties }, { name }) => {
    const layer = tf.layers.dense({
      units,
      activation,
      useBias,
      kernelRegularizer: regularizerOf(tf, penalties),
      name,
    });
    return (inputs) => layer.apply(onlyInput(inputs)) as SymbolicTensor;
  },
  toKeras: ({ units, activation, useBias, ...penalties }, { name }) =>
    `layers.Dense(${[units, `activation=${py(activation)}`, `use_bias=${py(useBias)}`, ...kerasPenaltyArgs(penalties), `name=${py(name)}`].join(', ')})`,
  toTorch: ({ units, activation, useBias }, { dim }) => ({
    module: `nn.Linear(${dim(0, -1)}, ${units}, bias=${py(useBias)})`,
    forward: ([x], self) => torchActivation(activation, `${self}(${x})`),
    weights: (tfjs) => linearWeights(tfjs),
  }),
});
