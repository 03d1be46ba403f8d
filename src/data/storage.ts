/**
 * IndexedDB storage (the only impure file in src/data besides import/). Works in workers and on
 * the main thread: each realm opens its own connection on first use.
 *
 * A data set is its listing (the few facts the library shows), its meta (what the UI reads of an
 * open data set: columns, statistics, preview; large for a wide table), its layout, and its rows in
 * chunks (`ChunkColumns`: typed arrays, kept as such by structured clone, never one object per row).
 * An import writes chunks as it parses, under a fresh chunk-set id, then commits the layout, the
 * meta and the listing together, last: a data set is listed only once all its rows are stored, and
 * re-importing a sample swaps its chunk set in one transaction. Chunks no layout points to (an import cancelled
 * or crashed mid-file) are orphans; `sweepOrphanChunks` removes them.
 *
 * Besides data sets it keeps the project document, the journals of the last sweep and the last Auto search (event
 * by event) and the run archive,
 * each as plain values whose schema its owner checks on reading.
 *
 * Writes resolve to a Result so that a full disk reaches the person as a sentence; reads reject
 * only when the browser's storage cannot be opened at all.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Result } from '../model/result';
import { createColumnAssembler, toChunks } from './chunks';
import type { ChunkSource } from './rows';
import type { ChunkColumns, DatasetLayout, DatasetListing, DatasetMeta, StoredColumn, StoredDataset } from './schema';

const DB_NAME = 'tensorloom';
/** Bump with an `upgrade` step whenever a store is added or reshaped; every store of the database is declared here. */
const DB_VERSION = 8;
/** The key of the autosaved project; the UI owns the document's schema. */
const CURRENT_PROJECT = 'current';
/** The key under which versions 3 and 4 kept the last sweep's whole journal. */
const CURRENT_SWEEP = 'current';
/** Every store that holds part of a data set: a commit or a delete writes them in one transaction. */
const DATASET_STORES = ['datasetMeta', 'datasetListings', 'datasetLayouts', 'datasetChunks'] as const;
/** How long an upgrade waits for other tabs to close the database before it fails with a sentence. */
const BLOCKED_GRACE_MS = 3_000;

/** A file as a run's weights keep it, named as an export writes it. */
export interface StoredFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A layout as stored: which chunk set holds the rows. */
interface StoredLayout extends DatasetLayout {
  readonly chunkSetId: string;
}

interface TensorloomDb extends DBSchema {
  datasetMeta: { key: string; value: DatasetMeta };
  /** Each data set's `DatasetListing`, written and deleted with its meta: the library reads these, never the metas. */
  datasetListings: { key: string; value: DatasetListing };
  datasetLayouts: { key: string; value: StoredLayout };
  /** Keyed [chunkSetId, chunk index]. */
  datasetChunks: { key: [string, number]; value: ChunkColumns };
  projects: { key: string; value: unknown };
  /**
   * The last sweep's journal, one record per event keyed by its position (0 = its settings): appending
   * writes one small record, however long the journal. The sweep code owns the events' schema.
   */
  sweepEvents: { key: number; value: unknown };
  /** The last Auto search's journal, kept as sweepEvents is: an Auto study never replaces the person's sweep. */
  autoEvents: { key: number; value: unknown };
  /** Finished training runs by run id (settings, curves, metrics); the run archive (state/runArchive.ts) owns the schema. */
  runs: { key: string; value: unknown };
  /** A kept run's trained model as files (model.json, weight shards, metadata.json), by run id; apart, so listing runs never reads weights. */
  runWeights: { key: string; value: readonly StoredFile[] };
  /** Version 1 only: whole columns per data set; the version 2 upgrade cuts them into chunks and drops the store. */
  datasetColumns: { key: string; value: readonly StoredColumn[] };
  /** Versions 3 and 4 only: the whole journal in one record, rewritten on every event; version 5 moves it to sweepEvents. */
  sweeps: { key: string; value: unknown };
}

