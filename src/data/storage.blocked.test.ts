import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { expect, it } from 'vitest';
import { listRuns, loadSweepJournal, saveRun } from './storage';

it('fails with a sentence while a tab of an older version holds the database open, and works once it closes', async () => {
  // A version 3 tab that never steps aside (it has no versionchange handler, as an older Tensorloom might not).
  const oldTab = await openDB('tensorloom', 3, {
    upgrade(db) {
      for (const store of ['datasetMeta', 'datasetLayouts', 'datasetChunks', 'projects', 'sweeps'])
        db.createObjectStore(store);
    },
  });
  await oldTab.put('sweeps', { kept: true }, 'current');

  const saved = await saveRun('run-1', { name: 'Run 1' });
  expect(saved).toEqual({
    ok: false,
    error:
      "Could not save to the browser's storage: The browser's storage (IndexedDB) could not be opened: Another tab keeps an older version of Tensorloom open. Close it, then reload this page.",
  });

  oldTab.close();
  expect(await saveRun('run-1', { name: 'Run 1' })).toEqual({ ok: true, value: undefined });
  expect(await listRuns()).toEqual([{ name: 'Run 1' }]);
  expect(await loadSweepJournal()).toEqual([{ kept: true }]);
}, 10_000);
