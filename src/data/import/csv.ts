/**
 * CSV → a stored data set: columns as typed arrays in chunks, with types inferred and statistics
 * computed, without ever holding the whole file or one object per row.
 *
 * Two passes over the text. Pass 1 (`CsvScanner`) checks the file's shape (header, ragged rows,
 * quotes) and decides each column's type: numeric when every non-missing cell is a number. Pass 2
 * (`CsvEncoder`) feeds cells to one `ColumnBuilder` per column, which fills fixed-size chunks and
 * keeps running statistics. Both passes take text in pieces of any size, so `importCsvBlob` can
 * stream a File (read twice) slice by slice while `parseCsvText` hands over a string in one piece.
 */
import Papa from 'papaparse';
import type { Result } from '../../model/result';
import { CHUNK_ROWS, createColumnAssembler } from '../chunks';
import type { CsvImportProgress } from '../importProgress';
import { formatFloat32, isMissingCell, isMissingNumberCell, parseNumberCell } from '../cells';
import type {
  ChunkColumns,
  ColumnLayout,
  ColumnSummary,
  ColumnType,
  DatasetLayout,
  DatasetMeta,
  StoredDataset,
  TextAmongNumbers,
  ValueCounts,
} from '../schema';
import { MAX_CLASSES } from '../task';
import { DEFAULT_TOKENIZER_SETTINGS, lengthHistogram } from '../text';
import { namesImageFile } from './imageFormat';

/** Rows kept as text for the Data view's preview table. */
const PREVIEW_ROWS = 100;
/** The most cells kept for it: the meta crosses to the main thread whole, and is read there from storage. */
const PREVIEW_CELLS = 20_000;

/** Preview rows for a table `columnCount` wide: PREVIEW_ROWS, fewer for a wide table (4 at 5,000 columns). */
export function previewRowCount(columnCount: number): number {
  return Math.max(1, Math.min(PREVIEW_ROWS, Math.floor(PREVIEW_CELLS / Math.max(1, columnCount))));
}
/** How many of a categorical column's most frequent values its summary lists. */
export const TOP_VALUES = 10;
/**
 * Distinct values counted per numeric column. Beyond it a column reports `unique` as a lower
 * bound: exact counts of a million distinct floats would cost more memory than the column itself.
 */
export const UNIQUE_COUNT_CAP = 10_000;
/** Bytes read (and decoded) at a time from a file. */
export const READ_BYTES = 1 << 20;
/** How much of the text is inspected to tell a CSV from a binary file. */
const SNIFF_CHARS = 1024;
/** Text gathered before guessing the delimiter and line ends, so a small first read cannot mislead the guess. */
const DIALECT_SNIFF_CHARS = 64 * 1024;
/** A record longer than this is an unclosed quote (or not a CSV); refusing it bounds memory. */
const MAX_RECORD_CHARS = 8 * 1024 * 1024;
const NOT_CSV = 'This does not look like a CSV text file (it holds binary data).';
/** Above this share of control or replacement characters, text is taken for binary. */
const MAX_CONTROL_SHARE = 0.1;
/** How many bad rows an error message names. */
const ROWS_NAMED = 3;
/** Text cells after which a column with more text than numbers is taken for a text column. */
const TEXT_TALLY_LIMIT = 100;
const OK: Result<void> = { ok: true, value: undefined };

/** Where the text came from; copied into the data set's meta. */
export interface CsvOrigin {
  readonly id: string;
  readonly name: string;
  readonly source: DatasetMeta['source'];
  /** Size of what was read, in bytes. */
  readonly bytes: number;
  readonly createdAt: number;
}

export interface CsvImportOptions {
  /** Copied into the meta, with the blob's size as `bytes`. */
  readonly origin: Omit<CsvOrigin, 'bytes'>;
  /** Stores chunk `index` (0, 1, 2 … in order); a failure, such as a full disk, ends the import with its message. */
  readonly writeChunk: (index: number, chunk: ChunkColumns) => Promise<Result<void>>;
  /** Called after every read, in order: pass 1 from 0 to the blob's size, then pass 2 likewise. */
  readonly onProgress?: (progress: CsvImportProgress) => void;
  readonly chunkRows?: number;
  readonly readBytes?: number;
  /** Whether the first row names the columns; undefined: detected (a first row of numbers is data). */
  readonly firstRowIsHeader?: boolean;
}

/** What an import leaves besides its chunks: the meta for the UI and the layout that reassembles the columns. */
export interface ImportedCsv {
  readonly meta: DatasetMeta;
  readonly layout: DatasetLayout;
}

