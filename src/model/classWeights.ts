/**
 * Class weights for imbalanced classification, 'balanced' as scikit-learn and Keras users know
 * it: weight(c) = n / (k · count(c)), so every class carries the same total weight in the loss
 * and a 95 / 5 split no longer teaches a model to always answer the majority.
 */
export const CLASS_WEIGHTINGS = ['none', 'balanced'] as const;
export type ClassWeighting = (typeof CLASS_WEIGHTINGS)[number];

/**
 * One weight per class index (0 … classes − 1) from the training labels; a class with no
 * training rows gets weight 0 (it never appears in the loss anyway). Labels that are not a class
 * index (NaN, out of range) are not counted.
 */
export function balancedClassWeights(labels: ArrayLike<number>, classes: number): Float32Array {
  const counts = new Float64Array(classes);
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (Number.isInteger(label) && label >= 0 && label < classes) {
      counts[label]!++;
      total++;
    }
  }
  return Float32Array.from(counts, (count) => (count > 0 ? total / (classes * count) : 0));
}
