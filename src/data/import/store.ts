import type { Result } from '../../model/result';
import type { CsvImportProgress } from '../importProgress';
import type { ChunkColumns, DatasetLayout, DatasetMeta } from '../schema';
import { createDatasetWriter } from '../storage';
import { importCsvBlob, type CsvImportOptions } from './csv';

type WriteChunk = (index: number, chunk: ChunkColumns) => Promise<Result<void>>;

/**
 * Runs an import that writes its chunks as they fill, then stores its layout and meta. When the
 * input is bad or a write fails (a full disk), the chunks written so far are removed and the
 * result carries the message; nothing half-imported is ever listed.
 */
export async function storeImport(
  run: (writeChunk: WriteChunk) => Promise<Result<{ readonly meta: DatasetMeta; readonly layout: DatasetLayout }>>,
): Promise<Result<DatasetMeta>> {
  const writer = createDatasetWriter();
  const imported = await run(writer.putChunk);
  if (!imported.ok) {
    await writer.discard();
    return imported;
  }
  const committed = await writer.commit(imported.value.meta, imported.value.layout);
  if (!committed.ok) {
    await writer.discard();
    return committed;
  }
  return { ok: true, value: imported.value.meta };
}

/** A CSV blob into IndexedDB (see `storeImport`). */
export function storeCsv(
  blob: Blob,
  origin: CsvImportOptions['origin'],
  onProgress: (progress: CsvImportProgress) => void,
  firstRowIsHeader?: boolean,
): Promise<Result<DatasetMeta>> {
  return storeImport((writeChunk) =>
    importCsvBlob(blob, {
      origin,
      writeChunk,
      onProgress,
      ...(firstRowIsHeader !== undefined && { firstRowIsHeader }),
    }),
  );
}
