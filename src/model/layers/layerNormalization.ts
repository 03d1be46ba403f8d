import { featureWidth } from '../shapes';
import { applyToOnlyInput, defineLayerKind, noMultiplyAdds, onlyInput, py } from './layerKind';
import { affineWeights, NORMALIZATION_PARAMS } from './normalizationBase';

export const layerNormalization = defineLayerKind({
  type: 'LayerNormalization',
  label: 'LayerNormalization',
  category: 'normalization',
  doc: {
    summary:
      'Normalises the features of each example on its own (the same in training and prediction), then scales and shifts them.',
    keras: 'https://keras.io/api/layers/normalization_layers/layer_normalization/',
  },
  params: NORMALIZATION_PARAMS,
  arity: { min: 1, max: 1 },
  inferShape: (inputs) => {
    const x = onlyInput(inputs);
    featureWidth(x, 'LayerNormalization');
    return x;
  },
  paramCount: (inputs, params) => affineWeights(params, featureWidth(onlyInput(inputs), 'LayerNormalization')),
  flops: noMultiplyAdds,
  build: (tf, { epsilon, center, scale }, { name }) =>
    applyToOnlyInput(tf.layers.layerNormalization({ epsilon, center, scale, name })),
  toKeras: ({ epsilon, center, scale }, { name }) =>
    `layers.LayerNormalization(epsilon=${py(epsilon)}, center=${py(center)}, scale=${py(scale)}, name=${py(name)})`,
});
