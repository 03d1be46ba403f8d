/**
 * The data worker: a thin Comlink adapter over src/data. It reads a file or fetches a sample,
 * parses it, stores the columns in IndexedDB and hands the UI only the meta (schema, statistics,
 * preview). Failures come back as `{ ok: false, error }` with a sentence for the person.
 */
import * as Comlink from 'comlink';
import { decodeCsvBytes, parseCsvText } from '../data/import/csv';
import type { DatasetMeta } from '../data/schema';
import { getDatasetMeta, putDataset } from '../data/storage';
import { PROTOCOL_VERSION, type CsvSource, type DataWorkerApi, type Result } from './protocol';

const api: DataWorkerApi = {
  protocolVersion: PROTOCOL_VERSION,

  async importCsv(source) {
    try {
      return await importCsv(source);
    } catch (error) {
      return { ok: false, error: `The import failed unexpectedly: ${messageOf(error)}` };
    }
  },

  /** Rejects (with a readable message) only when IndexedDB cannot be opened. */
  getDataset: (id) => getDatasetMeta(id),
};

Comlink.expose(api);

async function importCsv(source: CsvSource): Promise<Result<DatasetMeta>> {
  const bytes = await readBytes(source);
  if (!bytes.ok) return bytes;
  const text = decodeCsvBytes(bytes.value);
  if (!text.ok) return text;
  const parsed = parseCsvText(text.value, {
    id: datasetId(source),
    name: source.kind === 'file' ? source.file.name : source.name,
    source: source.kind,
    bytes: bytes.value.byteLength,
    createdAt: Date.now(),
  });
  if (!parsed.ok) return parsed;
  const stored = await putDataset(parsed.value);
  return stored.ok ? { ok: true, value: parsed.value.meta } : stored;
}

async function readBytes(source: CsvSource): Promise<Result<ArrayBuffer>> {
  if (source.kind === 'file') {
    try {
      return { ok: true, value: await source.file.arrayBuffer() };
    } catch (error) {
      return { ok: false, error: `Could not read "${source.file.name}": ${messageOf(error)}` };
    }
  }
  try {
    const response = await fetch(source.url);
    if (!response.ok) return { ok: false, error: `Could not load the sample "${source.name}" (HTTP ${response.status}).` };
    return { ok: true, value: await response.arrayBuffer() };
  } catch (error) {
    return { ok: false, error: `Could not load the sample "${source.name}": ${messageOf(error)}` };
  }
}

/**
 * Samples get a stable id from their file name (`/samples/iris.csv` → `sample:iris`), so importing
 * one again replaces it; each imported file gets a fresh id.
 */
function datasetId(source: CsvSource): string {
  if (source.kind === 'sample') {
    const fileName = source.url.split(/[?#]/)[0]!.split('/').pop() ?? source.name;
    return `sample:${fileName.replace(/\.[^.]*$/, '')}`;
  }
  // getRandomValues, unlike randomUUID, also exists outside secure contexts (a LAN address over http).
  const random = crypto.getRandomValues(new Uint8Array(8));
  return `file:${Array.from(random, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
