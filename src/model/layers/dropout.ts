import { p } from '../schema';
import { defineLayerKind, onlyInput, py, type SymbolicTensor } from './layerKind';

export const dropout = defineLayerKind({
  type: 'Dropout',
  label: 'Dropout',
  category: 'regularization',
  doc: {
    summary: 'While training, zeroes a random fraction of inputs to curb overfitting; a no-op at prediction.',
    keras: 'https://keras.io/api/layers/regularization_layers/dropout/',
  },
  params: {
    rate: p.float({
      min: 0,
      max: 0.99,
      step: 0.01,
      default: 0.5,
      tunable: true,
      help: 'Fraction of inputs dropped at each training step.',
    }),
  },
  arity: { min: 1, max: 1 },
  inferShape: (inputs) => onlyInput(inputs),
  paramCount: () => 0,
  // Elementwise work is negligible next to the matmuls; FLOPs count multiply-adds only.
  flops: () => 0,
  build: (tf, { rate }, { name }) => {
    const layer = tf.layers.dropout({ rate, name });
    return (inputs) => layer.apply(onlyInput(inputs)) as SymbolicTensor;
  },
  toKeras: ({ rate }, { name }) => `layers.Dropout(${py(rate)}, name=${py(name)})`,
  // nn.Dropout drops nothing once the module is in eval mode, as tfjs's at prediction.
  toTorch: ({ rate }) => ({ module: `nn.Dropout(${py(rate)})`, forward: ([x], self) => `${self}(${x})` }),
});
