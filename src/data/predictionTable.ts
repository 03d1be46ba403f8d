/**
 * Rows to predict, pasted or dropped as CSV, and the predictions written back as CSV: the rows
 * as read with the prediction's columns after them.
 */
import Papa from 'papaparse';
import type { Result } from '../model/result';

/** Rows read for prediction: each a record of column name → cell text, as the single-row form takes them. */
export interface RowsToPredict {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** What one row's prediction says; `error` when the row could not be read. */
export type RowOutcome =
  | {
      readonly label?: string;
      readonly probabilities?: readonly { readonly label: string; readonly p: number }[];
      readonly value?: number;
    }
  | { readonly error: string };

/**
 * Reads CSV rows (any common separator, a spreadsheet's tabs included) for a model reading the
 * columns `features` of a data set with the columns `datasetColumns`. A first row naming every
 * feature is the header; rows without one are read in the data set's column order, or in the
 * model's feature order, whichever their length matches.
 */
export function readRowsToPredict(
  text: string,
  datasetColumns: readonly string[],
  features: readonly string[],
): Result<RowsToPredict> {
  const parsed = Papa.parse<string[]>(text.trim(), { skipEmptyLines: 'greedy' });
  const rows = parsed.data.map((row) => row.map((cell) => cell.trim()));
  const [first] = rows;
  if (!first) return { ok: false, error: 'There are no rows to predict: paste CSV rows or drop a CSV file.' };
  if (features.every((name) => first.includes(name))) {
    return rows.length > 1
      ? { ok: true, value: { header: first, rows: rows.slice(1) } }
      : { ok: false, error: 'There is a header row but no rows under it.' };
  }
  for (const header of [datasetColumns, features]) {
    if (rows.every((row) => row.length === header.length)) return { ok: true, value: { header, rows } };
  }
  const odd = rows.findIndex((row) => row.length !== datasetColumns.length && row.length !== features.length);
  const row = rows[odd] ?? first;
  return {
    ok: false,
    error:
      `Row ${odd + 1} has ${row.length} value${row.length === 1 ? '' : 's'}; the model reads ${features.length} (${features.join(', ')})` +
      (datasetColumns.length === features.length ? '' : `, or a row of the data set has ${datasetColumns.length}`) +
      '. Start with a header row to name the columns.',
  };
}

export function rowRecord(header: readonly string[], row: readonly string[]): Record<string, string> {
  return Object.fromEntries(header.map((name, i) => [name, row[i] ?? '']));
}

/**
 * The rows as read, then `predicted <target>`, each class's probability (classification) and, when
 * a row could not be read, an `error` column saying why.
 */
export function withPredictions(
  table: RowsToPredict,
  outcomes: readonly RowOutcome[],
  target: string,
  labels: readonly string[],
): RowsToPredict {
  const failed = outcomes.some((outcome) => 'error' in outcome);
  const header = [
    ...table.header,
    `predicted ${target}`,
    ...labels.map((label) => `p(${label})`),
    ...(failed ? ['error'] : []),
  ];
  const rows = table.rows.map((row, i) => {
    const outcome = outcomes[i]!;
    if ('error' in outcome) return [...row, '', ...labels.map(() => ''), outcome.error];
    const predicted = outcome.label ?? (outcome.value === undefined ? '' : String(outcome.value));
    const probabilities = labels.map((label) =>
      String(Number((outcome.probabilities?.find((c) => c.label === label)?.p ?? 0).toFixed(6))),
    );
    return [...row, predicted, ...probabilities, ...(failed ? [''] : [])];
  });
  return { header, rows };
}

export function toCsv({ header, rows }: RowsToPredict): string {
  return Papa.unparse({ fields: [...header], data: rows.map((row) => [...row]) });
}
