import { fail, formatShape, lastDim, withLastDim, type Shape } from '../shapes';
import { headFor, type DataContext } from '../task';
import { torchActivation } from './activations';
import { kerasParams, own } from './kerasConfig';
import { defineLayerKind, onlyInput, py, type SymbolicTensor } from './layerKind';
import { kerasPenaltyArgs, regularizerOf, WEIGHT_PENALTIES } from './weightPenalties';
import { linearWeights } from './torch';

/** What `headFor` can give a head. */
const HEAD_ACTIVATIONS: readonly unknown[] = ['softmax', 'sigmoid', 'linear'] satisfies ReturnType<
  typeof headFor
>['activation'][];

/** Input features of the head, checked: one prediction per example needs a (batch, features) input. */
function headInputWidth(x: Shape): number {
  if (x.length > 2)
    fail(`Output needs an input of shape (batch, features), received ${formatShape(x)}`, {
      label: 'Insert Flatten',
      insert: 'Flatten',
    });
  if (x.length !== 2) fail(`Output needs an input of shape (batch, features), received ${formatShape(x)}`);
  return lastDim(x, 'Output');
}

/** The head the task asks for, checked: softmax over fewer than 2 classes predicts nothing. */
function checkedHead(data: DataContext): ReturnType<typeof headFor> {
  const head = headFor(data);
  if (data.task === 'multiclass' && head.units < 2)
    fail(`A multiclass target needs at least 2 classes, this one has ${head.units}`);
  return head;
}

/**
 * The graph's exit: a Dense layer sized and activated by the task (softmax over the classes,
 * sigmoid for binary, linear for regression), so the person never has to match them by hand.
 */
export const output = defineLayerKind({
  type: 'Output',
  label: 'Output',
  category: 'io',
  role: 'output',
  doc: {
    summary: 'The prediction: a Dense layer whose units and activation follow the target.',
    keras: 'https://keras.io/api/layers/core_layers/dense/',
  },
  kerasClass: 'Dense',
  params: WEIGHT_PENALTIES,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, _params, data) => {
    const x = onlyInput(inputs);
    headInputWidth(x);
    return withLastDim(x, checkedHead(data).units);
  },
  paramCount: (inputs, _params, data) => {
    const { units } = checkedHead(data);
    return headInputWidth(onlyInput(inputs)) * units + units;
  },
  flops: (inputs, _params, data) => 2 * headInputWidth(onlyInput(inputs)) * checkedHead(data).units,
  build: (tf, penalties, { name, data }) => {
    const layer = tf.layers.dense({ ...checkedHead(data), kernelRegularizer: regularizerOf(tf, penalties), name });
    return (inputs) => layer.apply(onlyInput(inputs)) as SymbolicTensor;
  },
  // A model's last Dense, when it is a head the task could ask for: its units must then match the
  // data's classes, which inference checks against the current data set.
  fromKeras: (config) => {
    const activation = own(config, 'activation');
    if (!HEAD_ACTIVATIONS.includes(activation))
      return { ok: false, error: `its activation ${String(activation)} is not a head's (softmax, sigmoid or linear)` };
    if (own(config, 'use_bias') === false)
      return { ok: false, error: 'it has no bias, which the Output layer always has' };
    return kerasParams({ params: WEIGHT_PENALTIES }, config);
  },
  toKeras: (penalties, { name, data }) => {
    const { units, activation } = checkedHead(data);
    return `layers.Dense(${[units, `activation=${py(activation)}`, ...kerasPenaltyArgs(penalties), `name=${py(name)}`].join(', ')})`;
  },
  toTorch: (_penalties, { data, dim }) => {
    const { units, activation } = checkedHead(data);
    return {
      module: `nn.Linear(${dim(0, -1)}, ${units})`,
      forward: ([x], self) => torchActivation(activation, `${self}(${x})`),
      weights: (tfjs) => linearWeights(tfjs),
    };
  },
});
