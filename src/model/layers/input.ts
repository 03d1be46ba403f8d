import { defineLayerKind, py } from './layerKind';

/** The graph's entry: a placeholder shaped like one preprocessed example of the dataset. */
export const input = defineLayerKind({
  type: 'InputLayer',
  label: 'Input',
  category: 'io',
  role: 'input',
  doc: {
    summary: 'Where examples enter the network; its shape follows the chosen dataset.',
    keras: 'https://keras.io/api/layers/core_layers/input/',
  },
  params: {},
  arity: { min: 0, max: 0 },
  inferShape: (_inputs, _params, data) => [null, ...data.inputShape],
  paramCount: () => 0,
  flops: () => 0,
  build:
    (tf, _params, { name, data }) =>
    () =>
      tf.input({ shape: [...data.inputShape], name }),
  toKeras: (_params, { name, data }) => `keras.Input(shape=${py(data.inputShape)}, name=${py(name)})`,
});
