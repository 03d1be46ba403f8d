/**
 * Evaluation metrics over plain arrays: no tfjs, so they run anywhere (worker, Node, UI) and are
 * checked against hand-worked values in metrics.test.ts. Where scikit-learn has a convention for
 * an edge case it is followed, and the doc comment says so.
 */

/**
 * A number, or why the data leaves it undefined (a division by zero it forces), so that no NaN
 * reaches the person unexplained.
 */
export type MetricValue = { readonly value: number } | { readonly value: null; readonly undefinedBecause: string };

// ── classification ───────────────────────────────────────────────────────────

/** `counts[actual][predicted]`: rows are the true classes, columns the predicted ones. */
export type ConfusionMatrix = readonly (readonly number[])[];

/**
 * The predicted class of each row of `probabilities` (row-major, `classCount` per row): the most
 * probable one, the lowest index on a tie, as `tf.argMax` and Keras's accuracy metrics decide.
 */
export function argmaxRows(probabilities: ArrayLike<number>, classCount: number): Int32Array {
  const rows = probabilities.length / classCount;
  const predicted = new Int32Array(rows);
  for (let row = 0; row < rows; row++) {
    let best = 0;
    for (let k = 1; k < classCount; k++) {
      if (probabilities[row * classCount + k]! > probabilities[row * classCount + best]!) best = k;
    }
    predicted[row] = best;
  }
  return predicted;
}

/** Counts each (actual, predicted) pair. Throws RangeError for a class index outside [0, classCount): a caller bug. */
export function confusionMatrix(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classCount: number,
): number[][] {
  if (actual.length !== predicted.length) {
    throw new RangeError(`confusionMatrix: ${actual.length} actual classes but ${predicted.length} predicted`);
  }
  const counts = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const p = predicted[i]!;
    if (!(isClassIndex(a, classCount) && isClassIndex(p, classCount))) {
      throw new RangeError(
        `confusionMatrix: class index out of range at ${i} (actual ${a}, predicted ${p}, ${classCount} classes)`,
      );
    }
    counts[a]![p]!++;
  }
  return counts;
}

function isClassIndex(k: number, classCount: number): boolean {
  return Number.isInteger(k) && k >= 0 && k < classCount;
}

export interface ClassMetrics {
  readonly label: string;
  /** TP / (TP + FP); 0 when the class is never predicted (`predicted` = 0), scikit-learn's `zero_division=0`. */
  readonly precision: number;
  /** TP / (TP + FN); 0 when the class has no examples (`support` = 0), by the same convention. */
  readonly recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  readonly f1: number;
  /** Examples whose true class this is (the row sum). */
  readonly support: number;
  /** Examples predicted as this class (the column sum), so the UI can say why a precision is 0. */
  readonly predicted: number;
}

export interface AveragedMetrics {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface ClassificationReport {
  /** Correct predictions / all examples. */
  readonly accuracy: number;
  readonly perClass: readonly ClassMetrics[];
  /** The unweighted mean over every class, those without examples included (as scikit-learn's `average='macro'`). */
  readonly macro: AveragedMetrics;
  /** The mean weighted by support, so each example counts once. */
  readonly weighted: AveragedMetrics;
}

/**
 * Accuracy, per-class precision/recall/F1 and their averages from a confusion matrix. The F1
 * averages are the means of the per-class F1s, not the F1 of the mean precision and recall.
 * Throws RangeError when the matrix holds no examples or does not match `labels`.
 */
export function classificationReport(matrix: ConfusionMatrix, labels: readonly string[]): ClassificationReport {
  const k = labels.length;
  if (matrix.length !== k || matrix.some((row) => row.length !== k)) {
    throw new RangeError(`classificationReport: the matrix is not ${k} × ${k}`);
  }
  const total = sum(matrix.map(sum));
  if (total === 0) throw new RangeError('classificationReport: the matrix holds no examples');

  const perClass = labels.map((label, c): ClassMetrics => {
    const truePositives = matrix[c]![c]!;
    const support = sum(matrix[c]!);
    const predicted = sum(matrix.map((row) => row[c]!));
    const precision = predicted === 0 ? 0 : truePositives / predicted;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support, predicted };
  });
  const average = (weight: (m: ClassMetrics) => number): AveragedMetrics => {
    const weights = perClass.map(weight);
    const totalWeight = sum(weights);
    const mean = (pick: (m: ClassMetrics) => number) =>
      sum(perClass.map((m, i) => pick(m) * weights[i]!)) / totalWeight;
    return { precision: mean((m) => m.precision), recall: mean((m) => m.recall), f1: mean((m) => m.f1) };
  };
  return {
    accuracy: sum(matrix.map((row, c) => row[c]!)) / total,
    perClass,
    macro: average(() => 1),
    weighted: average((m) => m.support),
  };
}

