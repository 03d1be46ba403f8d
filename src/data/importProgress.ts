/**
 * How far an import is, as the data worker reports it and the UI shows it. Its own module, free of
 * the parser, so that the UI can import it without bundling PapaParse onto the main thread.
 */

/** `bytesRead` of `totalBytes` in pass 1 (checking the rows) or pass 2 (storing the columns). */
export interface CsvImportProgress {
  readonly pass: 1 | 2;
  readonly bytesRead: number;
  readonly totalBytes: number;
}

/** The share (0–1) of an import's work done: each pass reads the whole file once. */
export function importFraction({ pass, bytesRead, totalBytes }: CsvImportProgress): number {
  return totalBytes === 0 ? 0 : (pass - 1 + bytesRead / totalBytes) / 2;
}
