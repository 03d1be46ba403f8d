import { p } from '../schema';
import { featureWidth } from '../shapes';
import { applyToOnlyInput, defineLayerKind, noMultiplyAdds, onlyInput, py } from './layerKind';
import { affineTorchWeights, affineWeights, NORMALIZATION_PARAMS } from './normalizationBase';

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
  // Keras's momentum is the running average's own share at each update, PyTorch's the batch's.
  // The features are the last axis at any rank, so every other axis is laid out as the batch.
  toTorch: (params, { dim }) => ({
    module: `nn.BatchNorm1d(${dim(0, -1)}, eps=${py(params.epsilon)}, momentum=${py(Number((1 - params.momentum).toFixed(9)))}, affine=${py(params.center || params.scale)})`,
    forward: ([x], self) => `${self}(${x}.reshape(-1, ${x}.shape[-1])).reshape(${x}.shape)`,
    weights: (tfjs) => {
      const affine = affineTorchWeights(params, tfjs);
      const [mean, variance] = tfjs.slice(Number(params.center) + Number(params.scale));
      return [...affine, { ...mean!, name: 'running_mean' }, { ...variance!, name: 'running_var' }];
    },
  }),
});
