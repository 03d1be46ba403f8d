import { p } from '../schema';
import { featureWidth } from '../shapes';
import { applyToOnlyInput, defineLayerKind, noMultiplyAdds, onlyInput, py } from './layerKind';
import { affineWeights, NORMALIZATION_PARAMS } from './normalizationBase';

export const batchNormalization = defineLayerKind({
  type: 'BatchNormalization',
  label: 'BatchNormalization',
  category: 'normalization',
  doc: {
    summary:
      'Normalises each feature over the batch while training (running averages at prediction), then scales and shifts it.',
    keras: 'https://keras.io/api/layers/normalization_layers/batch_normalization/',
  },
  params: {
    momentum: p.float({
      min: 0,
      max: 0.999,
      step: 0.001,
      default: 0.99,
      help: 'How slowly the running mean and variance follow each batch.',
    }),
    ...NORMALIZATION_PARAMS,
  },
  arity: { min: 1, max: 1 },
  inferShape: (inputs) => {
    const x = onlyInput(inputs);
    featureWidth(x, 'BatchNormalization');
    return x;
  },
  // The running mean and variance are weights too (not trained), as Keras's summary and tfjs count them.
  paramCount: (inputs, params) => {
    const features = featureWidth(onlyInput(inputs), 'BatchNormalization');
    return affineWeights(params, features) + 2 * features;
  },
  flops: noMultiplyAdds,
  build: (tf, { momentum, epsilon, center, scale }, { name }) =>
    applyToOnlyInput(tf.layers.batchNormalization({ momentum, epsilon, center, scale, name })),
  toKeras: ({ momentum, epsilon, center, scale }, { name }) =>
    `layers.BatchNormalization(momentum=${py(momentum)}, epsilon=${py(epsilon)}, center=${py(center)}, scale=${py(scale)}, name=${py(name)})`,
});