type UpgradeTransaction = IDBPTransaction<TensorloomDb, StoreNames<TensorloomDb>[], 'versionchange'>;

let connection: Promise<IDBPDatabase<TensorloomDb>> | undefined;

function database(): Promise<IDBPDatabase<TensorloomDb>> {
  if (connection) return connection;
  // Opening waits, without end, for blocking tabs to close: give up after a grace period instead, and
  // close the connection should it open later, so that the next use opens afresh.
  let rejectBlocked: (error: Error) => void = () => undefined;
  let wasBlocked = false;
  const blocked = new Promise<never>((_resolve, reject) => {
    rejectBlocked = (error) => {
      wasBlocked = true;
      reject(error);
    };
  });
  const opened = openDB<TensorloomDb>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore('datasetMeta');
        db.createObjectStore('datasetColumns');
        db.createObjectStore('projects');
      }
      if (oldVersion < 2) {
        db.createObjectStore('datasetLayouts');
        db.createObjectStore('datasetChunks');
        // The upgrade transaction stays open while the migration's requests are pending.
        void migrateColumnsToChunks(tx).then(() => db.deleteObjectStore('datasetColumns'));
      }
      if (oldVersion < 3) db.createObjectStore('sweeps');
      if (oldVersion < 4) {
        db.createObjectStore('runs');
        db.createObjectStore('runWeights');
      }
      if (oldVersion < 5) {
        db.createObjectStore('sweepEvents');
        void migrateJournalToEvents(tx).then(() => db.deleteObjectStore('sweeps'));
      }
      if (oldVersion < 6) void migrateValueCountsToArrays(tx);
      if (oldVersion < 7) db.createObjectStore('autoEvents');
      if (oldVersion < 8) {
        db.createObjectStore('datasetListings');
        void migrateMetasToListings(tx);
      }
    },
    // Other tabs hold the database open at an older version. Tensorloom's step aside within moments;
    // one that has not by then (an older Tensorloom, a stuck tab) would hold this one forever.
    blocked() {
      setTimeout(
        () =>
          rejectBlocked(
            new Error('Another tab keeps an older version of Tensorloom open. Close it, then reload this page.'),
          ),
        BLOCKED_GRACE_MS,
      );
    },
    // Another tab (or worker) wants a newer version: step aside, and reopen on next use.
    blocking() {
      void connection?.then((db) => db.close());
      connection = undefined;
    },
    terminated() {
      connection = undefined;
    },
  }).then((db) => {
    if (wasBlocked) db.close();
    return db;
  });
  connection = Promise.race([opened, blocked]).catch((error: unknown) => {
    connection = undefined;
    throw new Error(`The browser's storage (IndexedDB) could not be opened: ${messageOf(error)}`);
  });
  return connection;
}

/** Version 1 kept whole columns; cut each data set's into chunks under a new chunk set. */
async function migrateColumnsToChunks(tx: UpgradeTransaction): Promise<void> {
  for await (const cursor of tx.objectStore('datasetColumns').iterate()) {
    const { layout, chunks } = toChunks(cursor.value);
    const chunkSetId = newStorageId();
    await Promise.all(chunks.map((chunk, index) => tx.objectStore('datasetChunks').put(chunk, [chunkSetId, index])));
    await tx.objectStore('datasetLayouts').put({ ...layout, chunkSetId }, cursor.key);
  }
}

/** Versions 3 and 4 kept the journal as one array: one record per event from version 5 on. */
async function migrateJournalToEvents(tx: UpgradeTransaction): Promise<void> {
  const journal: unknown = await tx.objectStore('sweeps').get(CURRENT_SWEEP);
  if (journal === undefined) return;
  // Anything else than an array is kept as it was, for the sweep code to call damaged when it reads it back.
  const events: readonly unknown[] = Array.isArray(journal) ? journal : [journal];
  await Promise.all(events.map((event, index) => tx.objectStore('sweepEvents').put(event, index)));
}

