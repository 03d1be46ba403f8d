/**
 * Is the best model better than the runner-up, or only luckier? The Bayesian correlated t-test of Benavoli,
 * Corani, Demšar and Zaffalon ("Time for a change", JMLR 2017), as Orange's Test & Score uses it: from the two
 * models' scores on the same cross-validation folds, the posterior of the mean difference is a Student t with
 * k − 1 degrees of freedom, centred on the mean difference, whose variance is corrected for the folds' overlapping
 * training sets (Nadeau and Bengio's 1/k + n_test/n_train). A region of practical equivalence (ROPE) turns it into
 * three probabilities: better, practically equivalent, worse.
 */
import jstat from 'jstat';

/** How sure a verdict must be. */
const CONFIDENT = 0.95;

export interface FoldComparison {
  /** Posterior probability that the first is better by more than the ROPE. */
  readonly better: number;
  /** … that the two are within the ROPE of each other. */
  readonly equivalent: number;
  /** … that the first is worse by more than the ROPE. */
  readonly worse: number;
  readonly verdict: 'better' | 'equivalent' | 'worse' | 'undecided';
}

export interface CompareOptions {
  /** Differences of at most this much (in the metric's units) count as the same in practice. */
  readonly rope: number;
  readonly higherIsBetter: boolean;
}

/**
 * Compares `first` with `second`, each one score per fold, folds in the same order (k ≥ 2 of them). With
 * k-fold cross-validation the held-out share is 1/k, so the correction is 1/k + 1/(k − 1).
 */
export function compareOnFolds(
  first: readonly number[],
  second: readonly number[],
  { rope, higherIsBetter }: CompareOptions,
): FoldComparison {
  const k = first.length;
  if (k < 2 || second.length !== k)
    throw new RangeError('compareOnFolds needs two scores per fold, on 2 or more folds');
  const sign = higherIsBetter ? 1 : -1;
  const differences = first.map((score, i) => sign * (score - second[i]!));
  const mean = differences.reduce((a, b) => a + b, 0) / k;
  const variance = differences.reduce((a, d) => a + (d - mean) ** 2, 0) / (k - 1);
  const scale = Math.sqrt((1 / k + 1 / (k - 1)) * variance);
  // Every fold differed by the same amount: the posterior is that amount, with certainty.
  const below = (x: number) => (scale === 0 ? (mean < x ? 1 : 0) : jstat.jStat.studentt.cdf((x - mean) / scale, k - 1));
  const worse = below(-rope);
  const better = 1 - below(rope);
  const equivalent = Math.max(0, 1 - better - worse);
  const verdict =
    better >= CONFIDENT
      ? 'better'
      : equivalent >= CONFIDENT
        ? 'equivalent'
        : worse >= CONFIDENT
          ? 'worse'
          : 'undecided';
  return { better, equivalent, worse, verdict };
}

/** The comparison in a sentence, e.g. for a leaderboard: "MLP is better than ResNet-mini beyond noise (P = 0.97)." */
export function describeComparison(
  comparison: FoldComparison,
  names: { readonly first: string; readonly second: string },
  { rope, metric }: { readonly rope: number; readonly metric: string },
): string {
  const p = (value: number) => `P = ${value.toFixed(2)}`;
  switch (comparison.verdict) {
    case 'better':
      return `${names.first} is better than ${names.second} beyond noise (${p(comparison.better)}).`;
    case 'worse':
      return `${names.first} is worse than ${names.second} beyond noise (${p(comparison.worse)}).`;
    case 'equivalent':
      return `${names.first} and ${names.second} are practically equivalent: their ${metric} differs by less than ${rope} (${p(comparison.equivalent)}).`;
    case 'undecided':
      return `${names.first} and ${names.second} cannot be told apart from noise on these folds (better ${p(comparison.better)}, equivalent ${p(comparison.equivalent)}).`;
  }
}
