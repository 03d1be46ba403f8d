import { p } from '../schema';
import { ACTIVATIONS, torchActivation } from './activations';
import { defineLayerKind, onlyInput, py, type SymbolicTensor } from './layerKind';

export const activation = defineLayerKind({
  type: 'Activation',
  label: 'Activation',
  category: 'core',
  doc: {
    summary: 'Applies an activation function to each element; the shape is unchanged.',
    keras: 'https://keras.io/api/layers/core_layers/activation/',
  },
  params: {
    activation: p.enum(ACTIVATIONS, { default: 'relu', tunable: true, help: 'Function applied to each element.' }),
  },
  arity: { min: 1, max: 1 },
  inferShape: (inputs) => onlyInput(inputs),
  paramCount: () => 0,
  // Elementwise work is negligible next to the matmuls; FLOPs count multiply-adds only.
  flops: () => 0,
  build: (tf, { activation }, { name }) => {
    const layer = tf.layers.activation({ activation, name });
    return (inputs) => layer.apply(onlyInput(inputs)) as SymbolicTensor;
  },
  toKeras: ({ activation }, { name }) => `layers.Activation(${py(activation)}, name=${py(name)})`,
  toTorch: ({ activation }) => ({ forward: ([x]) => torchActivation(activation, x!) }),
});