/** Up to version 5 a column's value counts were one object per value; version 6 keeps two arrays (`ValueCounts`). */
async function migrateValueCountsToArrays(tx: UpgradeTransaction): Promise<void> {
  for await (const cursor of tx.objectStore('datasetMeta').iterate()) {
    const meta = cursor.value;
    if (!meta.columns.some((column) => Array.isArray(column.valueCounts))) continue;
    await cursor.update({
      ...meta,
      columns: meta.columns.map((column) => {
        const entries: unknown = column.valueCounts;
        if (!Array.isArray(entries)) return column;
        const counted = entries as readonly { readonly value: string; readonly count: number }[];
        return { ...column, valueCounts: { values: counted.map((e) => e.value), counts: counted.map((e) => e.count) } };
      }),
    });
  }
}

/** Up to version 7 the library read every meta whole: from version 8 on it reads a listing kept beside each. */
async function migrateMetasToListings(tx: UpgradeTransaction): Promise<void> {
  for await (const cursor of tx.objectStore('datasetMeta').iterate())
    await tx.objectStore('datasetListings').put(listingOf(cursor.value), cursor.key);
}

function listingOf({ id, name, kind, rowCount, bytes, createdAt }: DatasetMeta): DatasetListing {
  // An absent kind stays absent, as in the meta.
  return { id, name, ...(kind && { kind }), rowCount, bytes, createdAt };
}

/** 16 random hex digits. getRandomValues, unlike randomUUID, also exists outside secure contexts (a LAN address over http). */
export function newStorageId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function chunkSetRange(chunkSetId: string): IDBKeyRange {
  return IDBKeyRange.bound([chunkSetId, 0], [chunkSetId, Infinity]);
}

/** Writes one data set's rows as they are parsed. Nothing is listed, or replaced, before `commit`. */
export interface DatasetWriter {
  putChunk(index: number, chunk: ChunkColumns): Promise<Result<void>>;
  /**
   * Stores the layout, the meta and the listing in one transaction, the meta and the listing last.
   * A data set stored under the same id is replaced, its chunks removed.
   */
  commit(meta: DatasetMeta, layout: DatasetLayout): Promise<Result<void>>;
  /** Removes the chunks written so far, after an import that failed. */
  discard(): Promise<Result<void>>;
}

export function createDatasetWriter(): DatasetWriter {
  const chunkSetId = newStorageId();
  return {
    putChunk: (index, chunk) =>
      write(async (db) => {
        await db.put('datasetChunks', chunk, [chunkSetId, index]);
      }),
    commit: (meta, layout) =>
      write(async (db) => {
        const tx = db.transaction(DATASET_STORES, 'readwrite');
        const previous = await tx.objectStore('datasetLayouts').get(meta.id);
        if (previous && previous.chunkSetId !== chunkSetId)
          await tx.objectStore('datasetChunks').delete(chunkSetRange(previous.chunkSetId));
        await tx.objectStore('datasetLayouts').put({ ...layout, chunkSetId }, meta.id);
        await tx.objectStore('datasetMeta').put(meta, meta.id);
        await tx.objectStore('datasetListings').put(listingOf(meta), meta.id);
        await tx.done;
      }),
    discard: () =>
      write(async (db) => {
        await db.delete('datasetChunks', chunkSetRange(chunkSetId));
      }),
  };
}

/**
 * The whole data set: each column allocated once (sized from the meta's row count) and filled
 * chunk by chunk. Undefined when it is not stored, or when its chunks are damaged or missing.
 */
export async function getDataset(id: string): Promise<StoredDataset | undefined> {
  const tx = (await database()).transaction(['datasetMeta', 'datasetLayouts', 'datasetChunks'], 'readonly');
  const [meta, layout] = await Promise.all([
    tx.objectStore('datasetMeta').get(id),
    tx.objectStore('datasetLayouts').get(id),
  ]);
  if (!meta || !layout) return undefined;
  const assembler = createColumnAssembler(layout, meta.rowCount);
  for (let index = 0; index < layout.chunkCount; index++) {
    const chunk = await tx.objectStore('datasetChunks').get([layout.chunkSetId, index]);
    if (!chunk || !assembler.add(index, chunk)) return undefined;
  }
  return { meta, columns: assembler.columns() };
}

