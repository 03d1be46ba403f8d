/**
 * The data worker: a thin Comlink adapter over src/data. It streams a file or a fetched sample
 * through the CSV importer, or a zip's (a folder's) images through the image importer, each of
 * which writes the rows to IndexedDB in chunks, and hands the UI only the meta (schema,
 * statistics, preview or thumbnails). Failures come back as `{ ok: false, error }` with a
 * sentence for the person.
 */
import * as Comlink from 'comlink';
import type { ImageImportSettings } from '../data/imageSettings';
import type { ImageFile } from '../data/import/imageColumn';
import { folderImageFiles } from '../data/import/imageFiles';
import { importImageFiles } from '../data/import/images';
import { storeCsv, storeImport } from '../data/import/store';
import { readZipEntries } from '../data/import/zip';
import type { ImportProgress, CsvImportProgress, ImageImportProgress } from '../data/importProgress';
import { findInRows } from '../data/rowFindings';
import { createRowReader, type RowPage, type RowReader } from '../data/rows';
import type { DatasetMeta } from '../data/schema';
import { getDatasetMeta, newStorageId, openChunkSource, sweepOrphanChunks } from '../data/storage';
import type { Result } from '../model/result';
import { decodeImage } from './decodeImage';
import type { CsvSource, DataWorkerApi, ImageSource } from './protocol';

/** ≤ 10 progress messages per second (ARCHITECTURE.md, "Data flow"). */
const PROGRESS_INTERVAL_MS = 100;
/**
 * A Web Lock shared by every import and taken exclusively by the orphan sweep, across tabs: an
 * import's chunks belong to no data set until it commits, so the sweep must never run beside one.
 */
const DATASETS_LOCK = 'tensorloom:datasets';

/** The reader of the data set the preview last read, with its cached chunks. */
let rowReader: { readonly datasetId: string; readonly reader: Promise<RowReader | undefined> } | undefined;

const api: DataWorkerApi = {
  async importCsv(source, onProgress) {
    try {
      return await whileImporting(() => importCsv(source, throttled(onProgress)));
    } catch (error) {
      return { ok: false, error: `The import failed unexpectedly: ${messageOf(error)}` };
    } finally {
      // Re-importing a sample replaces its rows under the same id: cached chunks would be stale.
      rowReader = undefined;
    }
  },

  async importImages(source, settings, onProgress) {
    try {
      return await whileImporting(() => importImages(source, settings, throttled(onProgress)));
    } catch (error) {
      return { ok: false, error: `The import failed unexpectedly: ${messageOf(error)}` };
    } finally {
      rowReader = undefined;
    }
  },

  /** Rejects (with a readable message) only when IndexedDB cannot be opened. */
  getDataset: (id) => getDatasetMeta(id),

  async readRows(datasetId, start, count) {
    try {
      const page = await readRows(datasetId, start, count);
      if (page.ok) return page;
      // The data set may have been replaced (another tab re-imported it) since its reader opened: open it anew, once.
      rowReader = undefined;
      return await readRows(datasetId, start, count);
    } catch (error) {
      rowReader = undefined;
      return { ok: false, error: `Could not read the data set's rows: ${messageOf(error)}` };
    }
  },

  async findInRows(datasetId, target) {
    try {
      const [source, meta] = await Promise.all([openChunkSource(datasetId), getDatasetMeta(datasetId)]);
      if (!source || !meta) return { ok: false, error: 'This data set is no longer stored in this browser.' };
      return await findInRows(source, meta, target);
    } catch (error) {
      return { ok: false, error: `Could not read the data set's rows: ${messageOf(error)}` };
    }
  },
};

Comlink.expose(api);
// The previous data worker may have been terminated mid-import (Cancel); its chunks go now.
sweepWhenNoImportRuns();

async function readRows(datasetId: string, start: number, count: number): Promise<Result<RowPage>> {
  if (rowReader?.datasetId !== datasetId) {
    rowReader = { datasetId, reader: openChunkSource(datasetId).then((source) => source && createRowReader(source)) };
  }
  const reader = await rowReader.reader;
  if (!reader) return { ok: false, error: 'This data set is no longer stored in this browser.' };
  return reader.read(start, count);
}

