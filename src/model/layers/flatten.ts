import { fail, formatShape, sizePerExample, type Shape } from '../shapes';
import { applyToOnlyInput, defineLayerKind, noMultiplyAdds, onlyInput, py } from './layerKind';

/** Values per example, checked: tfjs flattens only a known, not yet flat, shape. */
function flatLength(x: Shape): number {
  if (x.length < 3)
    fail(`Flatten needs an input of rank ≥ 3, received ${formatShape(x)}, which is already flat; remove the Flatten`);
  const length = sizePerExample(x);
  if (length === null)
    fail(
      `Flatten needs every axis but the batch known, received ${formatShape(x)}; pool the unknown axis away first (GlobalAveragePooling1D, say)`,
    );
  return length;
}

export const flatten = defineLayerKind({
  type: 'Flatten',
  label: 'Flatten',
  category: 'reshape',
  doc: {
    summary:
      'Lays every axis but the batch out in one: (batch, a, b, …) → (batch, a·b·…), e.g. between convolutions and Dense.',
    keras: 'https://keras.io/api/layers/reshaping_layers/flatten/',
  },
  params: {},
  arity: { min: 1, max: 1 },
  inferShape: (inputs) => {
    const x = onlyInput(inputs);
    return [...x.slice(0, 1), flatLength(x)];
  },
  paramCount: () => 0,
  flops: noMultiplyAdds,
  build: (tf, _params, { name }) => applyToOnlyInput(tf.layers.flatten({ name })),
  toKeras: (_params, { name }) => `layers.Flatten(name=${py(name)})`,
  // The tensor is channels last here as in tfjs, so the values line up in the same order.
  toTorch: () => ({ forward: ([x]) => `torch.flatten(${x}, 1)` }),
});
