/**
 * A monitoring batch: CSV rows with a header, read against the columns the model reads. Every
 * problem is a sentence naming the columns at fault; the file itself is never changed.
 */
import Papa from 'papaparse';
import type { Result } from '../../model/result';
import { isMissingNumberCell, parseNumberCell } from '../cells';
import type { FittedPipeline } from '../preprocess';

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
 * Reads `text` for a model encoding through `pipeline`. Fails on an empty batch, on columns the
 * model reads that the header lacks, and on a numeric column whose cells are mostly not numbers
 * (another type of column); a few cells that are not numbers fail only their rows' predictions.
 */
export function readMonitorBatch(text: string, pipeline: FittedPipeline): Result<MonitorBatch> {
  if (pipeline.features.some((feature) => feature.kind === 'image'))
    return { ok: false, error: 'This model reads images: choose image files for its batch, not a table.' };
  const parsed = Papa.parse<string[]>(text.trim(), { skipEmptyLines: 'greedy' });
  const [first, ...data] = parsed.data.map((row) => row.map((cell) => cell.trim()));
  if (!first) return { ok: false, error: 'The batch is empty: choose a CSV file with a header row and rows under it.' };
  const features = pipeline.features.map((feature) => feature.name);
  const missing = features.filter((name) => !first.includes(name));
  if (missing.length === features.length)
    return {
      ok: false,
      error: `The batch's first row does not name the model's columns (${listed(features)}): it needs a header row.`,
    };
  if (missing.length > 0)
    return {
      ok: false,
      error: `The batch lacks the column${missing.length > 1 ? 's' : ''} ${listed(missing)}, which the model reads.`,
    };
  if (data.length === 0) return { ok: false, error: 'The batch is empty: its header has no rows under it.' };
  const rows = data.map((row) => Object.fromEntries(first.map((name, i) => [name, row[i] ?? ''])));
  for (const feature of pipeline.features) {
    if (feature.kind !== 'numeric') continue;
    const cells = rows.map((row) => row[feature.name]!).filter((cell) => !isMissingNumberCell(cell));
    const notNumbers = cells.filter((cell) => parseNumberCell(cell) === undefined);
    if (notNumbers.length > 0 && notNumbers.length * 2 >= cells.length)
      return {
        ok: false,
        error: `"${feature.name}" holds text (such as "${notNumbers[0]}") where the model reads numbers: is it the right column?`,
      };
  }
  const target = pipeline.target.name;
  return {
    ok: true,
    value: {
      header: first,
      rows,
      ignored: first.filter((name) => !features.includes(name) && name !== target),
      hasTarget: first.includes(target),
    },
  };
}

export function listed(names: readonly string[]): string {
  const shown = names.slice(0, 5).join(', ');
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}
