import { defineElementwiseMergeKind } from './mergeBase';

export const multiply = defineElementwiseMergeKind({
  type: 'Multiply',
  summary: 'Multiplies its inputs element by element, e.g. a gate; all must have the same shape.',
  keras: 'https://keras.io/api/layers/merging_layers/multiply/',
  operator: '*',
  create: (tf, args) => tf.layers.multiply(args),
});
