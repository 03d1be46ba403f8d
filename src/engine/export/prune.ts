/**
 * Magnitude pruning of saved weights, before they are quantised and written: in every weight
 * matrix, the `sparsity` share of values smallest in magnitude become exactly zero, so the zipped
 * shards shrink (runs of zero bytes compress) while the model keeps its shape.
 *
 * Per weight, not global: each kernel loses the same share, so no layer (a small output layer,
 * a wide embedding) is emptied because its weights happen to be smaller than another's.
 */
import type * as tf from '@tensorflow/tfjs';

/** Beyond this little of a model is left; the dialog offers 0 to 95 %. */
export const MAX_SPARSITY = 0.95;

/**
 * Weights of rank ≥ 2 are pruned: kernels, recurrent kernels, embeddings, attention projections.
 * Rank-1 weights (biases, normalisation scales and offsets, moving statistics) are few and each
 * shifts a whole unit, so they are kept. Only float32 weights hold magnitudes to compare.
 */
export function isPrunable({ shape, dtype }: Pick<WeightValues, 'shape' | 'dtype'>): boolean {
  return dtype === 'float32' && shape.length >= 2;
}

/**
 * A copy of `data` (the weights as tfjs saved them, float32 in `specs` order) in which each
 * prunable weight of n values has its round(sparsity · n) smallest-|w| values set to zero (ties:
 * the earlier value first). `data` is left untouched (and returned as it is at sparsity 0). Throws on
 * a sparsity outside [0, MAX_SPARSITY].
 */
export function pruneWeights(
  specs: readonly tf.io.WeightsManifestEntry[],
  data: ArrayBuffer,
  sparsity: number,
): ArrayBuffer {
  if (!(sparsity >= 0 && sparsity <= MAX_SPARSITY))
    throw new Error(`The sparsity must be between 0 and ${MAX_SPARSITY * 100} %, received ${sparsity * 100} %.`);
  if (sparsity === 0) return data;
  const pruned = data.slice(0);
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.quantization) throw new Error(`${spec.name} is already quantised.`);
    if (isPrunable(spec)) zeroSmallest(new Float32Array(pruned, offset, count), Math.round(sparsity * count));
    // int32 and bool weights take 4 bytes per value too.
    offset += count * 4;
  }
  return pruned;
}

/** Sets the `k` values smallest in magnitude to zero, in place. */
function zeroSmallest(values: Float32Array, k: number): void {
  if (k === 0) return;
  const magnitudes = values.map(Math.abs).sort();
  const threshold = magnitudes[k - 1]!;
  // Everything below the threshold goes; of the values equal to it, only as many as k allows.
  let tiesLeft = k - magnitudes.findIndex((m) => m === threshold);
  for (let i = 0; i < values.length; i++) {
    const m = Math.abs(values[i]!);
    if (m < threshold) values[i] = 0;
    else if (m === threshold && tiesLeft > 0) {
      values[i] = 0;
      tiesLeft--;
    }
  }
}

/** A weight's values with what `isPrunable` asks of it. */
export interface WeightValues {
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly values: ArrayLike<number>;
}

/** The share of prunable weights' values that are exactly zero: what pruning reached. */
export function zeroShare(weights: readonly WeightValues[]): number {
  let zeros = 0;
  let total = 0;
  for (const { shape, dtype, values } of weights) {
    if (!isPrunable({ shape, dtype })) continue;
    for (let i = 0; i < values.length; i++) if (values[i] === 0) zeros++;
    total += values.length;
  }
  return total === 0 ? 0 : zeros / total;
}
