import type { CsvImportProgress } from '../importProgress';
import type { DatasetMeta, Result } from '../schema';
import { createDatasetWriter } from '../storage';
import { importCsvBlob, type CsvImportOptions } from './csv';

/**
 * Imports a CSV blob into IndexedDB: its chunks as they fill, then its layout and meta. When the
 * file is bad or a write fails (a full disk), the chunks written so far are removed and the
 * result carries the message; nothing half-imported is ever listed.
 */
export async function storeCsv(
  blob: Blob,
  origin: CsvImportOptions['origin'],
  onProgress: (progress: CsvImportProgress) => void,
): Promise<Result<DatasetMeta>> {
  const writer = createDatasetWriter();
  const imported = await importCsvBlob(blob, { origin, writeChunk: writer.putChunk, onProgress });
  // Chunks written before a failure (a full disk, a file changed mid-import) belong to nothing.
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
