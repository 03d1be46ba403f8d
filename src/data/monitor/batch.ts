/**
 * A monitoring batch: CSV rows with a header, read against the columns the model reads. Every
 * problem is a sentence naming the columns at fault; the file itself is never changed.
 */
import type { Result } from '../../model/result';
import { isMissingNumberCell, parseNumberCell } from '../cells';
import { readCsvRecords, type CsvRecords } from '../import/csv';
import type { FeatureTransform, FittedPipeline } from '../preprocess';

export interface MonitorBatch {
  readonly header: readonly string[];
  /** Column name → cell text, one record per row. */
  readonly rows: readonly Readonly<Record<string, string>>[];
  /** Columns the model does not read (the target aside): left out, and said so. */
  readonly ignored: readonly string[];
  /** Whether the batch has the target column, so the model can be measured on it. */
  readonly hasTarget: boolean;
}

/**
 * Reads `text` for a model encoding through `pipeline`, as the data import reads a training file
 * (so a batch saved by a spreadsheet with semicolons and decimal commas reads like the training
 * file did). Fails on an empty batch, on columns the model reads that the header lacks, and on a
 * column of another type than in training (text where numbers were, or numbers where categories
 * were); a few cells that are not numbers fail only their rows' predictions.
 */
export function readMonitorBatch(text: string, pipeline: FittedPipeline): Result<MonitorBatch> {
  if (pipeline.features.some((feature) => feature.kind === 'image'))
    return { ok: false, error: 'This model reads images: choose image files for its batch, not a table.' };
  if (text.replace(/^\uFEFF/, '').trim() === '')
    return { ok: false, error: 'The batch is empty: choose a CSV file with a header row and rows under it.' };
  const read = readCsvRecords(text);
  if (!read.ok) return read;
  const { names, hasHeader, rows } = read.value;
  const features = pipeline.features.map((feature) => feature.name);
  const missing = features.filter((name) => !names.includes(name));
  if (missing.length === features.length)
    return {
      ok: false,
      error: hasHeader
        ? `The batch's header (${listed(names)}) names none of the model's columns (${listed(features)}): is it a batch for another model?`
        : `The batch's first row holds numbers, not column names: it needs a header row naming the model's columns (${listed(features)}).`,
    };
  if (missing.length > 0)
    return {
      ok: false,
      error: `The batch lacks the column${missing.length > 1 ? 's' : ''} ${listed(missing)}, which the model reads.`,
    };
  if (rows.length === 0) return { ok: false, error: 'The batch is empty: its header has no rows under it.' };
  for (const feature of pipeline.features) {
    const problem = typeProblem(feature, read.value);
    if (problem) return { ok: false, error: problem };
  }
  const target = pipeline.target.name;
  return {
    ok: true,
    value: {
      header: names,
      rows: rows.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i]!.trim()]))),
      ignored: names.filter((name) => !features.includes(name) && name !== target),
      hasTarget: names.includes(target),
    },
  };
}

/**
 * Why the batch's column for `feature` is of another type than the model reads, with an example
 * cell: text in a numeric column (beyond the few cells an import also lets through), or numbers
 * in a categorical one whose training categories were words.
 */
function typeProblem(
  feature: FeatureTransform,
  { names, types, textAmongNumbers, rows }: CsvRecords,
): string | undefined {
  const at = names.indexOf(feature.name);
  const cells = rows.map((row) => row[at]!.trim()).filter((cell) => !isMissingNumberCell(cell));
  if (feature.kind === 'numeric') {
    if (types[at] === 'numeric' || textAmongNumbers[at]) return undefined;
    const example = cells.find((cell) => parseNumberCell(cell) === undefined);
    return `"${feature.name}" holds text (such as "${example}") where the model reads numbers: is it the right column?`;
  }
  if (feature.kind !== 'oneHot' && feature.kind !== 'ordinal') return undefined;
  const categoriesAreWords = feature.categories.every((category) => parseNumberCell(category) === undefined);
  if (!categoriesAreWords || types[at] !== 'numeric' || cells.length === 0) return undefined;
  return `"${feature.name}" holds numbers (such as "${cells[0]}") where the model reads categories (${listed(feature.categories)}): is it the right column?`;
}

export function listed(names: readonly string[]): string {
  const shown = names.slice(0, 5).join(', ');
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}