/**
 * Imports a CSV file (or a fetched sample, as a Blob) without reading it whole: UTF-8 with or
 * without a byte-order mark, or UTF-16 with one; a header row; the delimiter (comma, semicolon,
 * tab, |) and decimal commas detected; any mix of line ends; quoted fields; blank lines skipped. Chunks go to `writeChunk` as they fill; a bad file is
 * refused in pass 1, before any chunk is written. Problems come back as a person-worded error;
 * row numbers in it count from 1 at the header, as a spreadsheet does.
 */
export async function importCsvBlob(blob: Blob, options: CsvImportOptions): Promise<Result<ImportedCsv>> {
  const { origin, writeChunk, onProgress, chunkRows = CHUNK_ROWS, readBytes = READ_BYTES, firstRowIsHeader } = options;
  const read = (pass: 1 | 2, onText: (text: string) => Result<void> | Promise<Result<void>>) => {
    const lineEnds = new LineEnds();
    return readText(
      blob,
      readBytes,
      (text) => onText(lineEnds.push(text)),
      (bytesRead) => onProgress?.({ pass, bytesRead, totalBytes: blob.size }),
    );
  };

  const scanner = new CsvScanner({ firstRowIsHeader, dataSet: true });
  const pass1 = await read(1, (text) => scanner.push(text));
  if (!pass1.ok) return pass1;
  const scan = scanner.end();
  if (!scan.ok) return scan;

  const encoder = new CsvEncoder(scan.value, chunkRows);
  let chunksWritten = 0;
  const writePending = async (): Promise<Result<void>> => {
    for (const chunk of encoder.takeChunks()) {
      const written = await writeChunk(chunksWritten++, chunk);
      if (!written.ok) return written;
    }
    return OK;
  };
  const pass2 = await read(2, (text) => {
    const pushed = encoder.push(text);
    return pushed.ok ? writePending() : pushed;
  });
  if (!pass2.ok) return pass2;
  const encoded = encoder.end();
  if (!encoded.ok) return encoded;
  const written = await writePending();
  if (!written.ok) return written;
  if (encoder.rowCount !== scan.value.rowCount) {
    return { ok: false, error: 'The file changed while it was being imported; import it again.' };
  }
  const { layouts, summaries } = encoded.value;
  return {
    ok: true,
    value: {
      meta: metaOf({ ...origin, bytes: blob.size }, scan.value, summaries),
      layout: { chunkRows, chunkCount: chunksWritten, columns: layouts },
    },
  };
}

/**
 * Parses CSV text already in memory (tests, small pasted text) through the same two passes as
 * `importCsvBlob`, keeping the chunks in memory and assembling whole columns.
 */
export function parseCsvText(
  text: string,
  origin: CsvOrigin,
  options: Pick<CsvImportOptions, 'firstRowIsHeader'> = {},
): Result<StoredDataset> {
  const scanned = scanText(text, { firstRowIsHeader: options.firstRowIsHeader, dataSet: true });
  if (!scanned.ok) return scanned;
  const { content, scan } = scanned.value;
  const encoder = new CsvEncoder(scan, CHUNK_ROWS);
  const encoded = encoder.push(content);
  if (!encoded.ok) return encoded;
  const built = encoder.end();
  if (!built.ok) return built;
  const chunks = encoder.takeChunks();
  const layout: DatasetLayout = { chunkRows: CHUNK_ROWS, chunkCount: chunks.length, columns: built.value.layouts };
  const assembler = createColumnAssembler(layout, scan.rowCount);
  chunks.forEach((chunk, index) => assembler.add(index, chunk));
  return { ok: true, value: { meta: metaOf(origin, scan, built.value.summaries), columns: assembler.columns() } };
}

/** A CSV's rows as text, read as an imported file is: for rows held against a model rather than stored. */
export interface CsvRecords {
  /** The header's names, or column_1, column_2 … when the first row held data (see `hasHeader`). */
  readonly names: readonly string[];
  readonly hasHeader: boolean;
  /** Per column, the type an import would give it: numeric when every non-missing cell is a number. */
  readonly types: readonly CsvColumnType[];
  /** Per column: the few text cells among mostly numbers, as an import reports them, else undefined. */
  readonly textAmongNumbers: readonly (TextAmongNumbers | undefined)[];
  /** The data rows, one cell per name; numbers written with a decimal comma come with a point ("3,5" → "3.5"). */
  readonly rows: readonly (readonly string[])[];
}

/**
 * Reads CSV text in memory with the import's own reading (byte-order mark, delimiter and decimal
 * commas detected, quoted fields, any line ends, header detection, ragged rows refused), keeping
 * every row's cells as text. Unlike an import, one column, or a header with no rows under it, is
 * read rather than refused: the caller knows what it needs.
 */
