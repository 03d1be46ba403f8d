/**
 * Preprocessing: the fitted pipeline that turns stored columns (or one raw row typed by a
 * person) into model inputs, following the column plan (`planColumns`): per column impute,
 * scale or encode, or ignore.
 *
 * Contract: every statistic (means, medians, deviations, ranges, most frequent values) comes
 * from the TRAINING rows only, and the fitted pipeline is plain JSON saved with the model, so
 * predictions use the very same transform.
 */
import type { Result } from '../model/result';
import type { DataContext } from '../model/task';
import { formatFloat32, isMissingCell, isMissingNumberCell, parseNumberCell } from './cells';
import { planColumns, type DataPlan, type FeaturePlan } from './columnPlan';
import { foldOfSplit, type FoldChoice, type FoldsMade } from './folds';
import type { DataConfig, DatasetMeta, SplitOrder, StoredColumn, StoredDataset } from './schema';
import { splitRows, type Split } from './split';
import { createTextEncoder, fitVocabulary, type FittedTokenizer } from './text';
import { inferTask, type TargetInfo } from './task';

// ── rows and classes ─────────────────────────────────────────────────────────

function hasValue(column: StoredColumn, row: number): boolean {
  switch (column.type) {
    case 'numeric':
      return !Number.isNaN(column.values[row]!);
    case 'categorical':
      return column.codes[row]! >= 0;
    case 'image':
      // An unreadable file is skipped at import: every stored image has its pixels.
      return true;
  }
}

function columnNamed(dataset: StoredDataset, name: string): StoredColumn {
  const column = dataset.columns.find((c) => c.name === name);
  if (column === undefined) throw new RangeError(`no column named "${name}"`);
  return column;
}

/**
 * Each row's class index into `labels`, -1 where the target is missing or not one of the labels.
 * Works across data sets: categories are matched by text, numbers by their float32 value.
 */
