/**
 * CSV text → a stored data set: columns as typed arrays, with types inferred and statistics
 * computed. Pure (no I/O); the data worker reads the bytes and stores the result.
 *
 * Two passes: the first decides each column's type (numeric when every non-missing cell is a
 * number), the second feeds cells to one builder per column. The builders take one cell at a
 * time and know nothing of PapaParse, so a streaming import can drive both passes chunk by chunk.
 */
import Papa from 'papaparse';
import { formatFloat32, isMissingCell, parseNumberCell } from '../preprocess';
import type { ColumnSummary, ColumnType, DatasetMeta, Result, StoredColumn, StoredDataset } from '../schema';
import { MAX_CLASSES } from '../task';

/** Rows kept as text for the Data view's preview table. */
export const PREVIEW_ROWS = 100;
/** How many of a categorical column's most frequent values its summary lists. */
export const TOP_VALUES = 10;
/** How much of the text is inspected to tell a CSV from a binary file. */
const SNIFF_CHARS = 1024;
const NOT_CSV = 'This does not look like a CSV text file (it holds binary data).';
/** Above this share of control or replacement characters, text is taken for binary. */
const MAX_CONTROL_SHARE = 0.1;
/** How many bad rows an error message names. */
const ROWS_NAMED = 3;

/** Where the text came from; copied into the data set's meta. */
export interface CsvOrigin {
  readonly id: string;
  readonly name: string;
  readonly source: DatasetMeta['source'];
  /** Size of what was read, in bytes. */
  readonly bytes: number;
  readonly createdAt: number;
}

/** Decodes file bytes as UTF-8, refusing (rather than garbling) anything that is not. */
export function decodeCsvBytes(bytes: ArrayBuffer | Uint8Array): Result<string> {
  try {
    return { ok: true, value: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    // A picture or a spreadsheet renamed .csv also fails to decode; say what it really is. Text in
    // another encoding decodes to replacement characters, which alone do not make it binary.
    const all = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    const head = new TextDecoder('utf-8').decode(all.subarray(0, SNIFF_CHARS)).replaceAll('\uFFFD', '');
    if (looksBinary(head)) return { ok: false, error: NOT_CSV };
    return { ok: false, error: 'The file is not UTF-8 text. Save it as "CSV UTF-8" and import it again.' };
  }
}

/**
 * Parses CSV text: a header row is required, the delimiter (comma, semicolon, tab, |) is
 * detected, blank lines are skipped and a leading byte-order mark is dropped. Problems come back
 * as a person-worded error; row numbers in it count from 1 at the header, as a spreadsheet does.
 */
export function parseCsvText(text: string, origin: CsvOrigin): Result<StoredDataset> {
  const content = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (content.trim() === '') return { ok: false, error: 'The file is empty.' };
  if (looksBinary(content.slice(0, SNIFF_CHARS))) {
    return { ok: false, error: NOT_CSV };
  }

  const parsed = Papa.parse<string[]>(content, { delimiter: detectDelimiter(content), skipEmptyLines: false });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError !== undefined) {
    return { ok: false, error: `Row ${(quoteError.row ?? 0) + 1} has a quote (") that is not closed properly.` };
  }

  // Blank lines are dropped here rather than by PapaParse so that each record keeps its index,
  // which is its spreadsheet row number minus one.
  const records = parsed.data
    .map((fields, index) => ({ fields, rowNumber: index + 1 }))
    .filter(({ fields }) => !(fields.length === 1 && fields[0]!.trim() === ''));
  const [headerRecord, ...dataRecords] = records;
  if (headerRecord === undefined) return { ok: false, error: 'The file is empty.' };

  const names = headerRecord.fields.map((name) => name.trim());
  const headerError = checkHeader(names);
  if (headerError !== undefined) return { ok: false, error: headerError };
  if (dataRecords.length === 0) return { ok: false, error: 'The file has a header row but no data rows.' };
  const raggedError = checkRowLengths(dataRecords, names.length);
  if (raggedError !== undefined) return { ok: false, error: raggedError };

  const rows = dataRecords.map((record) => record.fields);
  const builders = names.map((name, c) =>
    createColumnBuilder(name, rows.every((row) => fitsNumeric(row[c]!)) ? 'numeric' : 'categorical', rows.length),
  );
  for (const row of rows) builders.forEach((builder, c) => builder.push(row[c]!));
  const built = builders.map((builder) => builder.finish());

  return {
    ok: true,
    value: {
      meta: {
        ...origin,
        rowCount: rows.length,
        columns: built.map((b) => b.summary),
        preview: rows.slice(0, PREVIEW_ROWS),
      },
      columns: built.map((b) => b.column),
    },
  };
}

