import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { storeCsv } from '../data/import/store';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { deleteDataset, listDatasets } from '../data/storage';
import { newProject } from '../model/project';
import type { TrainRequest } from '../model/run';
import { defaultGraph } from '../model/templates';
import { analyse } from '../state/analysis';
import { createStudioStores } from '../state/StudioProvider';
import { LEARNING_RATE_SWEEP } from '../test/sweepConfig';
import { holdingTrialPool, testWorkers } from '../test/testWorkers';
import { ActionManager } from './index';
import type { StudioWorkers } from './types';

let clock = 0;
/** Stores a CSV as the data worker does (the same function), with increasing dates. */
function store(file: File, origin: { id: string; name: string; source: 'sample' | 'file' }) {
  return storeCsv(file, { ...origin, createdAt: ++clock }, () => undefined);
}

function studio(supplied: Partial<StudioWorkers> = {}) {
  const workers = testWorkers({
    importCsv: (source) => {
      if (source.kind !== 'file') throw new Error('files only in this test');
      return store(source.file, { id: `file:${source.file.name}`, name: source.file.name, source: 'file' });
    },
    cancelImport: () => undefined,
    train: async () => undefined,
    stopTraining: () => undefined,
    pauseTraining: () => undefined,
    resumeTraining: () => undefined,
    ...supplied,
  });
  const stores = createStudioStores(newProject(defaultGraph(), DEFAULT_DATA_CONFIG));
  return { stores, actions: new ActionManager({ ...stores, workers }) };
}

const sampleFile = (name: string) =>
  new File([readFileSync(new URL(`../../public/samples/${name}`, import.meta.url))], name);
const iris = sampleFile('iris.csv');
const usMacro = sampleFile('us-macro.csv');

beforeEach(async () => {
  for (const listing of await listDatasets()) await deleteDataset(listing.id);
});

describe('the data set library', () => {
  it('lists every import, newest first, and says nothing of a quota the runtime does not report', async () => {
    const { stores, actions } = studio();
    await actions.perform('importCsvFile', iris);
    await actions.perform('importCsvFile', usMacro);
    const library = stores.session.getState().library;
    expect(library?.datasets.map((d) => [d.name, d.rowCount])).toEqual([
      ['us-macro.csv', 203],
      ['iris.csv', 150],
    ]);
    // The facts the list shows, not the meta: a wide table's is megabytes, read only when it is opened.
    expect(library?.datasets[1]).toEqual({
      id: 'file:iris.csv',
      name: 'iris.csv',
      rowCount: 150,
      bytes: iris.size,
      createdAt: expect.any(Number),
    });
    expect(library?.usage).toBeUndefined(); // Node has no navigator.storage
  });

  it('opens a stored sample with the target loading it chooses, keeping the graph', async () => {
    const { stores, actions } = studio();
    await store(usMacro, { id: 'sample:us-macro', name: 'US macroeconomics', source: 'sample' });
    await actions.perform('importCsvFile', iris);
    const graph = stores.project.getState().project.graph;

    await actions.perform('openDataset', 'sample:us-macro');
    // The sample's target (unemp), not the file's last column (realint).
    expect(stores.project.getState().project.data).toMatchObject({ datasetId: 'sample:us-macro', target: 'unemp' });
    expect(stores.project.getState().project.graph).toBe(graph);
    expect(stores.session.getState().datasets['sample:us-macro']?.rowCount).toBe(203);
  });

  it('says so when the data set to open is gone, and keeps the project', async () => {
    const { stores, actions } = studio();
    await actions.perform('importCsvFile', iris);
    const before = stores.project.getState().project;
    await actions.perform('openDataset', 'file:gone.csv');
    expect(stores.session.getState().notice).toEqual({
      kind: 'error',
      text: 'That data set is no longer in this browser.',
    });
    expect(stores.project.getState().project).toBe(before);
  });
});

describe('deleting a data set', () => {
  it('asks first; Cancel keeps it', async () => {
    const { stores, actions } = studio();
    await actions.perform('importCsvFile', iris);
    await actions.perform('importCsvFile', usMacro);
    const deleting = actions.perform('deleteDataset', 'file:iris.csv');
    const question = stores.session.getState().confirmation;
    expect(question).toMatchObject({
      title: 'Delete iris.csv?',
      text: 'Its 150 rows are removed from this browser.',
      confirmLabel: 'Delete',
    });
    question?.answer(false);
    await deleting;
    expect((await listDatasets()).map((d) => d.id)).toContain('file:iris.csv');
  });

  it('removes it from storage and from the list once confirmed', async () => {
    const { stores, actions } = studio();
    await actions.perform('importCsvFile', iris);
    await actions.perform('importCsvFile', usMacro);
    const deleting = actions.perform('deleteDataset', 'file:iris.csv');
    stores.session.getState().confirmation?.answer(true);
    await deleting;
    expect((await listDatasets()).map((d) => d.id)).toEqual(['file:us-macro.csv']);
    expect(stores.session.getState().library?.datasets.map((d) => d.id)).toEqual(['file:us-macro.csv']);
    expect(stores.session.getState().notice).toEqual({ kind: 'info', text: 'Deleted iris.csv.' });
  });

  it('of the data set in use, keeps the graph and the training settings; Train then asks for a data set', async () => {
    const { stores, actions } = studio();
    await actions.perform('importCsvFile', iris);
    const before = stores.project.getState().project;
    const deleting = actions.perform('deleteDataset', 'file:iris.csv');
    expect(stores.session.getState().confirmation?.text).toMatch(
      /This project uses it: the graph and the training settings stay/,
    );
    stores.session.getState().confirmation?.answer(true);
    await deleting;

    const after = stores.project.getState().project;
    expect(after.graph).toBe(before.graph);
    expect(after.training).toBe(before.training);
    expect(stores.session.getState().datasets['file:iris.csv']).toBeUndefined();
    expect(analyse(after.graph, undefined, after.data).trainBlocker).toBe('Choose a dataset on the Data view.');
    expect(stores.session.getState().library?.datasets).toEqual([]);
  });

  it('waits while an import runs', async () => {
    const { stores, actions } = studio();
    stores.session.getState().setImporting('big.csv');
    expect(actions.can('deleteDataset')).toBe('Wait for the import to finish.');
    expect(actions.can('openDataset')).toBe('Wait for the import to finish.');
  });
});

