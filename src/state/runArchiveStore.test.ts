import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { newProject } from '../model/project';
import { defaultGraph } from '../model/templates';
import { archiveRecord, type ArchivedRun } from './runArchive';
import { createRunArchiveStore } from './runArchiveStore';

const project = newProject(defaultGraph(), DEFAULT_DATA_CONFIG);
const kept = (id: string, startedAt: number): ArchivedRun =>
  archiveRecord({
    run: { id, status: 'completed', history: [] },
    project,
    datasetName: null,
    number: startedAt,
    startedAt,
    endedAt: startedAt,
  })!;

describe('the run archive store', () => {
  it('lists runs newest first; a run kept again replaces its earlier version', () => {
    const store = createRunArchiveStore();
    store.getState().setRuns([kept('a', 1), kept('c', 3), kept('b', 2)], 0);
    store.getState().put({ ...kept('a', 1), name: 'Renamed' });
    store.getState().put(kept('d', 4));
    expect(store.getState().runs?.map((run) => [run.id, run.name])).toEqual([
      ['d', 'Run 4 · Adam 0.01'],
      ['c', 'Run 3 · Adam 0.01'],
      ['b', 'Run 2 · Adam 0.01'],
      ['a', 'Renamed'],
    ]);
  });

  it('keeps the compared runs in the order picked, and forgets those no longer listed', () => {
    const store = createRunArchiveStore();
    store.getState().setRuns([kept('a', 1), kept('b', 2), kept('c', 3)], 0);
    for (const id of ['c', 'a', 'b']) store.getState().toggleCompared(id);
    store.getState().toggleCompared('a');
    expect(store.getState().compared).toEqual(['c', 'b']);
    store.getState().remove(['c']);
    expect(store.getState().compared).toEqual(['b']);
    // Another tab deleted b: a fresh read drops it from the comparison too.
    store.getState().setRuns([kept('a', 1)], 1);
    expect(store.getState()).toMatchObject({ compared: [], unreadable: 1 });
  });
});