/** NUL bytes, or many control / replacement characters, mean binary content decoded as text. */
function looksBinary(sample: string): boolean {
  if (sample.includes('\0')) return true;
  let suspicious = 0;
  for (const char of sample) {
    const code = char.charCodeAt(0);
    const isControl = (code < 0x20 && char !== '\t' && char !== '\n' && char !== '\r') || (code >= 0x7f && code < 0xa0);
    if (isControl || char === '\uFFFD') suspicious++;
  }
  return suspicious > sample.length * MAX_CONTROL_SHARE;
}

/**
 * PapaParse's guess is thrown off by blank lines (a trailing newline is enough), so it guesses on
 * the first rows with blank lines skipped; the real parse then keeps them to number rows.
 */
function detectDelimiter(text: string): string {
  const guess = Papa.parse<string[]>(text, { preview: 10, skipEmptyLines: 'greedy' });
  return guess.meta.delimiter;
}

function checkHeader(names: readonly string[]): string | undefined {
  if (names.length < 2) {
    return (
      `The file has a single column ("${names[0] ?? ''}"); it needs at least two columns: features and a target. ` +
      'Columns may be separated by commas, semicolons, tabs or |.'
    );
  }
  const unnamed = names.findIndex((name) => name === '');
  if (unnamed >= 0) return `Column ${unnamed + 1} has no name in the header row; every column needs one.`;
  const firstColumnOf = new Map<string, number>();
  for (const [index, name] of names.entries()) {
    const first = firstColumnOf.get(name);
    if (first !== undefined) {
      return `The header names "${name}" twice (columns ${first + 1} and ${index + 1}); every column needs its own name.`;
    }
    firstColumnOf.set(name, index);
  }
  return undefined;
}

function checkRowLengths(
  records: readonly { readonly fields: readonly string[]; readonly rowNumber: number }[],
  width: number,
): string | undefined {
  const ragged = records.filter((record) => record.fields.length !== width);
  if (ragged.length === 0) return undefined;
  const named = ragged.slice(0, ROWS_NAMED).map((r) => `row ${r.rowNumber} has ${r.fields.length}`);
  const more = ragged.length - named.length;
  return (
    `Every row needs ${width} fields, like the header, but ${named.join(', ')}` +
    (more > 0 ? ` (and ${more} more ${more === 1 ? 'row' : 'rows'}).` : '.')
  );
}

function fitsNumeric(cell: string): boolean {
  return isMissingCell(cell) || parseNumberCell(cell) !== undefined;
}

// ── column builders ──────────────────────────────────────────────────────────

export interface BuiltColumn {
  readonly column: StoredColumn;
  readonly summary: ColumnSummary;
}

/** Takes a column's cells in row order, then yields its stored form and summary (once). */
export interface ColumnBuilder {
  push(cell: string): void;
  finish(): BuiltColumn;
}

/** `expectedRows` sizes the first buffer; more rows than that still fit (the buffer grows). */
export function createColumnBuilder(name: string, type: ColumnType, expectedRows: number): ColumnBuilder {
  return type === 'numeric' ? new NumericColumnBuilder(name, expectedRows) : new CategoricalColumnBuilder(name, expectedRows);
}

/**
 * Stores float32 (NaN for missing). Mean and std are population statistics accumulated in
 * float64 (Welford) from the parsed text; a cell that is not a number counts as missing.
 */
class NumericColumnBuilder implements ColumnBuilder {
  private values: Float32Array;
  private length = 0;
  private missing = 0;
  private mean = 0;
  private sumSquaredDeviations = 0;
  private min = Infinity;
  private max = -Infinity;