describe('a data set a run or a sweep needs', () => {
  const idsStored = async () => (await listDatasets()).map((d) => d.id).sort();

  /** A studio whose training run lasts until `end()`, which fails it as a crashed worker's last restart would. */
  function studioTraining() {
    let end!: () => void;
    const train: StudioWorkers['train'] = (request, onEvent) =>
      new Promise<void>((resolve) => {
        end = () => {
          onEvent({ type: 'train/error', runId: request.runId, message: 'Ended by the test.' });
          resolve();
        };
      });
    return { ...studio({ train }), end: () => end() };
  }

  it('is kept while a training run trains on it, saying why without asking; others can go; once the run has ended it can go too', async () => {
    const { stores, actions, end } = studioTraining();
    await actions.perform('importCsvFile', usMacro);
    await actions.perform('importCsvFile', iris);
    const training = actions.perform('train');
    // The project moves on to another data set; the run still trains on iris.csv (and would read it again after a crash).
    await actions.perform('openDataset', 'file:us-macro.csv');
    await actions.perform('deleteDataset', 'file:iris.csv');
    expect(stores.session.getState().confirmation).toBeNull();
    expect(stores.session.getState().notice).toEqual({
      kind: 'error',
      text: 'iris.csv cannot be deleted now: the training run in progress trains on it. Delete it once the run has ended.',
    });
    expect(await idsStored()).toEqual(['file:iris.csv', 'file:us-macro.csv']);
    expect(stores.session.getState().datasets['file:iris.csv']).toBeDefined();

    const other = actions.perform('deleteDataset', 'file:us-macro.csv');
    stores.session.getState().confirmation?.answer(true);
    await other;
    expect(await idsStored()).toEqual(['file:iris.csv']);

    end();
    await training;
    const deleting = actions.perform('deleteDataset', 'file:iris.csv');
    stores.session.getState().confirmation?.answer(true);
    await deleting;
    expect(await idsStored()).toEqual([]);
  });

  it('is kept when a run starts on it while the question is open', async () => {
    const { stores, actions, end } = studioTraining();
    await actions.perform('importCsvFile', iris);
    const deleting = actions.perform('deleteDataset', 'file:iris.csv');
    const training = actions.perform('train');
    stores.session.getState().confirmation?.answer(true);
    await deleting;
    expect(stores.session.getState().notice).toMatchObject({
      kind: 'error',
      text: expect.stringMatching(/^iris\.csv cannot be deleted now: the training run in progress/),
    });
    expect(await idsStored()).toEqual(['file:iris.csv']);
    end();
    await training;
  });

  it('is kept while a sweep trains its trials on it, until the sweep has stopped', async () => {
    const trials: TrainRequest[] = [];
    const { stores, actions } = studio({ createTrialPool: holdingTrialPool(trials) });
    await actions.perform('importCsvFile', iris);
    await actions.perform('setSweepSettings', LEARNING_RATE_SWEEP);
    const sweeping = actions.perform('startSweep');
    await vi.waitFor(() => expect(trials).toHaveLength(1));
    await actions.perform('deleteDataset', 'file:iris.csv');
    expect(stores.session.getState().notice).toEqual({
      kind: 'error',
      text: 'iris.csv cannot be deleted now: the sweep in progress trains its trials on it. Delete it once the sweep has stopped.',
    });
    await actions.perform('stopSweep');
    await sweeping;
    const deleting = actions.perform('deleteDataset', 'file:iris.csv');
    stores.session.getState().confirmation?.answer(true);
    await deleting;
    expect(await idsStored()).toEqual([]);
  });
});

describe('a full disk', () => {
  // Chromium reports it as a QuotaExceededError from the write; fake-indexeddb has no quota, so its put throws one.
  beforeEach(() => {
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('ends the import with a sentence about storage; the project stays and nothing is stored', async () => {
    const { stores, actions } = studio();
    const before = stores.project.getState().project;
    await actions.perform('importCsvFile', iris);
    expect(stores.session.getState().notice).toEqual({
      kind: 'error',
      text: "Could not import iris.csv: The browser's storage for this site is full. Delete data sets you no longer need, or allow the site more storage, and try again.",
    });
    expect(stores.project.getState().project).toBe(before);
    expect(await listDatasets()).toEqual([]);
  });
});
