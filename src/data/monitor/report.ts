/**
 * A batch held against the reference profile: per column how far it has drifted, in numbers and
 * in words, with both distributions over the same bins; the same for the model's predictions; and,
 * when the batch has the target, the model's headline metric on it beside the test split's.
 */
import type { HeadlineMetric } from '../../model/evaluation';
import { formatMetric, formatValue } from '../../model/format';
import { regressionMetrics, type MetricValue } from '../../model/metrics';
import type { Prediction } from '../../model/prediction';
import type { Result } from '../../model/result';
import { isMissingNumberCell, parseNumberCell } from '../cells';
import { categoryText, type FeatureTransform, type FittedPipeline } from '../preprocess';
import { predictRawRows, type Scorer } from '../predictRaw';
import { listed, readMonitorBatch, type MonitorBatch } from './batch';
import {
  chiSquare,
  driftLevel,
  DRIFTED_PSI,
  kolmogorovSmirnov,
  psi,
  STABLE_PSI,
  type DriftLevel,
  type TestResult,
} from './drift';
import {
  binLabels,
  binned,
  categoryCounts,
  numericCells,
  sharesOf,
  textLengths,
  type ColumnProfile,
  type PredictionProfile,
  type ReferenceProfile,
} from './profile';

/** One bin's share in the training rows and in the batch. */
export interface BinPair {
  readonly label: string;
  readonly reference: number;
  readonly batch: number;
}

export interface Drift {
  readonly psi: number;
  readonly level: DriftLevel;
  /** "age has drifted: PSI 0.31 > 0.25". */
  readonly sentence: string;
  readonly bins: readonly BinPair[];
}

export interface ColumnDrift extends Drift {
  readonly name: string;
  /** An image column gives several: each channel's brightness and contrast (imageReport.ts). */
  readonly kind: ColumnProfile['kind'];
  /** Numeric columns, text lengths and images' statistics. */
  readonly ks?: TestResult;
  /** Categorical columns. */
  readonly chiSquare?: TestResult;
  /** What else changed: values outside the training categories, missing values, unknown words. */
  readonly notes: readonly string[];
}

export interface BatchMetric {
  readonly name: HeadlineMetric['name'];
  readonly batch: MetricValue;
  readonly test: MetricValue;
  /** The rows of the batch it was measured on (those with a target and a prediction). */
  readonly rows: number;
}

export interface MonitorReport {
  readonly rows: number;
  readonly referenceRows: number;
  readonly columns: readonly ColumnDrift[];
  readonly predictions: Drift;
  /** Batch columns the model does not read. */
  readonly ignored: readonly string[];
  /** Rows the model could not predict (a cell it cannot read); left out of the prediction distribution. */
  readonly failedRows: number;
  /** When the batch has the target column. */
  readonly metric?: BatchMetric;
  /** What else the person needs told: image files left out, a reference too old to compare with. */
  readonly notes?: readonly string[];
}

/** What a batch is counted in, and what drifts in it: a table's rows and columns, or images and their channels. */
export function batchTerms(report: MonitorReport): { readonly unit: 'rows' | 'images'; readonly none: string } {
  const images = report.columns.length > 0 && report.columns.every((column) => column.kind === 'image');
  return images ? { unit: 'images', none: 'Nothing has drifted' } : { unit: 'rows', none: 'No column has drifted' };
}

/** The sentence for a PSI: "age has drifted: PSI 0.31 > 0.25". */
export function driftSentence(name: string, value: number): string {
  const shown = formatValue(value);
  switch (driftLevel(value)) {
    case 'stable':
      return `${name} is stable: PSI ${shown} < ${STABLE_PSI}`;
    case 'moderate':
      return `${name} has moved moderately: PSI ${shown} is between ${STABLE_PSI} and ${DRIFTED_PSI}`;
    case 'drifted':
      return `${name} has drifted: PSI ${shown} > ${DRIFTED_PSI}`;
  }
}

