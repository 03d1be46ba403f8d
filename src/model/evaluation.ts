/**
 * What evaluating a trained model on a split says, as plain data the training worker sends to the
 * UI, and the pure functions that assemble it from the model's outputs (src/engine/evaluate.ts
 * runs the model; everything after that is here, testable without tfjs).
 */
import {
  argmaxRows,
  classificationReport,
  confusionMatrix,
  histogram,
  macroArea,
  oneVsRestCurves,
  regressionMetrics,
  thinEvenly,
  type ClassificationReport,
  type ConfusionMatrix,
  type Curve,
  type HistogramBin,
  type MetricValue,
  type RegressionMetrics,
} from './metrics';

/** Curves are for drawing: 200 points is more than a chart's width shows. Areas use every point. */
export const MAX_CURVE_POINTS = 200;
/** Enough for a scatter to show the pattern without sending the whole split. */
export const MAX_SCATTER_PAIRS = 1000;
/** Examples listed per confusion-matrix cell; the cell's full count is in the matrix. */
export const MAX_EXAMPLES_PER_CELL = 50;
/** The square-root rule for the residual histogram's bins, within these bounds. */
const MIN_RESIDUAL_BINS = 5;
const MAX_RESIDUAL_BINS = 30;

/** One example listed under a confusion-matrix cell. */
export interface EvaluatedExample {
  /** 0-based data row in the data set (the CSV's line number minus 2). */
  readonly row: number;
  /** The row's feature cells as text, in `ClassificationEvaluation.columns` order; numbers as stored (float32). */
  readonly values: readonly string[];
  /** Every class's probability, in `labels` order. */
  readonly probabilities: readonly number[];
}

export interface ClassCurveSet {
  readonly label: string;
  /** Thinned to ≤ MAX_CURVE_POINTS; the areas were computed before thinning. */
  readonly roc: Curve;
  readonly pr: Curve;
}

/**
 * The validation split is what training watched (its curves, early stopping); the test split was
 * never seen by the run, so it gives the honest measure.
 */
export type EvaluationSplit = 'validation' | 'test';

interface EvaluationBase {
  /** The run whose model was evaluated. */
  readonly runId: string;
  /** Which rows were evaluated. */
  readonly split: EvaluationSplit;
  /** How many examples were evaluated. */
  readonly count: number;
}

export interface ClassificationEvaluation extends EvaluationBase {
  readonly task: 'binary' | 'multiclass';
  readonly labels: readonly string[];
  readonly report: ClassificationReport;
  /** counts[actual][predicted], in `labels` order. */
  readonly confusion: ConfusionMatrix;
  /** Binary: one set, for the positive class (`labels[1]`); multiclass: one per class, one-vs-rest. */
  readonly curves: readonly ClassCurveSet[];
  /** Binary: the positive class's ROC AUC; multiclass: the mean one-vs-rest AUC over the classes it is defined for. */
  readonly rocAuc: MetricValue;
  /** The feature columns, the order of `EvaluatedExample.values`. */
  readonly columns: readonly string[];
  /** examples[actual][predicted]: the first MAX_EXAMPLES_PER_CELL examples of each cell, in data-set order. */
  readonly examples: readonly (readonly (readonly EvaluatedExample[])[])[];
}

export interface RegressionEvaluation extends EvaluationBase {
  readonly task: 'regression';
  /** The target column's name. */
  readonly target: string;
  readonly metrics: RegressionMetrics;
  /** At most MAX_SCATTER_PAIRS (actual, predicted) pairs, evenly spaced through the split. */
  readonly pairs: readonly { readonly actual: number; readonly predicted: number }[];
  /** Residuals (actual − predicted) in equal-width bins. */
  readonly residuals: readonly HistogramBin[];
}

export type Evaluation = ClassificationEvaluation | RegressionEvaluation;

/** What every evaluation states: which run, which split. */
export type EvaluationSubject = Pick<EvaluationBase, 'runId' | 'split'>;