export function classIndices(column: StoredColumn, labels: readonly string[]): Int32Array {
  if (column.type === 'image')
    return new Int32Array(column.pixels.length / (column.height * column.width * column.channels)).fill(-1);
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
  /**
   * input = (g(value) − shift) / divisor, with g = log1p when `log1p`, else the identity. A missing
   * value takes `fill` (in the column's own units); `fill` is null when such rows were dropped.
   */
  | {
      readonly kind: 'numeric';
      readonly name: string;
      readonly fill: number | null;
      readonly log1p: boolean;
      readonly shift: number;
      readonly divisor: number;
    }
  /**
   * 'oneHot': one input per category, in this order (a value outside them encodes as all zeros);
   * 'ordinal': one input, the category's index. A missing value takes the category `fill`.
   */
  | {
      readonly kind: 'oneHot' | 'ordinal';
      readonly name: string;
      readonly categories: readonly string[];
      readonly fill: string | null;
    }
  /** Pixels as stored (row-major HWC, 0–255) divided by 255. */
  | {
      readonly kind: 'image';
      readonly name: string;
      readonly height: number;
      readonly width: number;
      readonly channels: number;
    }
  /** Token ids (`sequenceLength` of them) from a vocabulary fitted on the training rows' texts. */
  | { readonly kind: 'text'; readonly name: string; readonly tokenizer: FittedTokenizer };

/** Everything needed to encode data the same way again; plain JSON, saved with the model. */
export interface FittedPipeline {
  readonly version: 2;
  /** The columns used as features, in data-set order; each takes `widthOf(feature)` inputs. */
  readonly features: readonly FeatureTransform[];
  /**
   * A regression target is standardised for training (`scale`); the model's outputs are in those
   * units, and `targetToOriginal` maps them back.
   */
  readonly target: TargetInfo & {
    readonly name: string;
    readonly scale?: { readonly mean: number; readonly std: number };
  };
  readonly inputSize: number;
  /** One example's input: [height, width, channels] for an image model, else [inputSize]. */
  readonly inputShape: readonly number[];
  /** A text model's token ids run from 0 to this − 1 (the vocabulary cap). */
  readonly vocabularySize?: number;
}

export interface EncodedRows {
  /** count × inputSize, row-major. */
  readonly x: Float32Array;
  /** Class index (classification) or the standardised value (regression) per row; NaN where the target is missing. */
  readonly y: Float32Array;
  readonly count: number;
}

/** Where a feature's inputs sit in an encoded row: `width` inputs from `offset`. */
export interface FeatureSpan {
  readonly name: string;
  readonly offset: number;
  readonly width: number;
}

/** Each feature's inputs in an encoded row, in the pipeline's order. */
export function featureSpans(fitted: FittedPipeline): FeatureSpan[] {
  let offset = 0;
  return fitted.features.map((feature) => {
    const span = { name: feature.name, offset, width: widthOf(feature) };
    offset += span.width;
    return span;
  });
}

function widthOf(feature: FeatureTransform): number {
  if (feature.kind === 'image') return feature.height * feature.width * feature.channels;
  if (feature.kind === 'text') return feature.tokenizer.settings.sequenceLength;
  return feature.kind === 'oneHot' ? feature.categories.length : 1;
}

/** A regression output (or target) in the model's standardised units, back in the target column's units. */
export function targetToOriginal(pipeline: FittedPipeline, value: number): number {
  const scale = pipeline.target.scale;
  return scale ? value * scale.std + scale.mean : value;
}

/**
 * Fits the pipeline for predicting `config.target` with the columns as planned. Every statistic
 * comes from `trainRows` only.
 *
 * Category lists are every category of the WHOLE column, not only the training rows'. Which
 * values exist is not a statistic of the rows (no counts or moments cross the split), and it
 * makes the input width a property of the data set: the canvas can show the same shapes before
 * any split (`dataContextFromMeta`) as training builds.
 */
export function fitPipeline(
  dataset: StoredDataset,
  config: Pick<DataConfig, 'columns'> & { readonly target: string },
  trainRows: Uint32Array,
): Result<FittedPipeline> {
  const summary = dataset.meta.columns.find((c) => c.name === config.target);
  if (summary === undefined) return { ok: false, error: `The data set has no column "${config.target}".` };
  const target = inferTask(summary);
  if (!target.ok) return target;
  const plan = planColumns(dataset.meta, config);
  if (plan.problem !== undefined) return { ok: false, error: plan.problem };
  if (trainRows.length === 0) return { ok: false, error: 'There are no training rows to learn from.' };

  const features = plan.features.map((feature) => fitFeature(dataset, feature, trainRows));
  const targetColumn = columnNamed(dataset, config.target);
  const scale =
    target.value.task === 'regression' && targetColumn.type === 'numeric'
      ? observedStats(targetColumn.values, trainRows, false)
      : undefined;
  return {
    ok: true,
    value: {
      version: 2,
      features,
      target: {
        name: config.target,
        ...target.value,
        ...(scale ? { scale: { mean: scale.mean, std: scale.std } } : {}),
      },
      inputSize: plan.inputSize,
      inputShape: plan.inputShape,
      ...(plan.vocabularySize ? { vocabularySize: plan.vocabularySize } : {}),
    },
  };
}

function fitFeature(dataset: StoredDataset, plan: FeaturePlan, trainRows: Uint32Array): FeatureTransform {
  const column = columnNamed(dataset, plan.name);
  if (column.type === 'image')
    return { kind: 'image', name: plan.name, height: column.height, width: column.width, channels: column.channels };
  if (plan.use === 'text')
    return { kind: 'text', name: plan.name, tokenizer: fitVocabulary(textsOf(column, trainRows), plan.tokenizer) };
  if (plan.use === 'numeric') {
    // The plan admits numeric use only for a column of numbers, or of mostly numbers.
    const values = numbersOf(column)!;
    const log1p = plan.scale === 'log1p';
    const stats = observedStats(values, trainRows, log1p);
    const fill = numericFill(plan, values, trainRows, stats);
    const { shift, divisor } =
      plan.scale === 'none'
        ? { shift: 0, divisor: 1 }
        : plan.scale === 'minmax'
          ? { shift: stats.min, divisor: positive(stats.max - stats.min) }
          : { shift: stats.mean, divisor: stats.std };
    return { kind: 'numeric', name: plan.name, fill, log1p, shift, divisor };
  }
  const categories = categoriesOf(dataset, column);
  if (plan.impute === 'constant') {
    // The constant is a category of its own (see `planColumns`), even when it names an existing one.
    const fill = plan.fillValue!.trim();
    return { kind: plan.encode, name: plan.name, categories: [...categories, fill], fill };
  }
  const fill =
    plan.impute === 'drop'
      ? null
      : (categories[mostFrequentSlot(classIndices(column, categories), trainRows, categories.length)] ?? null);
  return { kind: plan.encode, name: plan.name, categories, fill };
}

/** The rows' texts, missing ones as empty texts; the plan admits text use for categorical columns only. */
function* textsOf(column: StoredColumn, rows: Uint32Array): Generator<string> {
  if (column.type !== 'categorical') return;
  for (const row of rows) {
    const code = column.codes[row]!;
    yield code < 0 ? '' : column.vocabulary[code]!;
  }
}

/** A column's categories in vocabulary order; a numeric column's are its distinct values as text (from the summary). */
function categoriesOf(dataset: StoredDataset, column: StoredColumn): readonly string[] {
  if (column.type === 'categorical') return column.vocabulary;
  return dataset.meta.columns.find((c) => c.name === column.name)?.valueCounts?.values ?? [];
}

/** The slot most training rows fall in, -1 when none has a value; ties go to the first slot. */
function mostFrequentSlot(slots: Int32Array, rows: Uint32Array, categoryCount: number): number {
  const counts = new Uint32Array(categoryCount);
  for (const row of rows) {
    const slot = slots[row]!;
    if (slot >= 0) counts[slot]!++;
  }
  let best = -1;
  counts.forEach((count, slot) => {
    if (count > 0 && (best < 0 || count > counts[best]!)) best = slot;
  });
  return best;
}

interface ObservedStats {
  readonly count: number;
  readonly mean: number;
  /** Population standard deviation; 1 for a constant column, so dividing by it is safe. */
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

/** Over the given rows, skipping missing values, optionally after log1p; no values at all gives (0, 1). */
function observedStats(values: Float32Array, rows: Uint32Array, log1p: boolean): ObservedStats {
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const row of rows) {
    const raw = values[row]!;
    if (Number.isNaN(raw)) continue;
    const value = log1p ? Math.log1p(raw) : raw;
    count++;
    sum += value;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  if (count === 0) return { count, mean: 0, std: 1, min: 0, max: 1 };
  const mean = sum / count;
  let squares = 0;
  for (const row of rows) {
    const raw = values[row]!;
    if (!Number.isNaN(raw)) squares += ((log1p ? Math.log1p(raw) : raw) - mean) ** 2;
  }
  return { count, mean, std: positive(Math.sqrt(squares / count)), min, max };
}

function positive(spread: number): number {
  return spread > 0 ? spread : 1;
}

/** The value a missing cell takes, in the column's units, from the training rows; null when such rows are dropped. */
function numericFill(plan: FeaturePlan, values: Float32Array, rows: Uint32Array, stats: ObservedStats): number | null {
  switch (plan.impute) {
    case 'drop':
      return null;
    case 'constant':
      return parseNumberCell(plan.fillValue ?? '') ?? 0;
    case 'mean':
      // The statistics are of log1p values when the column is log-scaled: the fill is in the column's units.
      return stats.count === 0 ? 0 : plan.scale === 'log1p' ? Math.expm1(stats.mean) : stats.mean;
    case 'median':
      return median(values, rows);
    case 'mostFrequent':
      return mostFrequentNumber(values, rows);
  }
}

function median(values: Float32Array, rows: Uint32Array): number {
  const observed = Float32Array.from(rows, (row) => values[row]!).filter((value) => !Number.isNaN(value));
  if (observed.length === 0) return 0;
  observed.sort();
  const middle = observed.length >> 1;
  return observed.length % 2 === 1 ? observed[middle]! : (observed[middle - 1]! + observed[middle]!) / 2;
}

/** The most frequent value; ties go to the smallest, so the result does not depend on row order. */
function mostFrequentNumber(values: Float32Array, rows: Uint32Array): number {
  const counts = new Map<number, number>();
  for (const row of rows) {
    const value = values[row]!;
    if (!Number.isNaN(value)) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  let best: { value: number; count: number } | undefined;
  for (const [value, count] of counts) {
    if (!best || count > best.count || (count === best.count && value < best.value)) best = { value, count };
  }
  return best?.value ?? 0;
}

/**
 * Encodes `rows` of a data set. A missing value takes its feature's fill; rows meant for a
 * pipeline that drops them are left out before (`prepareTrainingData`). Fails when a column the
 * pipeline needs is absent or holds the other kind of values.
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
    if (feature.kind === 'text') {
      if (column.type !== 'categorical') return { ok: false, error: `Column "${feature.name}" should hold text.` };
      // Each distinct text is tokenised once, however many rows repeat it.
      const encode = createTextEncoder(feature.tokenizer);
      const idsOfCode = new Map<number, Int32Array>();
      rows.forEach((row, i) => {
        const code = column.codes[row]!;
        let ids = idsOfCode.get(code);
        if (ids === undefined) idsOfCode.set(code, (ids = encode(code < 0 ? '' : column.vocabulary[code]!)));
        x.set(ids, i * fitted.inputSize + offset);
      });
    } else if (feature.kind === 'image') {
      if (column.type !== 'image' || widthOf(feature) !== column.height * column.width * column.channels) {
        return { ok: false, error: `Column "${feature.name}" should hold ${feature.width}×${feature.height} images.` };
      }
      const size = widthOf(feature);
      rows.forEach((row, i) =>
        writePixels(x, i * fitted.inputSize + offset, column.pixels.subarray(row * size, (row + 1) * size)),
      );
    } else if (feature.kind === 'numeric') {
      const values = numbersOf(column);
      if (values === undefined) return { ok: false, error: `Column "${feature.name}" should hold numbers.` };
      rows.forEach((row, i) => {
        x[i * fitted.inputSize + offset] = encodeNumber(feature, values[row]!);
      });
    } else {
      const slots = classIndices(column, feature.categories);
      const fillSlot = feature.fill === null ? -1 : feature.categories.indexOf(feature.fill);
      rows.forEach((row, i) => {
        const slot = hasValue(column, row) ? slots[row]! : fillSlot;
        writeCategory(x, i * fitted.inputSize + offset, feature.kind, slot);
      });
    }
    offset += widthOf(feature);
  }

  const targetColumn = dataset.columns.find((c) => c.name === fitted.target.name);
  if (targetColumn === undefined)
    return { ok: false, error: `The data set has no target column "${fitted.target.name}".` };
  const y = new Float32Array(count);
  if (fitted.target.task === 'regression') {
    if (targetColumn.type !== 'numeric') {
      return { ok: false, error: `The target column "${fitted.target.name}" should hold numbers.` };
    }
    const { mean, std } = fitted.target.scale ?? { mean: 0, std: 1 };
    rows.forEach((row, i) => {
      y[i] = (targetColumn.values[row]! - mean) / std;
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
 * A column's values as numbers: a numeric column's own, or a categorical column's categories
 * read as numbers, those that are not (text among numbers) missing. Undefined when no category is a number.
 */
function numbersOf(column: StoredColumn): Float32Array | undefined {
  if (column.type === 'numeric') return column.values;
  if (column.type === 'image') return undefined;
  const numberOfCode = column.vocabulary.map((category) => parseNumberCell(category) ?? Number.NaN);
  if (numberOfCode.every(Number.isNaN)) return undefined;
  return Float32Array.from(column.codes, (code) => (code < 0 ? Number.NaN : numberOfCode[code]!));
}

function encodeNumber(feature: Extract<FeatureTransform, { kind: 'numeric' }>, raw: number): number {
  const value = Number.isNaN(raw) ? (feature.fill ?? Number.NaN) : raw;
  if (Number.isNaN(value)) return 0;
  return ((feature.log1p ? Math.log1p(value) : value) - feature.shift) / feature.divisor;
}

/** One-hot sets the category's input (none for an unknown category, slot -1); ordinal writes its index. */
function writeCategory(x: Float32Array, at: number, kind: 'oneHot' | 'ordinal', slot: number): void {
  if (kind === 'ordinal') x[at] = Math.max(0, slot);
  else if (slot >= 0) x[at + slot] = 1;
}

/**
 * Encodes one row typed by a person (column name → text as in the CSV) for prediction. An empty
 * cell takes the feature's fill, if it has one; a number must be a number; a category the model
 * never saw encodes as all zeros (one-hot) and is refused by ordinal encoding.
 */
export function transformRawRow(fitted: FittedPipeline, raw: Readonly<Record<string, string>>): Result<Float32Array> {
  const x = new Float32Array(fitted.inputSize);
  let offset = 0;
  for (const feature of fitted.features) {
    if (feature.kind === 'image')
      return { ok: false, error: 'This model predicts from images; typed values cannot stand in for one.' };
    const text = raw[feature.name];
    if (text === undefined) return { ok: false, error: `No value for "${feature.name}".` };
    if (feature.kind === 'text') {
      x.set(createTextEncoder(feature.tokenizer)(text), offset);
      offset += widthOf(feature);
      continue;
    }
    const missing = feature.kind === 'numeric' ? isMissingNumberCell(text) : isMissingCell(text);
    if (missing && feature.fill === null) return { ok: false, error: `"${feature.name}" is missing: enter a value.` };
    if (feature.kind === 'numeric') {
      const value = missing ? Number.NaN : parseNumberCell(text);
      if (value === undefined)
        return { ok: false, error: `"${feature.name}" must be a number; received "${text.trim()}".` };
      x[offset] = encodeNumber(feature, Math.fround(value));
    } else {
      const slot = feature.categories.indexOf(missing ? feature.fill! : categoryText(text));
      if (slot < 0 && feature.kind === 'ordinal') {
        return { ok: false, error: `"${text.trim()}" is not a value of "${feature.name}" the model knows.` };
      }
      writeCategory(x, offset, feature.kind, slot);
    }
    offset += widthOf(feature);
  }
  return { ok: true, value: x };
}

/** Pixels (0–255) become inputs in [0, 1]. */
function writePixels(x: Float32Array, at: number, pixels: Uint8Array): void {
  for (let p = 0; p < pixels.length; p++) x[at + p] = pixels[p]! / 255;
}

/** The image feature a model takes, if it takes one: its height, width and channels. */
export function imageInputOf(fitted: FittedPipeline): Extract<FeatureTransform, { kind: 'image' }> | undefined {
  return fitted.features.find(
    (feature): feature is Extract<FeatureTransform, { kind: 'image' }> => feature.kind === 'image',
  );
}

/** Encodes one image for prediction: `pixels` as stored (HWC, the model's size and channels). */
export function transformImage(fitted: FittedPipeline, pixels: Uint8Array): Result<Float32Array> {
  const image = imageInputOf(fitted);
  if (!image) return { ok: false, error: 'This model does not predict from images.' };
  if (pixels.length !== widthOf(image))
    throw new RangeError(
      `transformImage: ${pixels.length} pixels for a ${image.width}×${image.height}×${image.channels} input`,
    );
  const x = new Float32Array(fitted.inputSize);
  writePixels(x, 0, pixels);
  return { ok: true, value: x };
}

/** A typed category as stored: numbers as their float32 text ("1.50" → "1.5"), anything else trimmed. */
export function categoryText(text: string): string {
  const number = parseNumberCell(text);
  return number === undefined ? text.trim() : formatFloat32(Math.fround(number));
}

// ── shapes for the canvas ────────────────────────────────────────────────────

export function dataContextFor(fitted: FittedPipeline): DataContext {
  const { inputShape, vocabularySize, target } = fitted;
  return { inputShape, task: target.task, labels: target.labels, ...(vocabularySize ? { vocabularySize } : {}) };
}

/**
 * The DataContext training will produce, computed from the summaries and the column plan alone,
 * so the canvas shows shapes before any training. Equals `dataContextFor(fitPipeline(…))` for the
 * same data set and choices.
 */
export function dataContextFromMeta(
  meta: DatasetMeta,
  config: Pick<DataConfig, 'columns'> & { readonly target: string },
): Result<DataContext> {
  const summary = meta.columns.find((c) => c.name === config.target);
  if (summary === undefined) return { ok: false, error: `The data set has no column "${config.target}".` };
  const info = inferTask(summary);
  if (!info.ok) return info;
  const plan = planColumns(meta, config);
  if (plan.problem !== undefined) return { ok: false, error: plan.problem };
  const { inputShape, vocabularySize } = plan;
  return {
    ok: true,
    value: {
      inputShape,
      task: info.value.task,
      labels: info.value.labels,
      ...(vocabularySize ? { vocabularySize } : {}),
    },
  };
}

// ── everything a training run needs ──────────────────────────────────────────

export interface PreparedData {
  readonly pipeline: FittedPipeline;
  readonly train: EncodedRows;
  readonly validation: EncodedRows;
  /** Never seen by training or early stopping: the final, honest measure. */
  readonly test: EncodedRows;
  /** The data-set row of each example, in the same order: evaluation lists examples by them, monitoring profiles the training rows. */
  readonly trainRows: Uint32Array;
  readonly validationRows: Uint32Array;
  readonly testRows: Uint32Array;
  /** Rows left out: the target is missing, or a column whose missing cells drop the row is. */
  readonly droppedRows: number;
  /** Set when `fold` chose the validation rows: the folds made. */
  readonly folds?: FoldsMade;
}

export type SplitConfig = Pick<
  DataConfig,
  'seed' | 'validationFraction' | 'testFraction' | 'splitOrder' | 'columns'
> & {
  readonly target: string;
  /**
   * Cross-validation: the rows the split leaves for training and validation are cut into folds, and this
   * fold of them validates instead of the validation share; the test rows are the split's either way.
   */
  readonly fold?: FoldChoice;
};

/**
 * The whole path from a stored data set to tensors-to-be: keep the usable rows, split them
 * (stratified by class for classification; a fold of them validating when asked), fit on the
 * training rows, encode every side.
 */
export function prepareTrainingData(dataset: StoredDataset, config: SplitConfig): Result<PreparedData> {
  const { target, seed, validationFraction, testFraction, splitOrder, fold } = config;
  if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
    return {
      ok: false,
      error: `The validation and test shares must be at least 0 and leave rows for training; they are ${validationFraction} and ${testFraction}.`,
    };
  }
  const targetColumn = dataset.columns.find((c) => c.name === target);
  const targetSummary = dataset.meta.columns.find((c) => c.name === target);
  if (targetColumn === undefined || targetSummary === undefined) {
    return { ok: false, error: `The data set has no column "${target}".` };
  }
  const info = inferTask(targetSummary);
  if (!info.ok) return info;
  const plan = planColumns(dataset.meta, config);
  if (plan.problem !== undefined) return { ok: false, error: plan.problem };

  const rows = usableRows(dataset, plan, target);
  if (rows.length === 0) return { ok: false, error: noUsableRowsMessage(dataset, plan, target) };

  const classes = info.value.task === 'regression' ? undefined : classIndices(targetColumn, info.value.labels);
  const stratifyBy = splitOrder === 'random' && classes ? Int32Array.from(rows, (row) => classes[row]!) : undefined;
  const held = splitRows(rows.length, { seed, validationFraction, testFraction, order: splitOrder, stratifyBy });
  const folded = fold === undefined ? undefined : foldOf(held, fold, seed, splitOrder, stratifyBy, info.value.labels);
  if (folded && !folded.ok) return folded;
  const split = folded ? folded.value : held;
  const toRows = (positions: Uint32Array) => positions.map((position) => rows[position]!);
  const [trainRows, validationRows, testRows] = [toRows(split.train), toRows(split.validation), toRows(split.test)];

  const pipeline = fitPipeline(dataset, config, trainRows);
  if (!pipeline.ok) return pipeline;
  const train = applyPipeline(pipeline.value, dataset, trainRows);
  if (!train.ok) return train;
  const validation = applyPipeline(pipeline.value, dataset, validationRows);
  if (!validation.ok) return validation;
  const test = applyPipeline(pipeline.value, dataset, testRows);
  if (!test.ok) return test;
  return {
    ok: true,
    value: {
      pipeline: pipeline.value,
      train: train.value,
      validation: validation.value,
      test: test.value,
      trainRows,
      validationRows,
      testRows,
      droppedRows: dataset.meta.rowCount - rows.length,
      ...(folded && { folds: folded.value.folds }),
    },
  };
}

/** The split's non-test rows cut into folds, `fold` validating: cross-validation, which a time series must not shuffle. */
function foldOf(
  split: Split,
  fold: FoldChoice,
  seed: number,
  splitOrder: SplitOrder,
  stratifyBy: Int32Array | undefined,
  labels: readonly string[],
): Result<Split & { readonly folds: FoldsMade }> {
  if (splitOrder === 'sequential') {
    return {
      ok: false,
      error:
        'Cross-validation shuffles the rows into folds, and the split keeps them in order (a time series): choose the random split order to cross-validate.',
    };
  }
  return foldOfSplit(split, fold, { seed, stratifyBy, stratumName: (stratum) => labels[stratum] ?? String(stratum) });
}

/**
 * Rows with a target, and a value in every feature whose missing cells drop the row (for a
 * column read as numbers, text among them counts as missing).
 */
function usableRows(dataset: StoredDataset, plan: DataPlan, target: string): Uint32Array {
  const present = [
    (row: number) => hasValue(columnNamed(dataset, target), row),
    ...plan.features
      .filter((feature) => feature.impute === 'drop')
      .map((feature) => {
        const column = columnNamed(dataset, feature.name);
        const values = feature.use === 'numeric' ? numbersOf(column)! : undefined;
        return values ? (row: number) => !Number.isNaN(values[row]!) : (row: number) => hasValue(column, row);
      }),
  ];
  const rows: number[] = [];
  for (let row = 0; row < dataset.meta.rowCount; row++) {
    if (present.every((has) => has(row))) rows.push(row);
  }
  return Uint32Array.from(rows);
}

function noUsableRowsMessage(dataset: StoredDataset, plan: DataPlan, target: string): string {
  const required = [target, ...plan.features.filter((f) => f.impute === 'drop').map((f) => f.name)];
  const summaries = dataset.meta.columns.filter((c) => required.includes(c.name));
  const worst = summaries.reduce((a, b) => (b.missing > a.missing ? b : a));
  return (
    `No row can be used: "${worst.name}" is missing in ${worst.missing} of ${dataset.meta.rowCount} rows` +
    (worst.name === target
      ? '.'
      : `, and its missing cells drop the row. Fill them instead (mean, median, most frequent or a constant).`)
  );
}
