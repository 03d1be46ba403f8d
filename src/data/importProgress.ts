/**
 * How far an import is, as the data worker reports it and the UI shows it. Its own module, free of
 * the parsers, so that the UI can import it without bundling PapaParse onto the main thread.
 */

/** `bytesRead` of `totalBytes` in pass 1 (checking the rows) or pass 2 (storing the columns). */
export interface CsvImportProgress {
  readonly pass: 1 | 2;
  readonly bytesRead: number;
  readonly totalBytes: number;
}

/** An image import: files handled (stored or skipped) of the files to look at. */
export interface ImageImportProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
}

export type ImportProgress = CsvImportProgress | ImageImportProgress;

/** The share (0–1) of an import's work done: a CSV import reads the whole file once per pass. */
export function importFraction(progress: ImportProgress): number {
  if ('filesDone' in progress) return progress.filesTotal === 0 ? 0 : progress.filesDone / progress.filesTotal;
  const { pass, bytesRead, totalBytes } = progress;
  return totalBytes === 0 ? 0 : (pass - 1 + bytesRead / totalBytes) / 2;
}
