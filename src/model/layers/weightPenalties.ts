import { p, type Infer } from '../schema';
import { py, type Tf } from './layerKind';

/**
 * L1 and L2 penalties on a layer's kernel (Keras's `kernel_regularizer=L1L2(l1, l2)`): the kinds
 * with kernels spread these into their params. Both 0, the default, is no penalty, so projects
 * saved before the params existed train as they did.
 */
export const WEIGHT_PENALTIES = {
  l1: p.float({
    min: 0,
    max: 1,
    default: 0,
    label: 'L1 penalty',
    help: 'Adds l1 · Σ|w| over the kernel to the loss: pushes weights to exactly 0. 0 for none.',
  }),
  l2: p.float({
    min: 0,
    max: 1,
    default: 0,
    label: 'L2 penalty',
    help: 'Adds l2 · Σw² over the kernel to the loss: keeps weights small. 0 for none.',
  }),
};

export type WeightPenalties = Infer<typeof WEIGHT_PENALTIES>;

/** The tfjs regularizer for the penalties; undefined for none, so tfjs adds no loss term at all. */
export function regularizerOf(tf: Tf, { l1, l2 }: WeightPenalties): ReturnType<Tf['regularizers']['l1l2']> | undefined {
  return l1 === 0 && l2 === 0 ? undefined : tf.regularizers.l1l2({ l1, l2 });
}

/**
 * The Keras arguments for the penalties, one per regularised weight (`kernel_regularizer`, or
 * `depthwise_regularizer` and `pointwise_regularizer`); none when there is no penalty.
 */
export function kerasPenaltyArgs(
  { l1, l2 }: WeightPenalties,
  names: readonly string[] = ['kernel_regularizer'],
): string[] {
  if (l1 === 0 && l2 === 0) return [];
  return names.map((name) => `${name}=keras.regularizers.L1L2(l1=${py(l1)}, l2=${py(l2)})`);
}
