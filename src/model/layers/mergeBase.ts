import { fail, formatShapes, sameShape } from '../shapes';
import {
  applyToAllInputs,
  defineLayerKind,
  familyIdentity,
  noMultiplyAdds,
  py,
  type FamilyMember,
  type LayerKind,
  type Tf,
  type TfLayer,
} from './layerKind';

/** How many branches a merge joins; more than 8 is a graph nobody can read. */
export const MERGE_ARITY = { min: 2, max: 8 } as const;

interface ElementwiseMergeConfig<T extends string> extends FamilyMember<T> {
  /** The Python operator that joins two inputs. */
  readonly operator: '+' | '*';
  /** The tfjs layer (`tf.layers.add`, say). */
  readonly create: (tf: Tf, args: { name: string }) => TfLayer;
}

/**
 * A merge that combines its inputs element by element. It asks for equal shapes: tfjs and Keras
 * would broadcast axes of length 1, but on a canvas that is more often a wiring mistake than intent.
 */
export function defineElementwiseMergeKind<T extends string>({
  operator,
  create,
  ...member
}: ElementwiseMergeConfig<T>): LayerKind<Record<never, never>, T> {
  const { type } = member;
  return defineLayerKind({
    ...familyIdentity(member, 'merge'),
    params: {},
    arity: MERGE_ARITY,
    inferShape: (inputs) => {
      const [first, ...others] = inputs;
      if (first === undefined) throw new Error(`${type} received no inputs`);
      if (!others.every((shape) => sameShape(shape, first)))
        fail(
          `${type} needs inputs of the same shape, received ${formatShapes(inputs)}; add a Dense or Reshape on a branch to match them`,
        );
      return first;
    },
    paramCount: () => 0,
    flops: noMultiplyAdds,
    build: (tf, _params, { name }) => applyToAllInputs(create(tf, { name })),
    toKeras: (_params, { name }) => `layers.${type}(name=${py(name)})`,
    toTorch: () => ({ forward: (inputs) => inputs.join(` ${operator} `) }),
  });
}
