/**
 * Feature ranking by permutation importance (Breiman 2001; scikit-learn's `permutation_importance`):
 * a quick model is fitted on the training rows, then one column at a time is shuffled across the
 * validation rows, and how far the model's validation score falls is that column's importance. A
 * column the model does not rely on costs nothing when shuffled; repeats give a spread, so a small
 * drop can be told from noise. The model fitting lives in the engine; the arithmetic, the ranking and
 * "keep the top k" live here.
 */
import { formatCount } from '../model/format';
import { argmaxRows, regressionMetrics } from '../model/metrics';
import type { Result } from '../model/result';
import { meanAndSd } from '../model/statistics';
import type { Task } from '../model/task';
import type { DataChange } from './dataReport';
import type { FeatureSpan } from './preprocess';
import type { DataConfig } from './schema';
import { shuffleInPlace } from './split';

/** How the quick model is scored on the validation rows: higher is better for both. */
export const RANKING_SCORES = ['accuracy', 'r2'] as const;
export type RankingScore = (typeof RANKING_SCORES)[number];

/** The split settings a ranking's quick model was fitted and scored on: another split ranks on other rows. */
export type RankingSplit = Pick<DataConfig, 'seed' | 'validationFraction' | 'testFraction' | 'splitOrder'>;

export interface FeatureImportance {
  readonly name: string;
  /** The mean fall of the validation score when the column is shuffled; at or below 0: the model does not use it. */
  readonly mean: number;
  /** The sample standard deviation of that fall over the repeats. */
  readonly sd: number;
}

/**
 * A ranking and what it was made on (the data set, its row count, the target and the split), so that one
 * saved with the project is used only while the data is the same (`rankingMismatch`).
 */
export interface FeatureRanking {
  readonly datasetId: string;
  readonly target: string;
  /** The data set's rows when it was ranked: a data set read again under the same id may have others. */
  readonly rows: number;
  readonly split: RankingSplit;
  readonly score: RankingScore;
  /** The quick model's validation score with no column shuffled. */
  readonly baseline: number;
  /** Shuffles per column. */
  readonly repeats: number;
  /** Every feature the column plan uses, most important first. */
  readonly features: readonly FeatureImportance[];
}

/** The split settings of `data` that a ranking depends on. */
export function rankingSplit({ seed, validationFraction, testFraction, splitOrder }: DataConfig): RankingSplit {
  return { seed, validationFraction, testFraction, splitOrder };
}

/**
 * Why `ranking` does not hold for the project's `data` (a data set of `rows` rows, unknown when its summary is
 * not loaded), as a sentence; undefined when it was made on this data set, target and split.
 */
export function rankingMismatch(
  ranking: FeatureRanking,
  data: DataConfig,
  rows: number | undefined,
): string | undefined {
  if (ranking.datasetId !== data.datasetId) return 'The feature ranking was made on another data set.';
  if (ranking.target !== data.target)
    return `The feature ranking was made for the target "${ranking.target}", not "${data.target ?? 'none'}".`;
  if (rows !== undefined && rows !== ranking.rows)
    return `The feature ranking was made when the data set had ${formatCount(ranking.rows)} rows; it has ${formatCount(rows)} now.`;
  const split = rankingSplit(data);
  const changed = (Object.keys(split) as (keyof RankingSplit)[]).filter((key) => split[key] !== ranking.split[key]);
  if (changed.length > 0)
    return `The feature ranking was made on another split (its ${changed.map((key) => SPLIT_LABELS[key]).join(' and ')} changed since).`;
  return undefined;
}

const SPLIT_LABELS: Readonly<Record<keyof RankingSplit, string>> = {
  seed: 'seed',
  validationFraction: 'validation share',
  testFraction: 'test share',
  splitOrder: 'split order',
};

/** How far a ranking has got: the quick model fitted is the first step, each column shuffled one more. */
export interface RankingProgress {
  readonly done: number;
  readonly steps: number;
}

/** `features` ordered most important first; equal ones in name order, so the same drops give the same ranking. */
export function rankByImportance(features: readonly FeatureImportance[]): FeatureImportance[] {
  return [...features].sort((a, b) => b.mean - a.mean || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A column's importance from the validation scores with it shuffled, against the unshuffled `baseline`. */
export function importanceOf(name: string, baseline: number, shuffledScores: readonly number[]): FeatureImportance {
  const { mean, sd } = meanAndSd(shuffledScores.map((score) => baseline - score));
  return { name, mean, sd };
}

/**
 * A copy of `x` (`count` rows of `inputSize` inputs) with the span's inputs moved between rows by one
 * random permutation: a one-hot group moves as a whole, so every row still holds one valid category.
 */
export function withSpanShuffled(
  x: Float32Array,
  count: number,
  inputSize: number,
  span: FeatureSpan,
  random: () => number,
): Float32Array {
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  shuffleInPlace(order, random);
  const shuffled = x.slice();
  for (let row = 0; row < count; row++) {
    const from = order[row]! * inputSize + span.offset;
    shuffled.set(x.subarray(from, from + span.width), row * inputSize + span.offset);
  }
  return shuffled;
}

/**
 * The score a ranking uses for a model's outputs on `y`: accuracy for classification (a binary head
 * is one sigmoid unit, the second label's probability), R² for regression. Fails with a sentence
 * when it is undefined (no rows, or every target the same).
 */
export function rankingScore(
  task: Task,
  y: Float32Array,
  outputs: Float32Array,
  classCount: number,
): Result<{ readonly score: RankingScore; readonly value: number }> {
  if (y.length === 0) return { ok: false, error: 'There are no validation rows to rank the columns on.' };
  if (task === 'regression') {
    const { r2 } = regressionMetrics(y, outputs);
    return r2.value === null
      ? { ok: false, error: `The columns cannot be ranked: ${r2.undefinedBecause}.` }
      : { ok: true, value: { score: 'r2', value: r2.value } };
  }
  const predicted = task === 'binary' ? outputs.map((p) => (p >= 0.5 ? 1 : 0)) : argmaxRows(outputs, classCount);
  const correct = y.reduce((sum, label, i) => sum + (predicted[i] === label ? 1 : 0), 0);
  return { ok: true, value: { score: 'accuracy', value: correct / y.length } };
}

/** Below this many features "keep the top k" is not offered: there is too little to choose from. */
export const MIN_FEATURES_TO_KEEP_TOP = 4;

/** The feature counts worth keeping of `featureCount`: all, the top half and the top quarter (each at least one, no repeats). */
export function keepTopCounts(featureCount: number): number[] {
  if (featureCount < MIN_FEATURES_TO_KEEP_TOP) return [featureCount];
  return [...new Set([featureCount, Math.ceil(featureCount / 2), Math.ceil(featureCount / 4)])];
}

/** The changes that keep the ranking's `k` most important columns and leave the others out. */
export function keepTopChanges(ranking: FeatureRanking, k: number): DataChange[] {
  return ranking.features
    .slice(Math.max(0, k))
    .map(({ name }) => ({ kind: 'column', choice: { name, use: 'ignore' } }) as const);
}
