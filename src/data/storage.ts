/**
 * IndexedDB storage (the only impure file in src/data). Works in workers and on the main thread:
 * each realm opens its own connection on first use.
 *
 * A data set is two records under its id: its meta (small; what lists and the UI read) and its
 * columns (typed arrays, kept as such by structured clone, never one object per row).
 * Writes resolve to a Result so that a full disk reaches the person as a sentence; reads reject
 * only when the browser's storage cannot be opened at all.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { DatasetMeta, Result, StoredColumn, StoredDataset } from './schema';

const DB_NAME = 'tensorloom';
/** Bump with an `upgrade` step whenever a store is added; every store of the database is declared here. */
const DB_VERSION = 1;
/** The key of the autosaved project; the UI owns the document's schema. */
const CURRENT_PROJECT = 'current';

interface TensorloomDb extends DBSchema {
  datasetMeta: { key: string; value: DatasetMeta };
  datasetColumns: { key: string; value: readonly StoredColumn[] };
  projects: { key: string; value: unknown };
}

let connection: Promise<IDBPDatabase<TensorloomDb>> | undefined;

function database(): Promise<IDBPDatabase<TensorloomDb>> {
  connection ??= openDB<TensorloomDb>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('datasetMeta');
        db.createObjectStore('datasetColumns');
        db.createObjectStore('projects');
      }
    },
    // Another tab (or worker) wants a newer version: step aside, and reopen on next use.
    blocking() {
      void connection?.then((db) => db.close());
      connection = undefined;
    },
    terminated() {
      connection = undefined;
    },
  }).catch((error: unknown) => {
    connection = undefined;
    throw new Error(`The browser's storage (IndexedDB) could not be opened: ${messageOf(error)}`);
  });
  return connection;
}

/** Stores (or replaces) a data set under `stored.meta.id`. */
export function putDataset(stored: StoredDataset): Promise<Result<void>> {
  return write(async (db) => {
    const tx = db.transaction(['datasetMeta', 'datasetColumns'], 'readwrite');
    await Promise.all([
      tx.objectStore('datasetMeta').put(stored.meta, stored.meta.id),
      tx.objectStore('datasetColumns').put(stored.columns, stored.meta.id),
      tx.done,
    ]);
  });
}

export async function getDataset(id: string): Promise<StoredDataset | undefined> {
  const tx = (await database()).transaction(['datasetMeta', 'datasetColumns'], 'readonly');
  const [meta, columns] = await Promise.all([
    tx.objectStore('datasetMeta').get(id),
    tx.objectStore('datasetColumns').get(id),
    tx.done,
  ]);
  return meta && columns && { meta, columns };
}

export async function getDatasetMeta(id: string): Promise<DatasetMeta | undefined> {
  return (await database()).get('datasetMeta', id);
}

/** Every stored data set's meta, newest first. */
export async function listDatasets(): Promise<DatasetMeta[]> {
  const metas = await (await database()).getAll('datasetMeta');
  return metas.sort((a, b) => b.createdAt - a.createdAt);
}

/** Removes a data set; removing one that does not exist succeeds. */
export function deleteDataset(id: string): Promise<Result<void>> {
  return write(async (db) => {
    const tx = db.transaction(['datasetMeta', 'datasetColumns'], 'readwrite');
    await Promise.all([tx.objectStore('datasetMeta').delete(id), tx.objectStore('datasetColumns').delete(id), tx.done]);
  });
}

/** Saves the project document (anything structured clone accepts), replacing the previous one. */
export function saveProject(doc: unknown): Promise<Result<void>> {
  return write(async (db) => {
    await db.put('projects', doc, CURRENT_PROJECT);
  });
}

/** The last saved project document, or undefined when none was saved. */
export async function loadProject(): Promise<unknown> {
  return (await database()).get('projects', CURRENT_PROJECT);
}

async function write(run: (db: IDBPDatabase<TensorloomDb>) => Promise<void>): Promise<Result<void>> {
  try {
    await run(await database());
    return { ok: true, value: undefined };
  } catch (error) {
    if (isQuotaError(error)) {
      return {
        ok: false,
        error:
          "The browser's storage for this site is full. Delete data sets you no longer need, or allow the site more storage, and try again.",
      };
    }
    return { ok: false, error: `Could not save to the browser's storage: ${messageOf(error)}` };
  }
}

/** QuotaExceededError everywhere but old Firefox, which names it NS_ERROR_DOM_QUOTA_REACHED. */
function isQuotaError(error: unknown): boolean {
  // DOMException inherits from Error in every engine the studio supports.
  const name = error instanceof Error ? error.name : undefined;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
