import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parseCsvText } from './import/csv';
import { getDataset, listDatasets, listRuns, loadProject } from './storage';

it('upgrades a version 1 database: whole columns become chunks, nothing is lost', async () => {
  const text = readFileSync(new URL('../../public/samples/iris.csv', import.meta.url), 'utf8');
  const parsed = parseCsvText(text, { id: 'sample:iris', name: 'Iris', source: 'sample', bytes: text.length, createdAt: 1 });
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
  // Version 2 cut columns into chunks; version 3 added the sweeps' journals; version 4 the run archive.
  const upgraded = await openDB('tensorloom');
  expect([...upgraded.objectStoreNames].sort()).toEqual(['datasetChunks', 'datasetLayouts', 'datasetMeta', 'projects', 'runWeights', 'runs', 'sweeps']);
  expect(await listRuns()).toEqual([]);
  upgraded.close();
});
