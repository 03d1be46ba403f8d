/**
 * Preprocessing: how cell text becomes numbers, and the fitted pipeline that turns stored
 * columns (or one raw row typed by a person) into model inputs.
 *
 * Contract: statistics (means, standard deviations) come from the TRAINING rows only, and the
 * fitted pipeline is plain JSON saved with the model, so predictions use the very same transform.
 */
import type { DataContext } from '../model/task';
import type { DataConfig, DatasetMeta, Result, StoredColumn, StoredDataset } from './schema';
import { splitRows } from './split';
import { inferTask, type TargetInfo } from './task';

// ── cells ────────────────────────────────────────────────────────────────────

/** Cell texts that mean "no value", compared trimmed and lower-cased. */
const MISSING_MARKERS = new Set(['', 'na', 'n/a', 'nan', 'null', '?']);

/** Plain decimal notation only: "1,5", "0x10", "1_000" or "Infinity" are not numbers here. */
const DECIMAL_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** True for an empty cell or a marker such as "NA", "N/A", "NaN", "null" or "?". */
export function isMissingCell(text: string): boolean {
  return MISSING_MARKERS.has(text.trim().toLowerCase());
}

/** The finite number a (non-missing) cell holds, or undefined when it holds something else. */
export function parseNumberCell(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DECIMAL_NUMBER.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * The shortest decimal text that reads back as the same float32 (0.1f → "0.1", not
 * "0.10000000149011612"); used for class labels of numeric targets.
 */
export function formatFloat32(value: number): string {
  for (let digits = 1; digits <= 9; digits++) {
    const rounded = Number(value.toPrecision(digits));
    if (Math.fround(rounded) === value) return String(rounded);
  }
  return String(value);
}

// ── rows and classes ─────────────────────────────────────────────────────────

function hasValue(column: StoredColumn, row: number): boolean {
  return column.type === 'numeric' ? !Number.isNaN(column.values[row]!) : column.codes[row]! >= 0;
}

function rowCountOf(columns: readonly StoredColumn[]): number {
  const first = columns[0];
  if (first === undefined) return 0;
  return first.type === 'numeric' ? first.values.length : first.codes.length;
}

/**
 * Indices (ascending) of the rows with a value in every named column. The skeleton trains on
 * complete rows only. Throws RangeError for a name that is not a column: a caller bug.
 */
export function completeRows(columns: readonly StoredColumn[], names: readonly string[]): Uint32Array {
  const selected = names.map((name) => {
    const column = columns.find((c) => c.name === name);
    if (column === undefined) throw new RangeError(`completeRows: no column named "${name}"`);
    return column;
  });
  const n = rowCountOf(columns);
  const rows: number[] = [];
  for (let row = 0; row < n; row++) {
    if (selected.every((column) => hasValue(column, row))) rows.push(row);
  }
  return Uint32Array.from(rows);
}

/**
 * Each row's class index into `labels`, -1 where the target is missing or not one of the labels.
 * Works across data sets: categories are matched by text, numbers by their float32 value.
 */
export function classIndices(column: StoredColumn, labels: readonly string[]): Int32Array {
  if (column.type === 'categorical') {
    const indexOfLabel = new Map(labels.map((label, index) => [label, index]));
    const classOfCode = column.vocabulary.map((value) => indexOfLabel.get(value) ?? -1);
    return column.codes.map((code) => (code < 0 ? -1 : classOfCode[code]!));
  }
  const labelValues = labels.map((label) => Math.fround(Number(label)));
  const classes = new Int32Array(column.values.length);
  column.values.forEach((value, row) => {
    classes[row] = labelValues.indexOf(value);
  });
  return classes;
}

// ── the fitted pipeline ──────────────────────────────────────────────────────

export type FeatureTransform =
  | { readonly kind: 'standardize'; readonly name: string; readonly mean: number; readonly std: number }
  /** One input per category, in this order; a value outside it encodes as all zeros. */
  | { readonly kind: 'oneHot'; readonly name: string; readonly categories: readonly string[] };

/** Everything needed to encode data the same way again; plain JSON, saved with the model. */
export interface FittedPipeline {
  readonly version: 1;
  /** Every column but the target, in data-set order; each takes `widthOf(feature)` inputs. */
  readonly features: readonly FeatureTransform[];
  readonly target: TargetInfo & { readonly name: string };
  readonly inputSize: number;
}

export interface EncodedRows {
  /** count × inputSize, row-major. */
  readonly x: Float32Array;
  /** Class index (classification) or value (regression) per row; NaN where the target is missing. */
  readonly y: Float32Array;
  readonly count: number;
}

function widthOf(feature: FeatureTransform): number {
  return feature.kind === 'standardize' ? 1 : feature.categories.length;
}

/**
 * Fits the pipeline for predicting `target` from every other column. Means and standard
 * deviations come from `trainRows` only (population std; a constant column gets std 1).
 *
 * One-hot vocabularies are every category of the WHOLE column, not only the training rows'.
 * Which values exist is not a statistic of the rows (no counts or moments cross the split), and
 * it makes the input width a property of the data set: the canvas can show the same shapes
 * before any split (`dataContextFromMeta`) as training builds.
 */
export function fitPipeline(
  dataset: StoredDataset,
  spec: { readonly target: string },
  trainRows: Uint32Array,
): Result<FittedPipeline> {
  const summary = dataset.meta.columns.find((c) => c.name === spec.target);
  if (summary === undefined) return { ok: false, error: `The data set has no column "${spec.target}".` };
  const target = inferTask(summary);
  if (!target.ok) return target;
  if (trainRows.length === 0) return { ok: false, error: 'There are no training rows to learn from.' };

  const features = dataset.columns
    .filter((column) => column.name !== spec.target)
    .map((column): FeatureTransform => {
      if (column.type === 'categorical') return { kind: 'oneHot', name: column.name, categories: column.vocabulary };
      const { mean, std } = meanAndStd(column.values, trainRows);
      return { kind: 'standardize', name: column.name, mean, std };
    });
  return {
    ok: true,
    value: {
      version: 1,
      features,
      target: { name: spec.target, ...target.value },
      inputSize: features.reduce((sum, feature) => sum + widthOf(feature), 0),
    },
  };
}

/** Over the given rows, skipping missing values; a column with no values passes through (0, 1). */
function meanAndStd(values: Float32Array, rows: Uint32Array): { mean: number; std: number } {
  let count = 0;
  let sum = 0;
  for (const row of rows) {
    const value = values[row]!;
    if (Number.isNaN(value)) continue;
    count++;
    sum += value;
  }
  if (count === 0) return { mean: 0, std: 1 };
  const mean = sum / count;
  let squares = 0;
  for (const row of rows) {
    const value = values[row]!;
    if (!Number.isNaN(value)) squares += (value - mean) ** 2;
  }
  const std = Math.sqrt(squares / count);
  return { mean, std: std > 0 ? std : 1 };
}

/**
 * Encodes `rows` of a data set. Rows are meant to be complete (`completeRows`); if one is not,
 * a missing number encodes as the training mean (0) and a missing category as all zeros. Fails
 * when a column the pipeline needs is absent or holds the other kind of values.
 */
export function applyPipeline(fitted: FittedPipeline, dataset: StoredDataset, rows: Uint32Array): Result<EncodedRows> {
  const count = rows.length;
  const x = new Float32Array(count * fitted.inputSize);
  let offset = 0;
  for (const feature of fitted.features) {
    const column = dataset.columns.find((c) => c.name === feature.name);
    if (column === undefined) {
      return { ok: false, error: `The data set has no column "${feature.name}", which the model was trained on.` };
    }
    if (feature.kind === 'standardize') {
      if (column.type !== 'numeric') return { ok: false, error: `Column "${feature.name}" should hold numbers.` };
      rows.forEach((row, i) => {
        const value = column.values[row]!;
        x[i * fitted.inputSize + offset] = Number.isNaN(value) ? 0 : (value - feature.mean) / feature.std;
      });
    } else {
      if (column.type !== 'categorical') {
        return { ok: false, error: `Column "${feature.name}" should hold categories, not numbers.` };
      }
      const indexOfCategory = new Map(feature.categories.map((category, index) => [category, index]));
      const slotOfCode = column.vocabulary.map((value) => indexOfCategory.get(value) ?? -1);
      rows.forEach((row, i) => {
        const code = column.codes[row]!;
        const slot = code < 0 ? -1 : slotOfCode[code]!;
        if (slot >= 0) x[i * fitted.inputSize + offset + slot] = 1;
      });
    }
    offset += widthOf(feature);
  }

  const targetColumn = dataset.columns.find((c) => c.name === fitted.target.name);
  if (targetColumn === undefined) return { ok: false, error: `The data set has no target column "${fitted.target.name}".` };
  const y = new Float32Array(count);
  if (fitted.target.task === 'regression') {
    if (targetColumn.type !== 'numeric') {
      return { ok: false, error: `The target column "${fitted.target.name}" should hold numbers.` };
    }
    rows.forEach((row, i) => {
      y[i] = targetColumn.values[row]!;
    });
  } else {
    const classes = classIndices(targetColumn, fitted.target.labels);
    rows.forEach((row, i) => {
      const label = classes[row]!;
      y[i] = label < 0 ? Number.NaN : label;
    });
  }
  return { ok: true, value: { x, y, count } };
}

/**
 * Encodes one row typed by a person (column name → text as in the CSV) for prediction. A numeric
 * feature must hold a number; a category the model never saw (or left empty) encodes as all zeros.
 */
export function transformRawRow(fitted: FittedPipeline, raw: Readonly<Record<string, string>>): Result<Float32Array> {
  const x = new Float32Array(fitted.inputSize);
  let offset = 0;
  for (const feature of fitted.features) {
    const text = raw[feature.name];
    if (text === undefined) return { ok: false, error: `No value for "${feature.name}".` };
    if (feature.kind === 'standardize') {
      if (isMissingCell(text)) return { ok: false, error: `"${feature.name}" is missing: enter a number.` };
      const value = parseNumberCell(text);
      if (value === undefined) {
        return { ok: false, error: `"${feature.name}" must be a number; received "${text.trim()}".` };
      }
      x[offset] = (Math.fround(value) - feature.mean) / feature.std;
    } else {
      const slot = feature.categories.indexOf(text.trim());
      if (slot >= 0) x[offset + slot] = 1;
    }
    offset += widthOf(feature);
  }
  return { ok: true, value: x };
}

// ── shapes for the canvas ────────────────────────────────────────────────────

export function dataContextFor(fitted: FittedPipeline): DataContext {
  return { inputShape: [fitted.inputSize], task: fitted.target.task, labels: fitted.target.labels };
}

/**
 * The DataContext training will produce, computed from the summaries alone (numeric → 1 input,
 * categorical → one per distinct value), so the canvas shows shapes before any training.
 * Equals `dataContextFor(fitPipeline(…))` for the same data set and target.
 */
export function dataContextFromMeta(meta: DatasetMeta, target: string): Result<DataContext> {
  const summary = meta.columns.find((c) => c.name === target);
  if (summary === undefined) return { ok: false, error: `The data set has no column "${target}".` };
  const info = inferTask(summary);
  if (!info.ok) return info;
  const inputSize = meta.columns
    .filter((c) => c.name !== target)
    .reduce((sum, c) => sum + (c.type === 'numeric' ? 1 : c.unique), 0);
  return { ok: true, value: { inputShape: [inputSize], task: info.value.task, labels: info.value.labels } };
}

// ── everything a training run needs ──────────────────────────────────────────

export interface PreparedData {
  readonly pipeline: FittedPipeline;
  readonly train: EncodedRows;
  readonly validation: EncodedRows;
  /** The data-set row of each `validation` example, in the same order: evaluation lists examples by them. */
  readonly validationRows: Uint32Array;
  /** Rows left out because a column had no value in them. */
  readonly droppedRows: number;
}

/**
 * The whole path from a stored data set to tensors-to-be: keep complete rows, split them
 * (stratified by class for classification), fit on the training rows, encode both sides.
 */
export function prepareTrainingData(
  dataset: StoredDataset,
  config: Pick<DataConfig, 'seed' | 'validationFraction'> & { readonly target: string },
): Result<PreparedData> {
  const { target, seed, validationFraction } = config;
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    return { ok: false, error: `The validation share must be at least 0 and below 1; it is ${validationFraction}.` };
  }
  const targetColumn = dataset.columns.find((c) => c.name === target);
  const targetSummary = dataset.meta.columns.find((c) => c.name === target);
  if (targetColumn === undefined || targetSummary === undefined) {
    return { ok: false, error: `The data set has no column "${target}".` };
  }
  const info = inferTask(targetSummary);
  if (!info.ok) return info;

  const rows = completeRows(dataset.columns, dataset.columns.map((c) => c.name));
  if (rows.length === 0) return { ok: false, error: noCompleteRowsMessage(dataset) };

  const classes = info.value.task === 'regression' ? undefined : classIndices(targetColumn, info.value.labels);
  const split = splitRows(rows.length, {
    seed,
    validationFraction,
    stratifyBy: classes && Int32Array.from(rows, (row) => classes[row]!),
  });
  const trainRows = split.train.map((position) => rows[position]!);
  const validationRows = split.validation.map((position) => rows[position]!);

  const pipeline = fitPipeline(dataset, { target }, trainRows);
  if (!pipeline.ok) return pipeline;
  const train = applyPipeline(pipeline.value, dataset, trainRows);
  if (!train.ok) return train;
  const validation = applyPipeline(pipeline.value, dataset, validationRows);
  if (!validation.ok) return validation;
  return {
    ok: true,
    value: {
      pipeline: pipeline.value,
      train: train.value,
      validation: validation.value,
      validationRows,
      droppedRows: dataset.meta.rowCount - rows.length,
    },
  };
}

function noCompleteRowsMessage(dataset: StoredDataset): string {
  const worst = dataset.meta.columns.reduce((a, b) => (b.missing > a.missing ? b : a));
  return (
    `No row has a value in every column; "${worst.name}" is missing in ${worst.missing} of ` +
    `${dataset.meta.rowCount} rows.`
  );
}
