import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parseCsvText } from './import/csv';
import { getDataset, getDatasetMeta, listDatasets, listRuns, loadProject, loadSweepJournal } from './storage';

const DATASET_STORES = ['datasetMeta', 'datasetLayouts', 'datasetChunks'];

/** The database as an older version left it: these stores, empty. */
function openOldVersion(version: number, stores: readonly string[]) {
  return openDB('tensorloom', version, {
    upgrade(db) {
      for (const store of stores) db.createObjectStore(store);
    },
  });
}

it('upgrades a version 1 database: whole columns become chunks, nothing is lost', async () => {
  const text = readFileSync(new URL('../../public/samples/iris.csv', import.meta.url), 'utf8');
  const parsed = parseCsvText(text, {
    id: 'sample:iris',
    name: 'Iris',
    source: 'sample',
    bytes: text.length,
    createdAt: 1,
  });
  if (!parsed.ok) throw new Error(parsed.error);
  // Version 1 as it shipped: meta, whole columns and projects, each keyed by id.
  const v1 = await openDB('tensorloom', 1, {
    upgrade(db) {
      db.createObjectStore('datasetMeta');
      db.createObjectStore('datasetColumns');
      db.createObjectStore('projects');
    },
  });
  await v1.put('datasetMeta', parsed.value.meta, 'sample:iris');
  await v1.put('datasetColumns', parsed.value.columns, 'sample:iris');
  await v1.put('projects', { format: 'kept' }, 'current');
  v1.close();

  expect(await getDataset('sample:iris')).toEqual(parsed.value);
  expect((await listDatasets()).map((m) => m.id)).toEqual(['sample:iris']);
  expect(await loadProject()).toEqual({ format: 'kept' });
  // Version 2 cut columns into chunks; version 3 added the sweeps' journals; version 4 the run archive; version 5 stores
  // journals event by event; version 7 gives the Auto search a journal of its own; version 8 keeps each data set's
  // listing beside its meta.
  const upgraded = await openDB('tensorloom');
  expect([...upgraded.objectStoreNames].sort()).toEqual([
    'autoEvents',
    'datasetChunks',
    'datasetLayouts',
    'datasetListings',
    'datasetMeta',
    'projects',
    'runWeights',
    'runs',
    'sweepEvents',
  ]);
  expect(await listRuns()).toEqual([]);
  upgraded.close();
});

it('upgrades a version 4 database: the sweep journal kept as one array becomes one record per event', async () => {
  indexedDB.deleteDatabase('tensorloom');
  const journal = [
    { type: 'created', at: 1, config: { seed: 3 } },
    { type: 'trial-asked', at: 2, number: 0, params: { x: 1 } },
    { type: 'paused', at: 3 },
  ];
  const v4 = await openOldVersion(4, [...DATASET_STORES, 'projects', 'sweeps', 'runs', 'runWeights']);
  await v4.put('sweeps', journal, 'current');
  v4.close();

  expect(await loadSweepJournal()).toEqual(journal);
  const upgraded = await openDB('tensorloom');
  expect(await upgraded.getAllKeys('sweepEvents')).toEqual([0, 1, 2]);
  expect(upgraded.objectStoreNames.contains('sweeps')).toBe(false);
  upgraded.close();
});

it('upgrades a version 5 database: value counts kept as one object per value become two arrays', async () => {
  indexedDB.deleteDatabase('tensorloom');
  const text = 'size,kind\n1,cat\n2,dog\n2,dog\n';
  const parsed = parseCsvText(text, { id: 'pets', name: 'Pets', source: 'file', bytes: text.length, createdAt: 1 });
  if (!parsed.ok) throw new Error(parsed.error);
  const asVersion5 = {
    ...parsed.value.meta,
    columns: parsed.value.meta.columns.map((column) => ({
      ...column,
      valueCounts: column.valueCounts?.values.map((value, i) => ({ value, count: column.valueCounts!.counts[i] })),
    })),
  };
  const v5 = await openOldVersion(5, [...DATASET_STORES, 'projects', 'sweepEvents', 'runs', 'runWeights']);
  await v5.put('datasetMeta', asVersion5, 'pets');
  v5.close();

  const upgraded = await getDatasetMeta('pets');
  expect(upgraded?.columns.map((c) => c.valueCounts)).toEqual([
    { values: ['1', '2'], counts: [1, 2] },
    { values: ['cat', 'dog'], counts: [1, 2] },
  ]);
  expect(upgraded).toEqual(parsed.value.meta);
});

it('upgrades a version 6 database: the sweep’s journal stays as it was, and the Auto search starts with none', async () => {
  indexedDB.deleteDatabase('tensorloom');
  const journal = [
    { type: 'created', at: 1 },
    { type: 'paused', at: 2 },
  ];
  const v6 = await openOldVersion(6, [...DATASET_STORES, 'projects', 'sweepEvents', 'runs', 'runWeights']);
  await Promise.all(journal.map((event, index) => v6.put('sweepEvents', event, index)));
  v6.close();

  expect(await loadSweepJournal()).toEqual(journal);
  expect(await loadSweepJournal('auto')).toBeUndefined();
});

it('upgrades a version 7 database: the library lists each stored data set from a listing made from its meta', async () => {
  indexedDB.deleteDatabase('tensorloom');
  const text = 'size,kind\n1,cat\n2,dog\n2,dog\n';
  const imported = (id: string, name: string, createdAt: number) => {
    const parsed = parseCsvText(text, { id, name, source: 'file', bytes: text.length, createdAt });
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value.meta;
  };
  const pets = imported('file:pets.csv', 'pets.csv', 1);
  const photos = { ...imported('file:photos.zip', 'photos.zip', 2), kind: 'images' as const, rowCount: 40 };
  const v7 = await openOldVersion(7, [
    ...DATASET_STORES,
    'projects',
    'sweepEvents',
    'autoEvents',
    'runs',
    'runWeights',
  ]);
  await v7.put('datasetMeta', pets, pets.id);
  await v7.put('datasetMeta', photos, photos.id);
  v7.close();

  expect(await listDatasets()).toEqual([
    { id: 'file:photos.zip', name: 'photos.zip', kind: 'images', rowCount: 40, bytes: text.length, createdAt: 2 },
    { id: 'file:pets.csv', name: 'pets.csv', rowCount: 3, bytes: text.length, createdAt: 1 },
  ]);
  expect(await getDatasetMeta(pets.id)).toEqual(pets);
  expect(await getDatasetMeta(photos.id)).toEqual(photos);
});