export function drift(
  name: string,
  labels: readonly string[],
  reference: readonly number[],
  batch: readonly number[],
): Drift {
  const value = psi(reference, batch);
  return {
    psi: value,
    level: driftLevel(value),
    sentence: driftSentence(name, value),
    bins: labels.map((label, i) => ({ label, reference: reference[i] ?? 0, batch: batch[i] ?? 0 })),
  };
}

const percent = (share: number): string => `${formatValue(share * 100)} %`;

/**
 * One column of the reference compared with the batch's cells; `feature` is how the model encodes
 * it (a text's tokenizer). Image columns are not read from a table.
 */
export function columnDrift(
  reference: ColumnProfile,
  cells: readonly string[],
  feature: FeatureTransform | undefined,
): ColumnDrift | undefined {
  const { name } = reference;
  switch (reference.kind) {
    case 'numeric': {
      const { values, missing, notNumbers } = numericCells(cells);
      const batch = binned(values, reference.edges);
      const missingShare = cells.length === 0 ? 0 : missing / cells.length;
      const notes = [
        ...(missingShare > 0 || reference.missingShare > 0
          ? [`Missing: ${percent(missingShare)} of the batch, ${percent(reference.missingShare)} in training.`]
          : []),
        ...(notNumbers.length > 0
          ? [
              `${notNumbers.length} cell${notNumbers.length > 1 ? 's are' : ' is'} not a number (such as "${notNumbers[0]}").`,
            ]
          : []),
      ];
      return {
        name,
        kind: 'numeric',
        ...drift(name, binLabels(reference.edges), reference.shares, batch.shares),
        ks: kolmogorovSmirnov(reference.shares, batch.shares, { expected: reference.count, actual: batch.count }),
        notes,
      };
    }
    case 'categorical': {
      const counts = categoryCounts(cells, reference.categories);
      const outside = counts[counts.length - 1]!;
      const outsideValues = [
        ...new Set(
          cells.filter((cell) => !isMissingNumberCell(cell) && !reference.categories.includes(categoryText(cell))),
        ),
      ];
      const labels = [...reference.categories, 'other'];
      return {
        name,
        kind: 'categorical',
        ...drift(name, labels, [...reference.shares, 0], sharesOf(counts)),
        chiSquare: chiSquare([...reference.shares.map((share) => share * reference.count), 0], counts),
        notes:
          outside > 0
            ? [
                `${outside} value${outside > 1 ? 's are' : ' is'} not among the training categories (${listed(outsideValues)}).`,
              ]
            : [],
      };
    }
    case 'text': {
      if (feature?.kind !== 'text') return undefined;
      const { lengths, oovRate } = textLengths(cells, feature.tokenizer);
      const batch = binned(lengths, reference.edges);
      return {
        name,
        kind: 'text',
        ...drift(`${name} (length in tokens)`, binLabels(reference.edges), reference.shares, batch.shares),
        ks: kolmogorovSmirnov(reference.shares, batch.shares, { expected: reference.count, actual: batch.count }),
        notes: [
          `Words outside the vocabulary: ${percent(oovRate)} of the batch's, ${percent(reference.oovRate)} in training.`,
        ],
      };
    }
    case 'image':
      return undefined;
  }
}

function predictionDrift(reference: PredictionProfile, predictions: readonly Prediction[]): Drift {
  if (reference.kind === 'classes') {
    const counts = categoryCounts(
      predictions.flatMap((p) => (p.label === undefined ? [] : [p.label])),
      reference.labels,
    ).slice(0, -1);
    return drift('The prediction distribution', reference.labels, reference.shares, sharesOf(counts));
  }
  const values = predictions.flatMap((p) => (p.value === undefined ? [] : [p.value]));
  return drift(
    'The prediction distribution',
    binLabels(reference.edges),
    reference.shares,
    binned(values, reference.edges).shares,
  );
}

/**
 * The headline metric on the batch rows that have a target and a prediction; undefined, with the
 * reason, when the batch's target is of another task (no class the model knows, or no number).
 */
