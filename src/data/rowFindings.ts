/**
 * What a table's rows say about its columns beyond their summaries, for the data report: which
 * numeric columns count the rows (an ID), and which columns alone predict the target almost
 * perfectly (likely leakage). Both need the cells of a column beside the target's, so they are
 * computed in the data worker over stored chunks; the UI gets only the columns that stand out.
 *
 * Pure: the chunks come from an injected reader (storage.ts in the data worker). Every column costs
 * time linear in the rows read, and a wide or long table is read at most SAMPLED_CELLS cells deep
 * (every k-th row), so a 5,000-column table answers as fast as a narrow one.
 */
import type { Result } from '../model/result';
import type { ChunkSource } from './rows';
import type { ColumnLayout, DatasetMeta } from './schema';
import { inferTask } from './task';

/** Cells read at most, over all columns: the rows read shrink as the columns grow. */
export const SAMPLED_CELLS = 5_000_000;
/** Rows read at least, however wide the table, and at most, however narrow. */
export const MIN_SAMPLED_ROWS = 1_000;
export const MAX_SAMPLED_ROWS = 20_000;
/** Below this many rows with a target, nothing stands out reliably: no findings are made. */
export const MIN_ROWS_FOR_FINDINGS = 20;
/** Equal-width bins a number is cut into to predict the target from it (missing cells make one more). */
export const PREDICTOR_BINS = 32;
/**
 * "Almost perfectly", on held-out rows: classification at this accuracy and removing this share of
 * the errors that always answering the majority class makes; regression explaining this share of the
 * target's variance. Iris's petal measurements (≈ 95 %) stay below: strong features are not leaks.
 */
export const LEAK_ACCURACY = 0.98;
export const LEAK_ERROR_REDUCTION = 0.9;
export const LEAK_R2 = 0.95;

/** A column that alone predicts the target almost perfectly, measured on rows it was not fitted on. */
export interface StrongPredictor {
  readonly name: string;
  /** accuracy (classification) or R² (regression, 1 − error / error of always answering the mean). */
  readonly measure: 'accuracy' | 'r2';
  readonly score: number;
  /** What always answering the majority class (accuracy) or the mean (R² 0) scores on the same rows. */
  readonly baseline: number;
}

export interface RowFindings {
  readonly datasetId: string;
  readonly target: string;
  /** The rows the findings were computed over: every row, or every k-th of a large table. */
  readonly rowsRead: number;
  /** Numeric columns holding a distinct whole number in every row, densely: row numbers, IDs. */
  readonly sequenceIds: readonly string[];
  readonly strongPredictors: readonly StrongPredictor[];
}

/** The rows read from a table: every `stride`-th, as numbers (NaN missing) or vocabulary indexes (-1 missing). */
interface SampledTable {
  readonly rows: number;
  /** Per column in layout order; null for an image column. */
  readonly columns: readonly (Float32Array | Int32Array | null)[];
}

/** Rows to read of a table `columnCount` wide and `rowCount` long. */
export function sampledRowCount(rowCount: number, columnCount: number): number {
  const cap = Math.min(MAX_SAMPLED_ROWS, Math.max(MIN_SAMPLED_ROWS, Math.floor(SAMPLED_CELLS / columnCount)));
  return Math.min(rowCount, cap);
}

/** Reads every k-th row of each chunk, one chunk in hand at a time; categories mapped to vocabulary indexes. */
export async function sampleRows(source: ChunkSource): Promise<Result<SampledTable>> {
  const { layout, rowCount } = source;
  const stride = Math.ceil(rowCount / Math.max(1, sampledRowCount(rowCount, layout.columns.length)));
  const rows = rowCount === 0 ? 0 : Math.ceil(rowCount / stride);
  const columns = layout.columns.map((column) =>
    column.type === 'numeric' ? new Float32Array(rows) : column.type === 'categorical' ? new Int32Array(rows) : null,
  );
  for (let index = 0; index < layout.chunkCount; index++) {
    const chunk = await source.readChunk(index);
    const first = index * layout.chunkRows;
    const end = Math.min(rowCount, first + layout.chunkRows);
    if (!chunk || chunk.length !== layout.columns.length) return damaged();
    // The sampled rows r with first ≤ r·stride < end.
    const from = Math.ceil(first / stride);
    const to = Math.ceil(end / stride);
    for (let c = 0; c < layout.columns.length; c++) {
      const target = columns[c];
      const values = chunk[c]!;
      if (!target) continue;
      if (values.length !== end - first) return damaged();
      for (let r = from; r < to; r++) target[r] = cellValue(layout.columns[c]!, values[r * stride - first]!);
    }
  }
  return { ok: true, value: { rows, columns } };
}

