import { p, type Infer } from '../schema';
import { fail, formatShape, sizePerExample, type Shape } from '../shapes';
import { own } from './kerasConfig';
import { defineLayerKind, noMultiplyAdds, onlyInput, py, type SymbolicTensor } from './layerKind';

const INFERRED = -1;
const LEFT_OUT = 0;

/**
 * Keras's `target_shape` as up to three int params, since the schema has no list type: trailing
 * zeros leave axes out, and one -1 takes whatever length the other axes leave.
 */
const params = {
  dim1: p.int({
    min: -1,
    max: 65536,
    default: INFERRED,
    help: 'Length of the first axis after the batch; -1 takes what the other axes leave.',
  }),
  dim2: p.int({
    min: -1,
    max: 65536,
    default: 1,
    help: 'Length of the second axis; 0 leaves it (and dim3) out; -1 takes what the others leave.',
  }),
  dim3: p.int({
    min: -1,
    max: 65536,
    default: LEFT_OUT,
    help: 'Length of the third axis; 0 leaves it out; -1 takes what the others leave.',
  }),
};

/** The target shape the params describe, as Keras's Reshape would be given it (one -1 allowed). */
function targetShape({ dim1, dim2, dim3 }: Infer<typeof params>): number[] {
  const dims = [dim1, dim2, dim3];
  const target = dims.slice(0, dims.findLastIndex((d) => d !== LEFT_OUT) + 1);
  if (target.length === 0 || target.includes(LEFT_OUT))
    fail(
      `Reshape needs a length for dim1, and 0 only in the last dims to leave them out, received ${formatShape(dims)}`,
    );
  if (target.filter((d) => d === INFERRED).length > 1)
    fail(`Reshape can infer one axis only (one dim of -1), received ${formatShape(target)}`);
  return target;
}

/** The target with its -1 worked out from the input's size, checked against that size. */
function resolvedTarget(x: Shape, dims: Infer<typeof params>): number[] {
  const target = targetShape(dims);
  const size = sizePerExample(x);
  if (size === null) fail(`Reshape needs every axis but the batch known, received ${formatShape(x)}`);
  const known = target.filter((d) => d !== INFERRED).reduce((n, d) => n * d, 1);
  const inferred = size / known;
  const fits = target.includes(INFERRED) ? Number.isInteger(inferred) : known === size;
  if (!fits)
    fail(
      `Reshape cannot arrange the ${size} values of ${formatShape(x)} as ${formatShape(target)}; ` +
        `make the dims multiply to ${size}, or set one to -1`,
    );
  return target.map((d) => (d === INFERRED ? inferred : d));
}

export const reshape = defineLayerKind({
  type: 'Reshape',
  label: 'Reshape',
  category: 'reshape',
  doc: {
    summary: 'Rearranges the values of each example into new axes, e.g. 784 features → (28, 28, 1) for Conv2D.',
    keras: 'https://keras.io/api/layers/reshaping_layers/reshape/',
  },
  params,
  arity: { min: 1, max: 1 },
  inferShape: (inputs, dims) => {
    const x = onlyInput(inputs);
    return [...x.slice(0, 1), ...resolvedTarget(x, dims)];
  },
  paramCount: () => 0,
  flops: noMultiplyAdds,
  // tfjs is given the worked-out target: with a -1 it leaves that axis unknown in the symbolic
  // shape (its computeOutputShape looks at the batch axis too), and Flatten or Dense would refuse it.
  build:
    (tf, dims, { name }) =>
    (inputs) => {
      const x = onlyInput(inputs);
      return tf.layers.reshape({ targetShape: resolvedTarget(x.shape, dims), name }).apply(x) as SymbolicTensor;
    },
  fromKeras: (config) => {
    const target = own(config, 'target_shape');
    if (!Array.isArray(target) || target.length === 0 || target.length > 3)
      return {
        ok: false,
        error: `its target_shape ${JSON.stringify(target)} is not 1 to 3 axes, what the studio's Reshape takes`,
      };
    const [dim1, dim2 = LEFT_OUT, dim3 = LEFT_OUT] = target as unknown[];
    return { ok: true, value: { dim1, dim2, dim3 } };
  },
  toKeras: (dims, { name }) => `layers.Reshape(${py(targetShape(dims))}, name=${py(name)})`,
  toTorch: (dims) => ({ forward: ([x]) => `${x}.reshape(${x}.shape[0], ${targetShape(dims).join(', ')})` }),
});