async function importCsv(
  source: CsvSource,
  onProgress: (progress: CsvImportProgress) => void,
): Promise<Result<DatasetMeta>> {
  const blob = await readBlob(source);
  if (!blob.ok) return blob;
  return storeCsv(
    blob.value,
    {
      id: datasetId(source),
      name: source.kind === 'file' ? source.file.name : source.name,
      source: source.kind,
      createdAt: Date.now(),
    },
    onProgress,
    source.kind === 'file' ? source.firstRowIsHeader : undefined,
  );
}

async function importImages(
  source: ImageSource,
  settings: ImageImportSettings,
  onProgress: (progress: ImageImportProgress) => void,
): Promise<Result<DatasetMeta>> {
  const files = await imageFilesOf(source);
  if (!files.ok) return files;
  const origin = {
    id: datasetId(source),
    name: source.kind === 'file' ? source.file.name : source.name,
    source: source.kind === 'sample' ? 'sample' : 'file',
    bytes: files.value.bytes,
    createdAt: Date.now(),
  } as const;
  return storeImport((writeChunk) =>
    importImageFiles(files.value.files, {
      origin,
      container: source.kind === 'folder' ? 'folder' : 'zip',
      settings,
      decode: decodeImage,
      writeChunk,
      onProgress,
    }),
  );
}

/** A zip's entries, or a folder's files, each read only when the importer asks. */
async function imageFilesOf(source: ImageSource): Promise<Result<{ files: ImageFile[]; bytes: number }>> {
  if (source.kind === 'folder') {
    const files = folderImageFiles(source.files);
    return { ok: true, value: { files, bytes: source.files.reduce((sum, { file }) => sum + file.size, 0) } };
  }
  const blob = await readBlob(source);
  if (!blob.ok) return blob;
  const entries = await readZipEntries(blob.value);
  return entries.ok ? { ok: true, value: { files: entries.value, bytes: blob.value.size } } : entries;
}

/** A File is already a Blob; a sample is fetched as one (samples are small), then streamed the same way. */
async function readBlob(source: CsvSource): Promise<Result<Blob>> {
  if (source.kind === 'file') return { ok: true, value: source.file };
  try {
    const response = await fetch(source.url);
    if (!response.ok)
      return { ok: false, error: `Could not load the sample "${source.name}" (HTTP ${response.status}).` };
    return { ok: true, value: await response.blob() };
  } catch (error) {
    return { ok: false, error: `Could not load the sample "${source.name}": ${messageOf(error)}` };
  }
}

/**
 * Samples get a stable id from their file name (`/samples/iris.csv` → `sample:iris`), so importing
 * one again replaces it; each imported file gets a fresh id.
 */
function datasetId(source: CsvSource | ImageSource): string {
  if (source.kind !== 'sample') return `file:${newStorageId()}`;
  const fileName = source.url.split(/[?#]/)[0]!.split('/').pop() ?? source.name;
  return `sample:${fileName.replace(/\.[^.]*$/, '')}`;
}

/** At most one progress message per PROGRESS_INTERVAL_MS; the end of each pass always goes through, so the bar reaches it. */
function throttled<P extends ImportProgress>(onProgress: (progress: P) => void): (progress: P) => void {
  let lastSentAt = -Infinity;
  return (progress) => {
    const now = performance.now();
    if (!endsPass(progress) && now - lastSentAt < PROGRESS_INTERVAL_MS) return;
    lastSentAt = now;
    onProgress(progress);
  };
}

function endsPass(progress: ImportProgress): boolean {
  return 'pass' in progress ? progress.bytesRead === progress.totalBytes : progress.filesDone === progress.filesTotal;
}

// Web Locks exist only in secure contexts; over plain http (a LAN address) imports run unlocked
// and the sweep runs regardless: a second tab importing at that very moment is the lesser risk
// than cancelled imports' chunks never being removed.
function whileImporting<T>(task: () => Promise<T>): Promise<T> {
  return 'locks' in navigator ? navigator.locks.request(DATASETS_LOCK, { mode: 'shared' }, task) : task();
}

function sweepWhenNoImportRuns(): void {
  if (!('locks' in navigator)) {
    void sweepOrphanChunks();
    return;
  }
  void navigator.locks.request(DATASETS_LOCK, { mode: 'exclusive', ifAvailable: true }, async (lock) => {
    if (lock) await sweepOrphanChunks();
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