/**
 * A data set's layout and row count, with a reader of one chunk at a time, for reading a few rows
 * without assembling whole columns. Undefined when it is not stored. A chunk read after the data
 * set was deleted or replaced reads as undefined.
 */
export async function openChunkSource(id: string): Promise<ChunkSource | undefined> {
  const tx = (await database()).transaction(['datasetMeta', 'datasetLayouts'], 'readonly');
  const [meta, layout] = await Promise.all([
    tx.objectStore('datasetMeta').get(id),
    tx.objectStore('datasetLayouts').get(id),
  ]);
  if (!meta || !layout) return undefined;
  return {
    rowCount: meta.rowCount,
    layout,
    // The connection is asked for anew: another tab's upgrade may have closed this one meanwhile.
    readChunk: async (index) => (await database()).get('datasetChunks', [layout.chunkSetId, index]),
  };
}

/** A stored data set's whole meta: read it to open the data set, not to list it (see `listDatasets`). */
export async function getDatasetMeta(id: string): Promise<DatasetMeta | undefined> {
  return (await database()).get('datasetMeta', id);
}

/** Every stored data set's listing, newest first; no meta is read. */
export async function listDatasets(): Promise<DatasetListing[]> {
  const listings = await (await database()).getAll('datasetListings');
  return listings.sort((a, b) => b.createdAt - a.createdAt);
}

/** Removes a data set and its chunks; removing one that does not exist succeeds. */
export function deleteDataset(id: string): Promise<Result<void>> {
  return write(async (db) => {
    const tx = db.transaction(DATASET_STORES, 'readwrite');
    const layout = await tx.objectStore('datasetLayouts').get(id);
    if (layout) await tx.objectStore('datasetChunks').delete(chunkSetRange(layout.chunkSetId));
    await tx.objectStore('datasetLayouts').delete(id);
    await tx.objectStore('datasetMeta').delete(id);
    await tx.objectStore('datasetListings').delete(id);
    await tx.done;
  });
}

/**
 * Removes chunks that no layout points to, left by an import that was cancelled (its worker
 * terminated) or crashed. An import in progress also owns such chunks until it commits: call
 * this only when no import runs, in any tab. Resolves to the number of chunks removed.
 */
export async function sweepOrphanChunks(): Promise<Result<number>> {
  let removed = 0;
  const swept = await write(async (db) => {
    const tx = db.transaction(['datasetLayouts', 'datasetChunks'], 'readwrite');
    const [layouts, keys] = await Promise.all([
      tx.objectStore('datasetLayouts').getAll(),
      tx.objectStore('datasetChunks').getAllKeys(),
    ]);
    const referenced = new Set(layouts.map((layout) => layout.chunkSetId));
    const orphans = keys.filter(([chunkSetId]) => !referenced.has(chunkSetId));
    await Promise.all(orphans.map((key) => tx.objectStore('datasetChunks').delete(key)));
    await tx.done;
    removed = orphans.length;
  });
  return swept.ok ? { ok: true, value: removed } : swept;
}

/** How much this site stores, and how much the browser lets it store, in bytes. */
export interface StorageUsage {
  readonly usedBytes: number;
  readonly quotaBytes: number;
}

/**
 * The browser's estimate of this site's storage, or undefined where it gives none: no
 * StorageManager (insecure contexts such as a LAN address over http, older browsers), or an
 * estimate without numbers.
 */
export async function estimateStorage(
  manager: Pick<StorageManager, 'estimate'> | undefined = globalThis.navigator?.storage,
): Promise<StorageUsage | undefined> {
  try {
    const estimate = await manager?.estimate();
    if (estimate?.usage === undefined || estimate.quota === undefined) return undefined;
    return { usedBytes: estimate.usage, quotaBytes: estimate.quota };
  } catch {
    return undefined;
  }
}