// ── ROC and precision–recall curves ─────────────────────────────────────────

/** ROC: x = false-positive rate, y = true-positive rate. PR: x = recall, y = precision. */
export interface CurvePoint {
  readonly x: number;
  readonly y: number;
}

export interface Curve {
  /** From the highest threshold down; empty when `area` is undefined. */
  readonly points: readonly CurvePoint[];
  /** ROC: the area under the curve; PR: the average precision. */
  readonly area: MetricValue;
}

/**
 * Walks the examples from the highest score down, one step per DISTINCT score: tied examples
 * cross the threshold together, so a tie never gets an arbitrary order (it becomes a diagonal
 * ROC segment, worth half a correctly ordered pair, as in the Mann–Whitney U statistic).
 */
function thresholdSteps(scores: ArrayLike<number>, isPositive: ArrayLike<boolean>) {
  if (scores.length !== isPositive.length) {
    throw new RangeError(`${scores.length} scores but ${isPositive.length} labels`);
  }
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const steps: { truePositives: number; falsePositives: number }[] = [];
  let truePositives = 0;
  let falsePositives = 0;
  for (let i = 0; i < order.length; i++) {
    if (isPositive[order[i]!]) truePositives++;
    else falsePositives++;
    const lastOfTie = i === order.length - 1 || scores[order[i + 1]!] !== scores[order[i]!];
    if (lastOfTie) steps.push({ truePositives, falsePositives });
  }
  return { steps, positives: truePositives, negatives: falsePositives };
}

const NO_POSITIVES = 'the split has no example of this class';
const NO_NEGATIVES = 'every example in the split is of this class';

/**
 * The ROC curve of `scores` (higher = more likely positive), from (0, 0) to (1, 1), and its area
 * by the trapezoidal rule. Undefined when the split lacks positives or negatives (a rate would
 * divide by zero); scikit-learn raises there.
 */
export function rocCurve(scores: ArrayLike<number>, isPositive: ArrayLike<boolean>): Curve {
  const { steps, positives, negatives } = thresholdSteps(scores, isPositive);
  if (positives === 0) return { points: [], area: { value: null, undefinedBecause: NO_POSITIVES } };
  if (negatives === 0) return { points: [], area: { value: null, undefinedBecause: NO_NEGATIVES } };
  const points: CurvePoint[] = [{ x: 0, y: 0 }];
  let area = 0;
  for (const { truePositives, falsePositives } of steps) {
    const previous = points.at(-1)!;
    const point = { x: falsePositives / negatives, y: truePositives / positives };
    area += ((point.x - previous.x) * (point.y + previous.y)) / 2;
    points.push(point);
  }
  return { points, area: { value: area } };
}

/**
 * The precision–recall curve, starting at (recall 0, precision 1) as scikit-learn draws it, and
 * the average precision AP = Σ (Rₙ − Rₙ₋₁) · Pₙ over the thresholds: a step sum, not the
 * trapezoid, which would be optimistic (scikit-learn's `average_precision_score`). Undefined
 * without positives (recall divides by zero).
 */
export function precisionRecallCurve(scores: ArrayLike<number>, isPositive: ArrayLike<boolean>): Curve {
  const { steps, positives } = thresholdSteps(scores, isPositive);
  if (positives === 0) return { points: [], area: { value: null, undefinedBecause: NO_POSITIVES } };
  const points: CurvePoint[] = [{ x: 0, y: 1 }];
  let averagePrecision = 0;
  let previousRecall = 0;
  for (const { truePositives, falsePositives } of steps) {
    const recall = truePositives / positives;
    const precision = truePositives / (truePositives + falsePositives);
    averagePrecision += (recall - previousRecall) * precision;
    previousRecall = recall;
    points.push({ x: recall, y: precision });
  }
  return { points, area: { value: averagePrecision } };
}

export interface ClassCurves {
  readonly roc: Curve;
  readonly pr: Curve;
}