function damaged(): Result<never> {
  return { ok: false, error: 'The data set’s stored rows are missing or damaged; import it again.' };
}

function cellValue(column: ColumnLayout, stored: number): number {
  if (column.type !== 'categorical' || stored < 0) return stored;
  return column.vocabularyIndex[stored] ?? -1;
}

/** The findings for predicting `target` from the other columns, over the rows `sampleRows` read. */
export async function findInRows(source: ChunkSource, meta: DatasetMeta, target: string): Promise<Result<RowFindings>> {
  const sampled = await sampleRows(source);
  if (!sampled.ok) return sampled;
  return { ok: true, value: findingsOf(meta, target, sampled.value) };
}

function findingsOf(meta: DatasetMeta, target: string, table: SampledTable): RowFindings {
  const none = { datasetId: meta.id, target, rowsRead: table.rows, sequenceIds: [], strongPredictors: [] };
  const targetIndex = meta.columns.findIndex((c) => c.name === target);
  const targetSummary = meta.columns[targetIndex];
  const targetValues = table.columns[targetIndex];
  const task = targetSummary && inferTask(targetSummary);
  if (!task?.ok || !targetValues || meta.rowCount < MIN_ROWS_FOR_FINDINGS) return none;
  const outcome =
    task.value.task === 'regression' ? regressionOutcome(targetValues) : classificationOutcome(targetValues);
  const sequenceIds: string[] = [];
  const strongPredictors: StrongPredictor[] = [];
  meta.columns.forEach((summary, c) => {
    const values = table.columns[c];
    if (c === targetIndex || !values) return;
    if (summary.type === 'numeric' && isSequenceId(values as Float32Array, summary, meta.rowCount)) {
      sequenceIds.push(summary.name);
    }
    const keys = summary.type === 'numeric' ? binned(values as Float32Array) : categoryKeys(values as Int32Array);
    const strong = outcome.predictFrom(keys.keys, keys.count, summary.name);
    if (strong) strongPredictors.push(strong);
  });
  return { ...none, sequenceIds, strongPredictors };
}

/**
 * A distinct whole number in every row, spanning about as many numbers as there are rows (1, 2,
 * 3 … or 1001, 1002 …, shuffled or not): a row number or an ID, which says nothing about a new row.
 * The distinct count is the summary's where it was counted exactly, else the rows read.
 */
function isSequenceId(values: Float32Array, summary: DatasetMeta['columns'][number], rowCount: number): boolean {
  if (summary.missing > 0 || summary.min === undefined || summary.max === undefined) return false;
  if (summary.max - summary.min + 1 > 2 * rowCount) return false;
  if (!summary.uniqueIsLowerBound && summary.unique !== rowCount) return false;
  const seen = new Set<number>();
  for (const value of values) {
    if (!Number.isInteger(value) || seen.has(value)) return false;
    seen.add(value);
  }
  return true;
}

interface Keys {
  /** Per row, a small whole number: the bin or category the row's cell falls in. */
  readonly keys: Int32Array;
  /** Keys run from 0 to count − 1. */
  readonly count: number;
}

/** Equal-width bins over the rows' range; a missing cell gets a bin of its own (missing can leak too). */
function binned(values: Float32Array): Keys {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const keys = new Int32Array(values.length);
  const width = (max - min) / PREDICTOR_BINS;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    keys[i] = Number.isNaN(value)
      ? PREDICTOR_BINS
      : width > 0
        ? Math.min(PREDICTOR_BINS - 1, Math.floor((value - min) / width))
        : 0;
  }
  return { keys, count: PREDICTOR_BINS + 1 };
}

/** Vocabulary indexes as keys, missing as one more. */
function categoryKeys(codes: Int32Array): Keys {
  const categories = codes.reduce((most, code) => Math.max(most, code + 1), 0);
  const keys = Int32Array.from(codes, (code) => (code < 0 ? categories : code));
  return { keys, count: categories + 1 };
}

/**
 * Fits "the target from this column's key" on one half of the rows (every other row) and scores
 * it on the other half, then the other way round: a column whose every value is new on the other
 * half (an ID) predicts nothing there, so only a rule that generalises can look like a leak.
 */
interface Outcome {
  predictFrom(keys: Int32Array, keyCount: number, name: string): StrongPredictor | undefined;
}