function batchMetric(
  target: FittedPipeline['target'],
  rows: MonitorBatch['rows'],
  predictions: readonly (Prediction | undefined)[],
  test: HeadlineMetric,
): BatchMetric {
  const pairs = rows.flatMap((row, i) => {
    const prediction = predictions[i];
    const cell = row[target.name] ?? '';
    return prediction && !isMissingNumberCell(cell) ? [{ cell, prediction }] : [];
  });
  const anotherTask = (holds: (example: string) => string): MetricValue => ({
    value: null,
    undefinedBecause: `the batch's ${target.name} holds ${holds(pairs[0]!.cell)}: is the batch for another task?`,
  });
  if (test.name === 'accuracy') {
    const right = pairs.filter(({ cell, prediction }) => prediction.label === categoryText(cell)).length;
    const batch: MetricValue =
      pairs.length === 0
        ? { value: null, undefinedBecause: 'no row of the batch has a target' }
        : pairs.every(({ cell }) => !target.labels.includes(categoryText(cell)))
          ? anotherTask(
              (example) => `values such as "${example}", none of the model's classes (${listed(target.labels)})`,
            )
          : { value: right / pairs.length };
    return { name: 'accuracy', batch, test: test.value, rows: pairs.length };
  }
  const numbers = pairs.flatMap(({ cell, prediction }) => {
    const actual = parseNumberCell(cell);
    return actual === undefined || prediction.value === undefined ? [] : [{ actual, predicted: prediction.value }];
  });
  const batch: MetricValue =
    numbers.length > 0
      ? regressionMetrics(
          numbers.map((n) => n.actual),
          numbers.map((n) => n.predicted),
        ).r2
      : pairs.length > 0
        ? anotherTask((example) => `text such as "${example}" where the model predicts numbers`)
        : { value: null, undefinedBecause: 'no row of the batch has a target' };
  return { name: 'R²', batch, test: test.value, rows: numbers.length };
}

/**
 * The batch against `reference`, for the model encoding through `pipeline`. `predictions[i]` is row
 * i's prediction, undefined when the model could not read the row; `test` the model's headline
 * metric on its test split.
 */
export function monitorReport(
  reference: ReferenceProfile,
  pipeline: FittedPipeline,
  batch: MonitorBatch,
  predictions: readonly (Prediction | undefined)[],
  test: HeadlineMetric,
): MonitorReport {
  const columns = reference.columns.flatMap((column) => {
    const compared = columnDrift(
      column,
      batch.rows.map((row) => row[column.name] ?? ''),
      pipeline.features.find((feature) => feature.name === column.name),
    );
    return compared ? [compared] : [];
  });
  const predicted = predictions.flatMap((p) => (p ? [p] : []));
  return {
    rows: batch.rows.length,
    referenceRows: reference.rows,
    columns,
    predictions: predictionDrift(reference.predictions, predicted),
    ignored: batch.ignored,
    failedRows: predictions.length - predicted.length,
    ...(batch.hasTarget && { metric: batchMetric(pipeline.target, batch.rows, predictions, test) }),
  };
}

/** The metric's value as written in the report, or why it has none. */
export function metricText(value: MetricValue): string {
  return value.value === null ? `— (${value.undefinedBecause})` : formatMetric(value.value);
}

/**
 * The CSV batch `text` read, predicted through `pipeline` by `score` and compared with `reference`:
 * what the studio's Monitor view and the exported web app both report.
 */
export async function monitorCsv(
  score: Scorer,
  pipeline: FittedPipeline,
  reference: ReferenceProfile,
  text: string,
  test: HeadlineMetric,
): Promise<Result<MonitorReport>> {
  const batch = readMonitorBatch(text, pipeline);
  if (!batch.ok) return batch;
  const predictions = await predictRawRows(score, pipeline, batch.value.rows);
  return {
    ok: true,
    value: monitorReport(
      reference,
      pipeline,
      batch.value,
      predictions.map((prediction) => (prediction.ok ? prediction.value : undefined)),
      test,
    ),
  };
}
