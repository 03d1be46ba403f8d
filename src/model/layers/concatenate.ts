import { p } from '../schema';
import { fail, formatShapes, type Shape } from '../shapes';
import { defineLayerKind, noMultiplyAdds, py, type SymbolicTensor } from './layerKind';
import { MERGE_ARITY } from './mergeBase';

/** `axis` as an index into shapes of `rank` axes, checked: any axis but the batch. */
function axisIndex(axis: number, rank: number): number {
  const index = axis < 0 ? rank + axis : axis;
  if (index === 0) fail('Concatenate cannot join along the batch axis; use -1 for the last axis');
  if (index < 0 || index >= rank)
    fail(`Concatenate's axis ${axis} is not an axis of inputs of rank ${rank}; use -1 for the last axis`);
  return index;
}

/** The joined shape: lengths add up along the axis (unknown if any is), every other axis must agree. */
function concatenated(inputs: readonly Shape[], axis: number): Shape {
  const [first, ...others] = inputs;
  if (first === undefined) throw new Error('Concatenate received no inputs');
  if (!others.every((shape) => shape.length === first.length))
    fail(`Concatenate needs inputs of the same rank, received ${formatShapes(inputs)}`);
  const index = axisIndex(axis, first.length);
  const agree = others.every((shape) => shape.every((d, i) => i === index || d === first[i]));
  if (!agree)
    fail(`Concatenate needs inputs that match on every axis but axis ${axis}, received ${formatShapes(inputs)}`);
  const lengths = inputs.map((shape) => shape[index] ?? null);
  const joined = lengths.every((d) => d !== null) ? lengths.reduce((sum, d) => sum + d, 0) : null;
  return first.map((d, i) => (i === index ? joined : d));
}

export const concatenate = defineLayerKind({
  type: 'Concatenate',
  label: 'Concatenate',
  category: 'merge',
  doc: {
    summary: 'Joins its inputs end to end along one axis (the features by default); the other axes must match.',
    keras: 'https://keras.io/api/layers/merging_layers/concatenate/',
  },
  params: {
    axis: p.int({
      min: -8,
      max: 8,
      default: -1,
      help: 'Axis to join along, counted from the batch (0) or, when negative, from the end.',
    }),
  },
  arity: MERGE_ARITY,
  inferShape: (inputs, { axis }) => concatenated(inputs, axis),
  paramCount: () => 0,
  flops: noMultiplyAdds,
  // tfjs is given the axis counted from the batch: its concat kernel mishandles negative axes
  // other than -1 (it compares the wrong axes and throws at run time).
  build:
    (tf, { axis }, { name }) =>
    (inputs) => {
      const rank = inputs[0]?.shape.length ?? 0;
      return tf.layers.concatenate({ axis: axisIndex(axis, rank), name }).apply([...inputs]) as SymbolicTensor;
    },
  toKeras: ({ axis }, { name }) => `layers.Concatenate(axis=${axis}, name=${py(name)})`,
  toTorch: ({ axis }) => ({ forward: (inputs) => `torch.cat([${inputs.join(', ')}], dim=${axis})` }),
});
