import { defineElementwiseMergeKind } from './mergeBase';

export const add = defineElementwiseMergeKind({
  type: 'Add',
  summary: 'Sums its inputs element by element, e.g. a residual (skip) connection; all must have the same shape.',
  keras: 'https://keras.io/api/layers/merging_layers/add/',
  operator: '+',
  create: (tf, args) => tf.layers.add(args),
});
