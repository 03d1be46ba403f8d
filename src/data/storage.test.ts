import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toChunks } from './chunks';
import { parseCsvText } from './import/csv';
import type { StoredDataset } from './schema';
import {
  createDatasetWriter,
  deleteDataset,
  deleteRuns,
  estimateStorage,
  getDataset,
  getDatasetMeta,
  listDatasets,
  listRuns,
  loadProject,
  loadRunWeights,
  loadSweepJournal,
  appendSweepEvent,
  startSweepJournal,
  saveProject,
  saveRun,
  saveRunWeights,
  sweepOrphanChunks,
} from './storage';

function iris(id = 'sample:iris'): StoredDataset {
  const text = readFileSync(new URL('../../public/samples/iris.csv', import.meta.url), 'utf8');
  const parsed = parseCsvText(text, { id, name: 'Iris', source: 'sample', bytes: text.length, createdAt: 1 });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

/** Stores a data set the way an import does: chunks first, then layout and meta. */
async function store(dataset: StoredDataset, chunkRows?: number) {
  const { layout, chunks } = toChunks(dataset.columns, chunkRows);
  const writer = createDatasetWriter();
  for (const [index, chunk] of chunks.entries())
    expect(await writer.putChunk(index, chunk)).toEqual({ ok: true, value: undefined });
  expect(await writer.commit(dataset.meta, layout)).toEqual({ ok: true, value: undefined });
}

async function chunkKeys(): Promise<[string, number][]> {
  const db = await openDB('tensorloom');
  try {
    return (await db.getAllKeys('datasetChunks')) as [string, number][];
  } finally {
    db.close();
  }
}

describe('storage', () => {
  it('keeps a dataset as typed arrays across a round trip', async () => {
    const dataset = iris();
    await store(dataset);
    const back = await getDataset('sample:iris');
    expect(back?.meta).toEqual(dataset.meta);
    const petal = back?.columns.find((c) => c.name === 'petal_length');
    expect(petal?.type === 'numeric' && petal.values).toBeInstanceOf(Float32Array);
    expect(back?.columns).toEqual(dataset.columns);
  });

  it('reassembles exactly across chunk boundaries: three full chunks and a partial one', async () => {
    const dataset = iris('file:chunked');
    const before = (await chunkKeys()).length;
    await store(dataset, 40); // 150 rows = 40 + 40 + 40 + 30
    expect((await chunkKeys()).length).toBe(before + 4);
    const back = await getDataset('file:chunked');
    expect(back?.columns).toEqual(dataset.columns);
  });

  it('reads a data set with a missing chunk as not stored, rather than with rows missing', async () => {
    await store(iris('file:damaged'), 40);
    const db = await openDB('tensorloom');
    const sets = new Set((await chunkKeys()).map(([set]) => set));
    const layout = (await db.get('datasetLayouts', 'file:damaged')) as { chunkSetId: string };
    expect(sets.has(layout.chunkSetId)).toBe(true);
    await db.delete('datasetChunks', [layout.chunkSetId, 2]);
    db.close();
    expect(await getDataset('file:damaged')).toBeUndefined();
  });

  it('lists, reads the summary of, and deletes datasets with their chunks', async () => {
    await store(iris('file:doomed'));
    expect((await listDatasets()).map((m) => m.id)).toContain('file:doomed');
    expect((await getDatasetMeta('file:doomed'))?.rowCount).toBe(150);
    const before = (await chunkKeys()).length;
    expect(await deleteDataset('file:doomed')).toEqual({ ok: true, value: undefined });
    expect(await getDataset('file:doomed')).toBeUndefined();
    expect(await getDatasetMeta('file:doomed')).toBeUndefined();
    expect((await chunkKeys()).length).toBe(before - 1);
  });

  it('lists each data set by its listing alone, newest first, and forgets it with the data set', async () => {
    const older = iris('file:older');
    const newer = { ...iris('file:newer'), meta: { ...iris('file:newer').meta, name: 'Newer', createdAt: 2 } };
    await store(older);
    await store(newer);
    const listed = (await listDatasets()).filter((l) => l.id === 'file:older' || l.id === 'file:newer');
    // No columns, statistics or preview: a wide table's meta is megabytes, its listing a few facts.
    expect(listed).toEqual([
      { id: 'file:newer', name: 'Newer', rowCount: 150, bytes: newer.meta.bytes, createdAt: 2 },
      { id: 'file:older', name: 'Iris', rowCount: 150, bytes: older.meta.bytes, createdAt: 1 },
    ]);
    await deleteDataset('file:newer');
    await deleteDataset('file:older');
    expect((await listDatasets()).map((l) => l.id)).not.toContain('file:newer');
    expect((await listDatasets()).map((l) => l.id)).not.toContain('file:older');
  });

  it('lists nothing until the meta is committed, and replaces a data set stored under the same id', async () => {
    const dataset = iris('sample:again');
    const { layout, chunks } = toChunks(dataset.columns, 100);
    const writer = createDatasetWriter();
    await writer.putChunk(0, chunks[0]!);
    expect(await getDatasetMeta('sample:again')).toBeUndefined();
    expect((await listDatasets()).map((l) => l.id)).not.toContain('sample:again');
    await writer.putChunk(1, chunks[1]!);
    await writer.commit(dataset.meta, layout);
    const keysAfterFirst = (await chunkKeys()).length;

    // Imported again, renamed: one chunk instead of two, and the library lists it once, by its new name.
    await store({ ...dataset, meta: { ...dataset.meta, name: 'Iris again' } });
    expect((await chunkKeys()).length).toBe(keysAfterFirst - 1);
    expect((await getDataset('sample:again'))?.columns).toEqual(dataset.columns);
    expect((await listDatasets()).filter((l) => l.id === 'sample:again').map((l) => l.name)).toEqual(['Iris again']);
  });

  it('sweeps chunks that no data set points to (an import cancelled mid-file), and only those', async () => {
    await store(iris('file:kept'));
    const { chunks } = toChunks(iris().columns, 50);
    const cancelled = createDatasetWriter();
    for (const [index, chunk] of chunks.entries()) await cancelled.putChunk(index, chunk);
    const before = (await chunkKeys()).length;

    expect(await sweepOrphanChunks()).toEqual({ ok: true, value: 3 });
    expect((await chunkKeys()).length).toBe(before - 3);
    expect((await getDataset('file:kept'))?.meta.rowCount).toBe(150);
    expect(await sweepOrphanChunks()).toEqual({ ok: true, value: 0 });
  });

  it('discards the chunks of a failed import', async () => {
    const before = (await chunkKeys()).length;
    const writer = createDatasetWriter();
    await writer.putChunk(0, toChunks(iris().columns).chunks[0]!);
    expect((await chunkKeys()).length).toBe(before + 1);
    await writer.discard();
    expect((await chunkKeys()).length).toBe(before);
  });

  it('saves and loads the current project document', async () => {
    expect(await loadProject()).toBeUndefined();
    await saveProject({ format: 'x', graph: { nodes: [1, 2] } });
    expect(await loadProject()).toEqual({ format: 'x', graph: { nodes: [1, 2] } });
  });

  it('keeps the last sweep journal apart from the project, event by event, a new sweep replacing it', async () => {
    expect(await loadSweepJournal()).toBeUndefined();
    await startSweepJournal({ type: 'created', at: 1 });
    await appendSweepEvent(1, { type: 'paused', at: 2 });
    await appendSweepEvent(2, { type: 'resumed', at: 3 });
    expect(await loadSweepJournal()).toEqual([
      { type: 'created', at: 1 },
      { type: 'paused', at: 2 },
      { type: 'resumed', at: 3 },
    ]);
    await startSweepJournal({ type: 'created', at: 2 });
    await appendSweepEvent(1, { type: 'paused', at: 3 });
    expect(await loadSweepJournal()).toEqual([
      { type: 'created', at: 2 },
      { type: 'paused', at: 3 },
    ]);
    expect(await loadProject()).toEqual({ format: 'x', graph: { nodes: [1, 2] } });
  });

  it('keeps the Auto search’s journal in a slot of its own: starting one leaves the sweep’s as it was', async () => {
    const sweep = await loadSweepJournal();
    expect(await loadSweepJournal('auto')).toBeUndefined();
    await startSweepJournal({ type: 'created', at: 7 }, 'auto');
    await appendSweepEvent(1, { type: 'paused', at: 8 }, 'auto');
    expect(await loadSweepJournal('auto')).toEqual([
      { type: 'created', at: 7 },
      { type: 'paused', at: 8 },
    ]);
    expect(await loadSweepJournal()).toEqual(sweep);
  });

  it('keeps runs and their weights by id: a second save replaces the first, deleting removes only those named', async () => {
    const weights = [
      { name: 'model.json', bytes: new Uint8Array([123, 125]) },
      { name: 'group1-shard1of1.bin', bytes: new Uint8Array(8).fill(7) },
    ];
    await saveRun('a', { name: 'Run 1' });
    await saveRunWeights('a', weights);
    await saveRun('b', { name: 'Run 2' });
    await saveRunWeights('b', weights.slice(0, 1));
    await saveRun('a', { name: 'Renamed' });
    expect(await listRuns()).toEqual([{ name: 'Renamed' }, { name: 'Run 2' }]);
    expect(await loadRunWeights('a')).toEqual(weights);
    expect((await loadRunWeights('a'))?.[1]?.bytes).toBeInstanceOf(Uint8Array);
    expect(await deleteRuns(['a', 'not-stored'])).toEqual({ ok: true, value: undefined });
    expect(await listRuns()).toEqual([{ name: 'Run 2' }]);
    expect(await loadRunWeights('a')).toBeUndefined();
    expect(await loadRunWeights('b')).toEqual(weights.slice(0, 1));
    expect(await loadSweepJournal()).toEqual([
      { type: 'created', at: 2 },
      { type: 'paused', at: 3 },
    ]);
  });

  it('ends a journal with a missing event before the gap, and appends after it from then on', async () => {
    await startSweepJournal({ type: 'created', at: 1 });
    await appendSweepEvent(1, { type: 'paused', at: 2 });
    // Event 2 was never written (a full disk); 3 and 4 were.
    await appendSweepEvent(3, { type: 'stopped', at: 4 });
    await appendSweepEvent(4, { type: 'stopped', at: 5 });
    expect(await loadSweepJournal()).toEqual([
      { type: 'created', at: 1 },
      { type: 'paused', at: 2 },
    ]);
    await appendSweepEvent(2, { type: 'resumed', at: 6 });
    expect(await loadSweepJournal()).toEqual([
      { type: 'created', at: 1 },
      { type: 'paused', at: 2 },
      { type: 'resumed', at: 6 },
    ]);
  });
});

describe('estimateStorage', () => {
  it('reports what the browser estimates', async () => {
    const manager = { estimate: async () => ({ usage: 1_500, quota: 60_000 }) };
    expect(await estimateStorage(manager)).toEqual({ usedBytes: 1_500, quotaBytes: 60_000 });
  });

  it.each([
    ['no StorageManager (an insecure context)', undefined],
    ['an estimate without numbers', { estimate: async () => ({}) }],
    ['an estimate that fails', { estimate: () => Promise.reject(new Error('storage disabled')) }],
  ])('is undefined with %s', async (_case, manager) => {
    expect(await estimateStorage(manager)).toBeUndefined();
  });
});