  constructor(
    private readonly name: string,
    expectedRows: number,
  ) {
    this.values = new Float32Array(Math.max(1, expectedRows));
  }

  push(cell: string): void {
    if (this.length === this.values.length) {
      const bigger = new Float32Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    const value = isMissingCell(cell) ? undefined : parseNumberCell(cell);
    if (value === undefined) {
      this.values[this.length++] = Number.NaN;
      this.missing++;
      return;
    }
    this.values[this.length++] = value;
    const count = this.length - this.missing;
    const delta = value - this.mean;
    this.mean += delta / count;
    this.sumSquaredDeviations += delta * (value - this.mean);
    this.min = Math.min(this.min, value);
    this.max = Math.max(this.max, value);
  }

  finish(): BuiltColumn {
    const values = this.values.slice(0, this.length);
    const count = this.length - this.missing;
    // Distinct values are counted on the stored float32s, which are what a model sees.
    const sorted = values.filter((v) => !Number.isNaN(v)).sort();
    const valueCounts: { value: string; count: number }[] = [];
    for (let i = 0; i < sorted.length; i++) {
      if (i > 0 && sorted[i] === sorted[i - 1]) valueCounts[valueCounts.length - 1]!.count++;
      else valueCounts.push({ value: formatFloat32(sorted[i]!), count: 1 });
    }
    const summary: ColumnSummary = {
      name: this.name,
      type: 'numeric',
      missing: this.missing,
      unique: valueCounts.length,
      ...(count > 0 && {
        min: this.min,
        max: this.max,
        mean: this.mean,
        std: Math.sqrt(this.sumSquaredDeviations / count),
      }),
      ...(valueCounts.length <= MAX_CLASSES && { valueCounts }),
    };
    return { column: { name: this.name, type: 'numeric', values }, summary };
  }
}

/**
 * Stores int32 codes (-1 for missing) into a vocabulary sorted by UTF-16 code units, so codes do
 * not depend on row order and a binary target's classes come out the same for every file.
 * Cells are trimmed.
 */
class CategoricalColumnBuilder implements ColumnBuilder {
  private codes: Int32Array;
  private length = 0;
  private missing = 0;
  /** Codes in order of first appearance; remapped to sorted order by finish(). */
  private readonly codeOf = new Map<string, number>();
  private readonly counts: number[] = [];

  constructor(
    private readonly name: string,
    expectedRows: number,
  ) {
    this.codes = new Int32Array(Math.max(1, expectedRows));
  }

  push(cell: string): void {
    if (this.length === this.codes.length) {
      const bigger = new Int32Array(this.codes.length * 2);
      bigger.set(this.codes);
      this.codes = bigger;
    }
    if (isMissingCell(cell)) {
      this.codes[this.length++] = -1;
      this.missing++;
      return;
    }
    const value = cell.trim();
    let code = this.codeOf.get(value);
    if (code === undefined) {
      code = this.codeOf.size;
      this.codeOf.set(value, code);
      this.counts.push(0);
    }
    this.counts[code]!++;
    this.codes[this.length++] = code;
  }

  finish(): BuiltColumn {
    const vocabulary = [...this.codeOf.keys()].sort();
    const sortedCodeOf = new Map(vocabulary.map((value, index) => [value, index]));
    const remap = Int32Array.from(this.codeOf.keys(), (value) => sortedCodeOf.get(value)!);
    const codes = this.codes.slice(0, this.length).map((code) => (code < 0 ? -1 : remap[code]!));

    const valueCounts = vocabulary.map((value) => ({ value, count: this.counts[this.codeOf.get(value)!]! }));
    // Array.prototype.sort is stable: equal counts stay in vocabulary order.
    const topValues = [...valueCounts].sort((a, b) => b.count - a.count).slice(0, TOP_VALUES);
    const summary: ColumnSummary = {
      name: this.name,
      type: 'categorical',
      missing: this.missing,
      unique: vocabulary.length,
      topValues,
      ...(valueCounts.length <= MAX_CLASSES && { valueCounts }),
    };
    return { column: { name: this.name, type: 'categorical', codes, vocabulary }, summary };
  }
}