export function readCsvRecords(text: string): Result<CsvRecords> {
  const scanned = scanText(text, { dataSet: false });
  if (!scanned.ok) return scanned;
  const { content, scan } = scanned.value;
  const rows: string[][] = [];
  let headerSeen = !scan.hasHeader;
  const splitter = new RecordSplitter(scan.dialect, (fields) => {
    if (headerSeen) rows.push(fields);
    headerSeen = true;
    return undefined;
  });
  const pushed = splitter.push(content);
  if (!pushed.ok) return pushed;
  const ended = splitter.end();
  if (!ended.ok) return ended;
  const { names, hasHeader, types, textAmongNumbers } = scan;
  return { ok: true, value: { names, hasHeader, types, textAmongNumbers, rows } };
}

/** Pass 1 over text in memory (a leading byte-order mark dropped), with the text as pass 2 reads it. */
function scanText(text: string, rules: ScanRules): Result<{ content: string; scan: CsvScan }> {
  const content = new LineEnds().push(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const scanner = new CsvScanner(rules);
  const pushed = scanner.push(content);
  if (!pushed.ok) return pushed;
  const scan = scanner.end();
  return scan.ok ? { ok: true, value: { content, scan: scan.value } } : scan;
}

function metaOf(origin: CsvOrigin, scan: CsvScan, summaries: readonly ColumnSummary[]): DatasetMeta {
  const columns = summaries.map((summary, c) => {
    const textAmongNumbers = scan.textAmongNumbers[c];
    return textAmongNumbers ? { ...summary, textAmongNumbers } : summary;
  });
  const readingNotes = [
    ...(scan.hasHeader || !scan.headerDetected
      ? []
      : [
          `The first row holds numbers, not column names: it was read as data, and the columns were named column_1 to column_${scan.names.length}.`,
        ]),
    ...(scan.dialect.decimalComma ? ['Numbers with a decimal comma (1,5) were read as 1.5.'] : []),
  ];
  return {
    ...origin,
    rowCount: scan.rowCount,
    columns,
    preview: scan.preview,
    firstRowIsHeader: scan.hasHeader,
    ...(readingNotes.length > 0 && { readingNotes }),
  };
}

// ── reading ──────────────────────────────────────────────────────────────────

/**
 * Reads `blob` slice by slice, decoding UTF-8 strictly, or UTF-16 after its byte-order mark (a
 * character split across slices is carried over; a leading byte-order mark is dropped), and hands
 * each piece of text to `onText`.
 * Stops at the first failure, its own (unreadable, not UTF-8) or `onText`'s.
 */
async function readText(
  blob: Blob,
  readBytes: number,
  onText: (text: string) => Result<void> | Promise<Result<void>>,
  onRead: (bytesRead: number) => void,
): Promise<Result<void>> {
  const decoder = new TextDecoder(await encodingOf(blob), { fatal: true });
  const read = (offset: number) => blob.slice(offset, offset + readBytes).arrayBuffer();
  // The next slice is read while the current one is parsed.
  let next = blob.size > 0 ? read(0) : undefined;
  for (let offset = 0; next !== undefined; offset += readBytes) {
    const end = Math.min(blob.size, offset + readBytes);
    let text: string;
    try {
      const bytes = await next;
      next = end < blob.size ? read(end) : undefined;
      text = decoder.decode(bytes, { stream: end < blob.size });
    } catch (error) {
      void next?.catch(() => undefined);
      if (error instanceof TypeError)
        return { ok: false, error: undecodableError(new Uint8Array(await blob.slice(0, SNIFF_CHARS).arrayBuffer())) };
      return {
        ok: false,
        error: `The file could not be read (${error instanceof Error ? error.message : String(error)}). Was it moved or changed?`,
      };
    }
    onRead(end);
    const handled = await onText(text);
    if (!handled.ok) {
      void next?.catch(() => undefined);
      return handled;
    }
  }
  return OK;
}

/** UTF-16 when the file starts with its byte-order mark (spreadsheets' "Unicode text"), else UTF-8. */
async function encodingOf(blob: Blob): Promise<'utf-8' | 'utf-16le' | 'utf-16be'> {
  const [first, second] = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  if (first === 0xff && second === 0xfe) return 'utf-16le';
  if (first === 0xfe && second === 0xff) return 'utf-16be';
  return 'utf-8';
}

/**
 * Why bytes that are not UTF-8 cannot be imported. A picture or a spreadsheet renamed .csv fails to
 * decode too: say what it really is. Text in another encoding decodes to replacement characters,
 * which alone do not make it binary.
 */
function undecodableError(head: Uint8Array): string {
  const text = new TextDecoder('utf-8').decode(head).replaceAll('\uFFFD', '');
  return looksBinary(text) ? NOT_CSV : 'The file is not UTF-8 text. Save it as "CSV UTF-8" and import it again.';
}

/**
 * UTF-16 text without a byte-order mark read as UTF-8: every other character a NUL (the high byte
 * of a Latin character), and nothing else out of place.
 */
function looksLikeUtf16(sample: string): boolean {
  const nuls = sample.split('\0').length - 1;
  return (
    sample.length >= 8 &&
    nuls > sample.length * 0.4 &&
    nuls < sample.length * 0.6 &&
    !looksBinary(sample.replaceAll('\0', ''))
  );
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

// ── records ──────────────────────────────────────────────────────────────────

interface Dialect {
  readonly delimiter: string;
  /** Numbers are written with a decimal comma ("3,5"; "1.234,5" with thousands), as European spreadsheets save them. */
  readonly decimalComma: boolean;
}

/** A number with a decimal comma, and optionally dots between thousands: "3,5", "-0,25", "1.234,5". */
const DECIMAL_COMMA_NUMBER = /^\s*[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+\s*$/;

/** The cell as the number it writes with a decimal comma ("1.234,5" → "1234.5"), or as it is. */
function withDecimalPoint(cell: string): string {
  return DECIMAL_COMMA_NUMBER.test(cell) ? cell.trim().replaceAll('.', '').replace(',', '.') : cell;
}

/**
 * PapaParse's guess is thrown off by blank lines (a trailing newline is enough), so it guesses on
 * the first rows with blank lines skipped; the records are then split with blank lines kept, to
 * number rows. Line ends are \n by then (`LineEnds`). Where the delimiter is not a comma, a cell
 * like "3,5" among the first rows means decimal commas: in a comma-separated file a quoted
 * "1,000" is a thousands separator, and stays text.
 */
function detectDialect(head: string): Dialect {
  const guess = Papa.parse<string[]>(head, { preview: 10, skipEmptyLines: 'greedy', newline: '\n' });
  const delimiter = guess.meta.delimiter;
  const decimalComma =
    delimiter !== ',' && guess.data.some((fields) => fields.some((cell) => DECIMAL_COMMA_NUMBER.test(cell)));
  return { delimiter, decimalComma };
}

/**
 * Turns every line end into \n as text arrives in pieces, so a file may use \r\n, \n, or lone \r
 * (old Macs), or a mix of them. A \r that ends a piece waits to see whether \n starts the next; at
 * the end of the file it is a line end, which the last record needs no more.
 */
class LineEnds {
  private carriedReturn = false;

  push(piece: string): string {
    let text = this.carriedReturn ? `\r${piece}` : piece;
    this.carriedReturn = text.endsWith('\r');
    if (this.carriedReturn) text = text.slice(0, -1);
    return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  }
}

/**
 * Splits text arriving in pieces into records with PapaParse's low-level parser, as its own
 * streamers do: the possibly incomplete last record of each piece is carried over to the next.
 * Blank records are skipped but counted, so `rowNumber` is the record's spreadsheet row.
 * `onRecord` may return an error to stop.
 */
class RecordSplitter {
  private readonly parser: Papa.Parser;
  private readonly decimalComma: boolean;
  private carried = '';
  private recordsBefore = 0;

  constructor(
    dialect: Dialect,
    private readonly onRecord: (fields: string[], rowNumber: number) => string | undefined,
  ) {
    this.parser = new Papa.Parser({ delimiter: dialect.delimiter, newline: '\n' });
    this.decimalComma = dialect.decimalComma;
  }

  push(text: string): Result<void> {
    return this.split(this.carried + text, false);
  }

  end(): Result<void> {
    return this.split(this.carried, true);
  }

  private split(text: string, last: boolean): Result<void> {
    const parsed = this.parser.parse(text, 0, !last) as Papa.ParseResult<string[]>;
    // A piece can end inside a record (between \r and \n, say), which the parser may report as a
    // bad quote; only errors in records it completed are real.
    const quoteErrorRow = parsed.errors.find(
      (e) => e.type === 'Quotes' && (last || (e.row ?? 0) < parsed.data.length),
    )?.row;
    if (quoteErrorRow !== undefined) {
      return {
        ok: false,
        error: `Row ${this.recordsBefore + quoteErrorRow + 1} has a quote (") that is not closed properly.`,
      };
    }
    this.carried = last ? '' : text.slice(parsed.meta.cursor);
    for (const fields of parsed.data) {
      const rowNumber = ++this.recordsBefore;
      if (fields.length === 1 && fields[0]!.trim() === '') continue;
      const error = this.onRecord(this.decimalComma ? fields.map(withDecimalPoint) : fields, rowNumber);
      if (error !== undefined) return { ok: false, error };
    }
    if (this.carried.length > MAX_RECORD_CHARS) {
      const row = this.recordsBefore + 1;
      return {
        ok: false,
        error: this.carried.includes('"')
          ? `Row ${row} has a quote (") that is not closed properly.`
          : `Row ${row} is longer than ${MAX_RECORD_CHARS / 2 ** 20} MB without a line break; this does not look like a CSV file.`,
      };
    }
    return OK;
  }
}

// ── pass 1: shape and types ──────────────────────────────────────────────────

/** The column types a CSV's cells can have. */
type CsvColumnType = Exclude<ColumnType, 'image'>;

/** What pass 1 learns; pass 2 encodes with it. */
interface CsvScan {
  readonly dialect: Dialect;
  /** Whether the first record named the columns (else it is data, and the names are made up). */
  readonly hasHeader: boolean;
  /** Whether that was detected rather than said by the person. */
  readonly headerDetected: boolean;
  readonly names: readonly string[];
  readonly types: readonly CsvColumnType[];
  /** Per column: text found among mostly numbers (see `TextAmongNumbers`), else undefined. */
  readonly textAmongNumbers: readonly (TextAmongNumbers | undefined)[];
  /** Per column: the range of its numbers, if it has any. */
  readonly ranges: readonly (ValueRange | undefined)[];
  readonly rowCount: number;
  readonly preview: readonly (readonly string[])[];
}

/**
 * Decides whether a column is numeric (every non-missing cell a number) and watches for text
 * among numbers: a typo, "Infinity", a unit ("12 kg") in a column that is otherwise numeric.
 * Stops counting once the column is plainly text, so a text column costs a number check for its
 * first cells only.
 */
class NumberTextTally {
  private numbers = 0;
  private min = Infinity;
  private max = -Infinity;
  private texts = 0;
  private readonly rows: number[] = [];
  private readonly examples = new Set<string>();
  private plainlyText = false;

  push(cell: string, rowNumber: number): void {
    if (this.plainlyText) return;
    // Numbers first: they are most cells of a numeric column, and no missing marker parses as one.
    const value = parseNumberCell(cell);
    if (value === undefined && isMissingNumberCell(cell)) return;
    if (value !== undefined) {
      this.numbers++;
      if (value < this.min) this.min = value;
      if (value > this.max) this.max = value;
      return;
    }
    this.texts++;
    if (this.rows.length < ROWS_NAMED) this.rows.push(rowNumber);
    if (this.examples.size < ROWS_NAMED) this.examples.add(detached(cell.trim()));
    if (this.texts > TEXT_TALLY_LIMIT && this.texts > this.numbers) this.plainlyText = true;
  }

  get allNumbers(): boolean {
    return this.texts === 0;
  }

  /** The smallest and largest number seen, which pass 2 bins a numeric column's histogram by. */
  get range(): ValueRange | undefined {
    return this.numbers > 0 ? { min: this.min, max: this.max } : undefined;
  }

  /** Defined when some cells hold text but most hold numbers. */
  result(): TextAmongNumbers | undefined {
    if (this.plainlyText || this.texts === 0 || this.texts >= this.numbers) return undefined;
    return { count: this.texts, rows: this.rows, examples: [...this.examples] };
  }
}

/** What a scan asks of a file besides being a CSV. */
interface ScanRules {
  /** The person's word on whether the first row names the columns; undefined to detect it. */
  readonly firstRowIsHeader?: boolean;
  /** A data set needs two columns (features and a target) and a data row; rows read to check against a model need neither. */
  readonly dataSet: boolean;
}

class CsvScanner {
  /** Text held until there is enough to guess the dialect from. */
  private head = '';
  private hasHeader = true;
  private splitter: RecordSplitter | undefined;
  private dialect: Dialect | undefined;
  private names: string[] | undefined;
  private tallies: NumberTextTally[] = [];
  private rowCount = 0;
  private readonly preview: string[][] = [];
  private readonly ragged: { readonly rowNumber: number; readonly fields: number }[] = [];
  private raggedCount = 0;

  constructor(private readonly rules: ScanRules) {}

  push(text: string): Result<void> {
    if (this.splitter) return this.splitter.push(text);
    this.head += text;
    return this.head.length >= DIALECT_SNIFF_CHARS ? this.startSplitting() : OK;
  }

  end(): Result<CsvScan> {
    const flushed = this.splitter ? OK : this.startSplitting();
    if (!flushed.ok) return flushed;
    const ended = this.splitter!.end();
    if (!ended.ok) return ended;
    if (this.names === undefined) return { ok: false, error: 'The file is empty.' };
    if (this.rules.dataSet && this.rowCount + this.raggedCount === 0)
      return { ok: false, error: 'The file has a header row but no data rows.' };
    if (this.raggedCount > 0) {
      const named = this.ragged.map((r) => `row ${r.rowNumber} has ${r.fields}`);
      const more = this.raggedCount - named.length;
      return {
        ok: false,
        error:
          `Every row needs ${this.names.length} fields, like the header, but ${named.join(', ')}` +
          (more > 0 ? ` (and ${more} more ${more === 1 ? 'row' : 'rows'}).` : '.'),
      };
    }
    return {
      ok: true,
      value: {
        dialect: this.dialect!,
        hasHeader: this.hasHeader,
        headerDetected: this.rules.firstRowIsHeader === undefined,
        names: this.names,
        types: this.tallies.map((tally) => (tally.allNumbers ? 'numeric' : 'categorical')),
        textAmongNumbers: this.tallies.map((tally) => tally.result()),
        ranges: this.tallies.map((tally) => tally.range),
        rowCount: this.rowCount,
        preview: this.preview,
      },
    };
  }

  private startSplitting(): Result<void> {
    const sample = this.head.slice(0, SNIFF_CHARS);
    if (looksLikeUtf16(sample))
      return {
        ok: false,
        error: 'The file is UTF-16 text without a byte-order mark. Save it as "CSV UTF-8" and import it again.',
      };
    if (looksBinary(sample)) return { ok: false, error: NOT_CSV };
    this.dialect = detectDialect(this.head);
    this.splitter = new RecordSplitter(this.dialect, (fields, rowNumber) => this.onRecord(fields, rowNumber));
    const head = this.head;
    this.head = '';
    return this.splitter.push(head);
  }

  private onRecord(fields: string[], rowNumber: number): string | undefined {
    if (this.names === undefined) {
      this.hasHeader = this.rules.firstRowIsHeader ?? !looksLikeData(fields);
      this.names = this.hasHeader
        ? fields.map((name) => detached(name.trim()))
        : fields.map((_, c) => `column_${c + 1}`);
      this.tallies = this.names.map(() => new NumberTextTally());
      const error = checkHeader(this.names, this.rules.dataSet);
      if (error !== undefined || this.hasHeader) return error;
    }
    if (fields.length !== this.names.length) {
      if (this.ragged.length < ROWS_NAMED) this.ragged.push({ rowNumber, fields: fields.length });
      this.raggedCount++;
      return undefined;
    }
    this.rowCount++;
    if (this.preview.length < previewRowCount(fields.length)) this.preview.push(fields.map(detached));
    for (let c = 0; c < fields.length; c++) this.tallies[c]!.push(fields[c]!, rowNumber);
    return undefined;
  }
}

/** A first row of numbers only (two or more) is data, not column names: no one names every column by a number. */
function looksLikeData(fields: readonly string[]): boolean {
  return fields.length >= 2 && fields.every((field) => parseNumberCell(field) !== undefined);
}

function checkHeader(names: readonly string[], dataSet: boolean): string | undefined {
  if (dataSet && names.length < 2) {
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

/**
 * A copy of `text` that does not keep alive the piece of file it was cut from. Engines cut
 * substrings as views into their parent (V8 does beyond 12 characters), so one kept category or
 * preview cell would otherwise hold a whole megabyte of text.
 */
function detached(text: string): string {
  return (' ' + text).slice(1);
}

// ── pass 2: encoding ─────────────────────────────────────────────────────────

class CsvEncoder {
  private readonly splitter: RecordSplitter;
  private readonly builders: ColumnBuilder[];
  private readonly chunks: ChunkColumns[] = [];
  private rowsInChunk = 0;
  private headerSeen: boolean;
  /** Data rows encoded so far. */
  rowCount = 0;

  constructor(
    scan: CsvScan,
    private readonly chunkRows: number,
  ) {
    this.builders = scan.names.map((name, c) => createColumnBuilder(name, scan.types[c]!, chunkRows, scan.ranges[c]));
    this.headerSeen = !scan.hasHeader;
    this.splitter = new RecordSplitter(scan.dialect, (fields) => this.onRecord(fields));
  }

  push(text: string): Result<void> {
    return this.splitter.push(text);
  }

  /** Ends the text; the last, shorter chunk then waits in `takeChunks`. */
  end(): Result<{ layouts: ColumnLayout[]; summaries: ColumnSummary[] }> {
    const ended = this.splitter.end();
    if (!ended.ok) return ended;
    if (this.rowsInChunk > 0) this.closeChunk();
    const built = this.builders.map((builder) => builder.finish());
    return { ok: true, value: { layouts: built.map((b) => b.layout), summaries: built.map((b) => b.summary) } };
  }

  /** The chunks filled since the last call, in order. */
  takeChunks(): ChunkColumns[] {
    return this.chunks.splice(0);
  }

  private onRecord(fields: string[]): string | undefined {
    if (!this.headerSeen) {
      this.headerSeen = true;
      return undefined;
    }
    // Pass 1 refused ragged files; a row that does not fit now means the file changed since.
    if (fields.length !== this.builders.length) return 'The file changed while it was being imported; import it again.';
    for (let c = 0; c < fields.length; c++) this.builders[c]!.push(fields[c]!);
    this.rowCount++;
    if (++this.rowsInChunk === this.chunkRows) this.closeChunk();
    return undefined;
  }

  private closeChunk(): void {
    this.chunks.push(this.builders.map((builder) => builder.takeChunk()));
    this.rowsInChunk = 0;
  }
}

// ── column builders ──────────────────────────────────────────────────────────

/** Distinct values a text-length histogram looks at: evenly spaced, so a million distinct texts cost no more. */
const TEXT_LENGTH_SAMPLE = 20_000;

/** How many tokens a column's cells have, at word and character level, each distinct value weighted by its count. */
function textLengthsOf({ values, counts }: ValueCounts): NonNullable<ColumnSummary['textLengths']> {
  const step = Math.ceil(values.length / TEXT_LENGTH_SAMPLE);
  function* cells(): Generator<string> {
    for (let i = 0; i < values.length; i += step) {
      for (let k = 0; k < counts[i]!; k++) yield values[i]!;
    }
  }
  return {
    word: lengthHistogram(cells(), { ...DEFAULT_TOKENIZER_SETTINGS, level: 'word' }),
    char: lengthHistogram(cells(), { ...DEFAULT_TOKENIZER_SETTINGS, level: 'char' }),
  };
}

/**
 * Takes a column's cells in row order and cuts them into chunks; keeps the statistics of every
 * cell seen. Knows nothing of PapaParse or storage.
 */
export interface ColumnBuilder {
  /** Appends one cell; at most `chunkRows` cells between two `takeChunk` calls. */
  push(cell: string): void;
  /** The cells pushed since the last call, as one chunk column; the builder starts a new chunk. */
  takeChunk(): Float32Array | Int32Array;
  /** The column's layout and summary; call once, after the last `takeChunk`. */
  finish(): { readonly layout: ColumnLayout; readonly summary: ColumnSummary };
}

/** `range`, from pass 1, lets a numeric column count its values into histogram bins as they arrive. */
export function createColumnBuilder(
  name: string,
  type: CsvColumnType,
  chunkRows: number,
  range?: ValueRange,
): ColumnBuilder {
  return type === 'numeric'
    ? new NumericColumnBuilder(name, chunkRows, range)
    : new CategoricalColumnBuilder(name, chunkRows, true);
}

interface ValueRange {
  readonly min: number;
  readonly max: number;
}

/** Bars in a numeric column's histogram: enough to show a shape, few enough to draw in a table cell. */
export const HISTOGRAM_BINS = 20;

/**
 * A categorical column whose every cell is a class, as an image import's labels (folder names):
 * a folder named "NA" or "?" is a class like any other, not a missing value.
 */
export function createLabelColumnBuilder(name: string, chunkRows: number): ColumnBuilder {
  return new CategoricalColumnBuilder(name, chunkRows, false);
}

/**
 * Stores float32 (NaN for missing). Mean and std are population statistics accumulated in
 * float64 (Welford) from the parsed text; a cell that is not a number counts as missing.
 * Distinct values are counted on the stored float32s, which are what a model sees, up to
 * UNIQUE_COUNT_CAP.
 */
class NumericColumnBuilder implements ColumnBuilder {
  private chunk: Float32Array;
  private length = 0;
  private count = 0;
  private missing = 0;
  private mean = 0;
  private sumSquaredDeviations = 0;
  private min = Infinity;
  private max = -Infinity;
  /** float32 value → count; dropped once the column has more than UNIQUE_COUNT_CAP distinct values. */
  private distinct: Map<number, number> | undefined = new Map();
  private readonly bins: Uint32Array | undefined;

  constructor(
    private readonly name: string,
    private readonly chunkRows: number,
    private readonly range?: ValueRange,
  ) {
    this.chunk = new Float32Array(chunkRows);
    this.bins = range && new Uint32Array(HISTOGRAM_BINS);
  }

  push(cell: string): void {
    // Missing markers ("NA", "?" …) are not numbers either: no separate test is needed.
    const value = parseNumberCell(cell);
    if (value === undefined) {
      this.chunk[this.length++] = Number.NaN;
      this.missing++;
      return;
    }
    this.chunk[this.length++] = value;
    this.count++;
    const delta = value - this.mean;
    this.mean += delta / this.count;
    this.sumSquaredDeviations += delta * (value - this.mean);
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (this.bins && this.range) {
      const { min, max } = this.range;
      const bin = max > min ? Math.floor(((value - min) / (max - min)) * HISTOGRAM_BINS) : 0;
      this.bins[Math.min(HISTOGRAM_BINS - 1, Math.max(0, bin))]!++;
    }
    if (this.distinct) {
      const stored = Math.fround(value);
      this.distinct.set(stored, (this.distinct.get(stored) ?? 0) + 1);
      if (this.distinct.size > UNIQUE_COUNT_CAP) this.distinct = undefined;
    }
  }

  takeChunk(): Float32Array {
    const full = this.length === this.chunkRows ? this.chunk : this.chunk.slice(0, this.length);
    this.chunk = new Float32Array(this.chunkRows);
    this.length = 0;
    return full;
  }

  finish(): { layout: ColumnLayout; summary: ColumnSummary } {
    const distinct = this.distinct && [...this.distinct].sort(([a], [b]) => a - b);
    const valueCounts = distinct && {
      values: distinct.map(([value]) => formatFloat32(value)),
      counts: distinct.map(([, count]) => count),
    };
    const summary: ColumnSummary = {
      name: this.name,
      type: 'numeric',
      missing: this.missing,
      unique: distinct?.length ?? UNIQUE_COUNT_CAP,
      ...(valueCounts === undefined && { uniqueIsLowerBound: true }),
      ...(this.count > 0 && {
        min: this.min,
        max: this.max,
        mean: this.mean,
        std: Math.sqrt(this.sumSquaredDeviations / this.count),
      }),
      ...(valueCounts !== undefined && valueCounts.values.length <= MAX_CLASSES && { valueCounts }),
      ...(this.bins && this.range && this.count > 0 && { histogram: { ...this.range, counts: Array.from(this.bins) } }),
    };
    return { layout: { name: this.name, type: 'numeric' }, summary };
  }
}

/**
 * Stores int32 codes (-1 for missing) in order of first appearance, which are known as rows
 * arrive; `finish` maps them into a vocabulary sorted by UTF-16 code units, so that the assembled
 * codes do not depend on row order and a binary target's classes come out the same for every
 * file. Cells are trimmed.
 */
class CategoricalColumnBuilder implements ColumnBuilder {
  private chunk: Int32Array;
  private length = 0;
  private missing = 0;
  /** Codes in order of first appearance. */
  private readonly codeOf = new Map<string, number>();
  private readonly counts: number[] = [];

  constructor(
    private readonly name: string,
    private readonly chunkRows: number,
    private readonly cellsMayBeMissing: boolean,
  ) {
    this.chunk = new Int32Array(chunkRows);
  }

  push(cell: string): void {
    if (this.cellsMayBeMissing && isMissingCell(cell)) {
      this.chunk[this.length++] = -1;
      this.missing++;
      return;
    }
    const value = cell.trim();
    let code = this.codeOf.get(value);
    if (code === undefined) {
      code = this.codeOf.size;
      this.codeOf.set(detached(value), code);
      this.counts.push(0);
    }
    this.counts[code]!++;
    this.chunk[this.length++] = code;
  }

  takeChunk(): Int32Array {
    const full = this.length === this.chunkRows ? this.chunk : this.chunk.slice(0, this.length);
    this.chunk = new Int32Array(this.chunkRows);
    this.length = 0;
    return full;
  }

  finish(): { layout: ColumnLayout; summary: ColumnSummary } {
    const vocabulary = [...this.codeOf.keys()].sort();
    const sortedIndexOf = new Map(vocabulary.map((value, index) => [value, index]));
    const vocabularyIndex = Int32Array.from(this.codeOf.keys(), (value) => sortedIndexOf.get(value)!);
    const valueCounts = {
      values: vocabulary,
      counts: vocabulary.map((value) => this.counts[this.codeOf.get(value)!]!),
    };
    // Array.prototype.sort is stable: equal counts stay in vocabulary order.
    const topValues = vocabulary
      .map((value, i) => ({ value, count: valueCounts.counts[i]! }))
      .sort((a, b) => b.count - a.count)
      .slice(0, TOP_VALUES);
    const summary: ColumnSummary = {
      name: this.name,
      type: 'categorical',
      missing: this.missing,
      unique: vocabulary.length,
      topValues,
      ...(vocabulary.length <= MAX_CLASSES ? { valueCounts } : { textLengths: textLengthsOf(valueCounts) }),
      ...(this.cellsMayBeMissing && vocabulary.length > 0 && vocabulary.every(namesImageFile) && { imagePaths: true }),
    };
    return { layout: { name: this.name, type: 'categorical', vocabulary, vocabularyIndex }, summary };
  }
}