/** Saves the project document (anything structured clone accepts), replacing the previous one. */
export function saveProject(doc: unknown): Promise<Result<void>> {
  return write((db) => putAndCommit(db, 'projects', doc, CURRENT_PROJECT));
}

/** The last saved project document, or undefined when none was saved. */
export async function loadProject(): Promise<unknown> {
  return (await database()).get('projects', CURRENT_PROJECT);
}

/** Which study a journal belongs to: the Sweep view's, or the Auto view's; each has a store of its own. */
export type JournalSlot = 'sweep' | 'auto';

const JOURNAL_STORES = { sweep: 'sweepEvents', auto: 'autoEvents' } as const;

/** Starts the journal of a new study from its first event, the slot's previous journal removed in the same transaction. */
export function startSweepJournal(first: unknown, slot: JournalSlot = 'sweep'): Promise<Result<void>> {
  return write(async (db) => {
    const tx = db.transaction(JOURNAL_STORES[slot], 'readwrite');
    await tx.store.clear();
    await tx.store.put(first, 0);
    await tx.done;
  });
}

/** Appends the journal's event at `position`. */
export function appendSweepEvent(position: number, event: unknown, slot: JournalSlot = 'sweep'): Promise<Result<void>> {
  return write((db) => putAndCommit(db, JOURNAL_STORES[slot], event, position));
}

/**
 * The slot's last journal, or undefined when there was none. Should an append have failed (a full
 * disk) while later ones succeeded, the journal ends before the gap, what follows it dropped: what
 * precedes it is still a study, and one that resumes appends after it.
 */
export async function loadSweepJournal(slot: JournalSlot = 'sweep'): Promise<unknown[] | undefined> {
  const tx = (await database()).transaction(JOURNAL_STORES[slot], 'readwrite');
  const [positions, events] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
  const gap = positions.findIndex((position, index) => position !== index);
  if (gap !== -1) await tx.store.delete(IDBKeyRange.lowerBound(gap));
  await tx.done;
  return events.length === 0 ? undefined : gap === -1 ? events : events.slice(0, gap);
}

/** Stores a finished run under its id, replacing an earlier version of it (a rename, a star). */
export function saveRun(id: string, run: unknown): Promise<Result<void>> {
  return write(async (db) => {
    await db.put('runs', run, id);
  });
}

/** Every stored run, in no particular order. */
export async function listRuns(): Promise<unknown[]> {
  return (await database()).getAll('runs');
}

/** Removes the runs with these ids, and their weights, in one transaction; ids not stored are ignored. */
export function deleteRuns(ids: readonly string[]): Promise<Result<void>> {
  return write(async (db) => {
    const tx = db.transaction(['runs', 'runWeights'], 'readwrite');
    await Promise.all(
      ids.flatMap((id) => [tx.objectStore('runs').delete(id), tx.objectStore('runWeights').delete(id)]),
    );
    await tx.done;
  });
}

/** Keeps a run's trained model as files, replacing any kept before under its id. */
export function saveRunWeights(id: string, files: readonly StoredFile[]): Promise<Result<void>> {
  return write(async (db) => {
    await db.put('runWeights', files, id);
  });
}

/** A kept run's model files, or undefined when none are kept. */
export async function loadRunWeights(id: string): Promise<readonly StoredFile[] | undefined> {
  return (await database()).get('runWeights', id);
}

/**
 * Puts one record and asks for the commit at once, rather than once the request's callback has run:
 * a busy page does not hold the write back, and one made as the page goes away (a reload) is kept.
 */
async function putAndCommit<S extends 'projects' | 'sweepEvents' | 'autoEvents'>(
  db: IDBPDatabase<TensorloomDb>,
  store: S,
  value: TensorloomDb[S]['value'],
  key: TensorloomDb[S]['key'],
): Promise<void> {
  const tx = db.transaction(store, 'readwrite');
  const stored = tx.store.put(value, key);
  tx.commit();
  await Promise.all([stored, tx.done]);
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
