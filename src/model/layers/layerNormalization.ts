import { fail, featureWidth, formatShape } from '../shapes';
import { applyToOnlyInput, defineLayerKind, noMultiplyAdds, onlyInput, py } from './layerKind';
import { affineTorchWeights, affineWeights, NORMALIZATION_PARAMS } from './normalizationBase';

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
    if (featureWidth(x, 'LayerNormalization') === 1) {
      // A one-channel image is the usual case: the mean of one value is that value, so nothing reaches the output.
      const message =
        `LayerNormalization normalises over the last axis, which holds 1 value in ${formatShape(x)}: ` +
        'every value becomes 0 and the output is its offset, whatever the input';
      if (x.length > 2) fail(`${message}; flatten the features first`, { label: 'Insert Flatten', insert: 'Flatten' });
      fail(`${message}; feed it a layer with more features`);
    }
    return x;
  },
  paramCount: (inputs, params) => affineWeights(params, featureWidth(onlyInput(inputs), 'LayerNormalization')),
  flops: noMultiplyAdds,
  build: (tf, { epsilon, center, scale }, { name }) =>
    applyToOnlyInput(tf.layers.layerNormalization({ epsilon, center, scale, name })),
  toKeras: ({ epsilon, center, scale }, { name }) =>
    `layers.LayerNormalization(epsilon=${py(epsilon)}, center=${py(center)}, scale=${py(scale)}, name=${py(name)})`,
  toTorch: (params, { dim }) => ({
    module: `nn.LayerNorm(${dim(0, -1)}, eps=${py(params.epsilon)}, elementwise_affine=${py(params.center || params.scale)})`,
    forward: ([x], self) => `${self}(${x})`,
    weights: (tfjs) => affineTorchWeights(params, tfjs),
  }),
});