export interface ClassifierOutputs {
  readonly labels: readonly string[];
  /** Row-major, `labels.length` per example (a binary head's sigmoid expanded to [1 − p, p]). */
  readonly probabilities: ArrayLike<number>;
  /** The true class index of each example. */
  readonly actual: ArrayLike<number>;
  /** The data-set row of each example. */
  readonly rows: ArrayLike<number>;
}

/** The feature columns and, for a data-set row, its cells as text in that order. */
export interface RowDescriber {
  readonly columns: readonly string[];
  valuesOf(row: number): readonly string[];
}

/** Assembles a classification evaluation; `valuesOf` is called only for the listed examples. */
export function classificationEvaluation(
  subject: EvaluationSubject,
  outputs: ClassifierOutputs,
  describe: RowDescriber,
): ClassificationEvaluation {
  const { labels, probabilities, actual, rows } = outputs;
  const k = labels.length;
  const predicted = argmaxRows(probabilities, k);
  const confusion = confusionMatrix(actual, predicted, k);

  const examples = labels.map(() => labels.map((): EvaluatedExample[] => []));
  for (let i = 0; i < actual.length; i++) {
    const cell = examples[actual[i]!]![predicted[i]!]!;
    if (cell.length === MAX_EXAMPLES_PER_CELL) continue;
    cell.push({
      row: rows[i]!,
      values: describe.valuesOf(rows[i]!),
      probabilities: Array.from({ length: k }, (_, c) => probabilities[i * k + c]!),
    });
  }

  // A binary task's two one-vs-rest curves mirror each other: show the positive class's only.
  const scoredClasses = k === 2 ? [1] : labels.map((_, c) => c);
  const fullCurves = scoredClasses.map((c) => ({ label: labels[c]!, ...oneVsRestCurves(probabilities, actual, k, c) }));
  const thin = (curve: Curve): Curve => ({ ...curve, points: thinEvenly(curve.points, MAX_CURVE_POINTS) });
  return {
    ...subject,
    count: actual.length,
    task: k === 2 ? 'binary' : 'multiclass',
    labels,
    report: classificationReport(confusion, labels),
    confusion,
    curves: fullCurves.map(({ label, roc, pr }) => ({ label, roc: thin(roc), pr: thin(pr) })),
    rocAuc: macroArea(fullCurves.map(({ roc }) => roc)),
    columns: describe.columns,
    examples,
  };
}

/** Assembles a regression evaluation from each example's true and predicted value. */
export function regressionEvaluation(
  subject: EvaluationSubject,
  target: string,
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
): RegressionEvaluation {
  const n = actual.length;
  const residuals = Float64Array.from({ length: n }, (_, i) => actual[i]! - predicted[i]!);
  const binCount = Math.min(MAX_RESIDUAL_BINS, Math.max(MIN_RESIDUAL_BINS, Math.ceil(Math.sqrt(n))));
  const indices = Array.from({ length: n }, (_, i) => i);
  return {
    ...subject,
    count: n,
    task: 'regression',
    target,
    metrics: regressionMetrics(actual, predicted),
    pairs: thinEvenly(indices, MAX_SCATTER_PAIRS).map((i) => ({ actual: actual[i]!, predicted: predicted[i]! })),
    residuals: histogram(residuals, binCount),
  };
}

/** The one number that sums a model up on a split: accuracy for classification, R² for regression. */
export interface HeadlineMetric {
  readonly name: 'accuracy' | 'R²';
  readonly split: EvaluationSplit;
  readonly value: MetricValue;
}

export function headlineMetric(evaluation: Evaluation): HeadlineMetric {
  const { split } = evaluation;
  return evaluation.task === 'regression'
    ? { name: 'R²', split, value: evaluation.metrics.r2 }
    : { name: 'accuracy', split, value: { value: evaluation.report.accuracy } };
}
