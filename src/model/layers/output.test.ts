import fc from 'fast-check';
import { layerKindSuite } from '../../test/layerKindSuite';
import { output } from './output';

layerKindSuite(
  output,
  [
    {
      name: 'Iris (3 classes)',
      input: [null, 16],
      output: [null, 3],
      paramCount: 51,
      keras: 'layers.Dense(3, activation="softmax", name="layer_under_test")',
    },
    {
      name: 'a binary target',
      data: { inputShape: [4], task: 'binary', labels: ['no', 'yes'] },
      input: [null, 8],
      output: [null, 1],
      paramCount: 9,
      keras: 'layers.Dense(1, activation="sigmoid",',
    },
    {
      name: 'a regression target',
      data: { inputShape: [4], task: 'regression', labels: [] },
      input: [null, 8],
      output: [null, 1],
      keras: 'layers.Dense(1, activation="linear",',
    },
    {
      name: 'a sequence',
      input: [null, 2, 3],
      shapeError: /Output needs an input of shape \(batch, features\), received \(None, 2, 3\)/,
    },
    { name: 'unknown features', input: [null, null], shapeError: /Output needs a known last dimension/ },
    {
      name: 'a one-class target',
      data: { inputShape: [4], task: 'multiclass', labels: ['only'] },
      input: [null, 4],
      shapeError: /multiclass target needs at least 2 classes, this one has 1/,
    },
  ],
  // One prediction per example: the head takes (batch, features) only.
  { inputs: fc.integer({ min: 1, max: 64 }).map((width) => [null, width]) },
);