/** Above this many key × class cells a column's counts are not kept (a category per row predicts nothing anyway). */
const MAX_COUNT_CELLS = 4_000_000;

function classificationOutcome(targetValues: Float32Array | Int32Array): Outcome {
  // Dense class ids in order of appearance: numbers and vocabulary indexes alike.
  const ids = new Map<number, number>();
  const classes = Int32Array.from(targetValues, (value) => {
    if (Number.isNaN(value) || (targetValues instanceof Int32Array && value < 0)) return -1;
    let id = ids.get(value);
    if (id === undefined) ids.set(value, (id = ids.size));
    return id;
  });
  const classCount = ids.size;
  const majority = [majorityClass(classes, classCount, 0), majorityClass(classes, classCount, 1)];
  return {
    predictFrom(keys, keyCount, name) {
      if (keyCount * classCount > MAX_COUNT_CELLS) return undefined;
      const counts = [new Int32Array(keyCount * classCount), new Int32Array(keyCount * classCount)];
      for (let i = 0; i < keys.length; i++) {
        if (classes[i]! >= 0) counts[i & 1]![keys[i]! * classCount + classes[i]!]!++;
      }
      // Fitted on each half: its commonest class for each key, else its commonest class overall.
      const predicted = [0, 1].map((half) => {
        const fitted = counts[half]!;
        return Int32Array.from({ length: keyCount }, (_, key) => {
          let best = majority[half]!;
          let bestCount = 0;
          for (let c = 0; c < classCount; c++) {
            const count = fitted[key * classCount + c]!;
            if (count > bestCount) {
              best = c;
              bestCount = count;
            }
          }
          return best;
        });
      });
      let scored = 0;
      let correct = 0;
      let baselineCorrect = 0;
      for (let i = 0; i < keys.length; i++) {
        const actual = classes[i]!;
        if (actual < 0) continue;
        const other = 1 - (i & 1);
        scored++;
        if (predicted[other]![keys[i]!] === actual) correct++;
        if (majority[other] === actual) baselineCorrect++;
      }
      if (scored < MIN_ROWS_FOR_FINDINGS) return undefined;
      const score = correct / scored;
      const baseline = baselineCorrect / scored;
      const errorReduction = baseline < 1 ? (score - baseline) / (1 - baseline) : 0;
      return score >= LEAK_ACCURACY && errorReduction >= LEAK_ERROR_REDUCTION
        ? { name, measure: 'accuracy', score, baseline }
        : undefined;
    },
  };
}

/** The commonest class among the rows of one half (`half` 0: even rows, 1: odd rows). */
function majorityClass(classes: Int32Array, classCount: number, half: number): number {
  const counts = new Int32Array(classCount);
  for (let i = half; i < classes.length; i += 2) if (classes[i]! >= 0) counts[classes[i]!]!++;
  let best = 0;
  for (let c = 1; c < classCount; c++) if (counts[c]! > counts[best]!) best = c;
  return best;
}

function regressionOutcome(targetValues: Float32Array | Int32Array): Outcome {
  const halfMean = [0, 1].map((half) => {
    let sum = 0;
    let n = 0;
    for (let i = half; i < targetValues.length; i += 2) {
      if (Number.isNaN(targetValues[i]!)) continue;
      sum += targetValues[i]!;
      n++;
    }
    return n > 0 ? sum / n : 0;
  });
  return {
    predictFrom(keys, keyCount, name) {
      const sums = [new Float64Array(keyCount), new Float64Array(keyCount)];
      const counts = [new Int32Array(keyCount), new Int32Array(keyCount)];
      for (let i = 0; i < keys.length; i++) {
        const y = targetValues[i]!;
        if (Number.isNaN(y)) continue;
        sums[i & 1]![keys[i]!]! += y;
        counts[i & 1]![keys[i]!]!++;
      }
      let scored = 0;
      let error = 0;
      let baselineError = 0;
      for (let i = 0; i < keys.length; i++) {
        const y = targetValues[i]!;
        if (Number.isNaN(y)) continue;
        const other = 1 - (i & 1);
        const n = counts[other]![keys[i]!]!;
        const predicted = n > 0 ? sums[other]![keys[i]!]! / n : halfMean[other]!;
        scored++;
        error += (y - predicted) ** 2;
        baselineError += (y - halfMean[other]!) ** 2;
      }
      if (scored < MIN_ROWS_FOR_FINDINGS || baselineError === 0) return undefined;
      const score = 1 - error / baselineError;
      return score >= LEAK_R2 ? { name, measure: 'r2', score, baseline: 0 } : undefined;
    },
  };
}