/**
 * One-vs-rest curves for class `positive`: its column of `probabilities` (row-major,
 * `classCount` per row) is the score, and an example is positive when its true class is `positive`.
 */
export function oneVsRestCurves(
  probabilities: ArrayLike<number>,
  actual: ArrayLike<number>,
  classCount: number,
  positive: number,
): ClassCurves {
  const scores = Float64Array.from({ length: actual.length }, (_, i) => probabilities[i * classCount + positive]!);
  const isPositive = Array.from({ length: actual.length }, (_, i) => actual[i] === positive);
  return { roc: rocCurve(scores, isPositive), pr: precisionRecallCurve(scores, isPositive) };
}

/**
 * The mean of the defined areas (macro one-vs-rest ROC AUC over the classes the split can score);
 * undefined when no class's area is defined.
 */
export function macroArea(curves: readonly Curve[]): MetricValue {
  const defined = curves.flatMap(({ area }) => (area.value === null ? [] : [area.value]));
  if (defined.length === 0)
    return { value: null, undefinedBecause: 'no class has both positive and negative examples in the split' };
  return { value: sum(defined) / defined.length };
}

// ── regression ───────────────────────────────────────────────────────────────

export interface RegressionMetrics {
  readonly mse: number;
  readonly rmse: number;
  readonly mae: number;
  /** 1 − SS_res / SS_tot; undefined when every target is the same (SS_tot = 0). */
  readonly r2: MetricValue;
}

/** Throws RangeError for no examples or arrays of different lengths: caller bugs. */
export function regressionMetrics(actual: ArrayLike<number>, predicted: ArrayLike<number>): RegressionMetrics {
  const n = actual.length;
  if (n !== predicted.length)
    throw new RangeError(`regressionMetrics: ${n} actual values but ${predicted.length} predicted`);
  if (n === 0) throw new RangeError('regressionMetrics: no examples');
  let squaredErrors = 0;
  let absoluteErrors = 0;
  let actualSum = 0;
  for (let i = 0; i < n; i++) {
    const error = actual[i]! - predicted[i]!;
    squaredErrors += error * error;
    absoluteErrors += Math.abs(error);
    actualSum += actual[i]!;
  }
  const mean = actualSum / n;
  let totalSquares = 0;
  for (let i = 0; i < n; i++) totalSquares += (actual[i]! - mean) ** 2;
  const mse = squaredErrors / n;
  return {
    mse,
    rmse: Math.sqrt(mse),
    mae: absoluteErrors / n,
    r2:
      totalSquares === 0
        ? {
            value: null,
            undefinedBecause: 'every target in the split has the same value, so there is no variance to explain',
          }
        : { value: 1 - squaredErrors / totalSquares },
  };
}

export interface HistogramBin {
  /** [from, to), the last bin [from, to]. */
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/**
 * `binCount` equal-width bins spanning the values' range. Values all equal → one bin of zero
 * width holding them all; no values → no bins.
 */
export function histogram(values: ArrayLike<number>, binCount: number): HistogramBin[] {
  if (!(Number.isInteger(binCount) && binCount >= 1))
    throw new RangeError(`histogram: binCount must be a positive integer, received ${binCount}`);
  if (values.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  if (min === max) return [{ from: min, to: max, count: values.length }];
  const width = (max - min) / binCount;
  const counts = new Array<number>(binCount).fill(0);
  for (let i = 0; i < values.length; i++) {
    counts[Math.min(binCount - 1, Math.floor((values[i]! - min) / width))]!++;
  }
  return counts.map((count, b) => ({
    from: min + b * width,
    to: b === binCount - 1 ? max : min + (b + 1) * width,
    count,
  }));
}

// ── helpers ──────────────────────────────────────────────────────────────────

/**
 * At most `max` (≥ 2) items, evenly spaced by index, always keeping the first and the last: a
 * curve or a scatter keeps its shape and its ends with fewer points to draw and send.
 */
export function thinEvenly<T>(items: readonly T[], max: number): T[] {
  if (!(Number.isInteger(max) && max >= 2))
    throw new RangeError(`thinEvenly: max must be an integer ≥ 2, received ${max}`);
  if (items.length <= max) return [...items];
  return Array.from({ length: max }, (_, i) => items[Math.round((i * (items.length - 1)) / (max - 1))]!);
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
