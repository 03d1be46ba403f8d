import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCsvText } from '../data/import/csv';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { listRuns, loadRunWeights, saveRun } from '../data/storage';
import type { ExportedModel } from '../model/modelExport';
import type { ImportedModelInfo, ModelImportRequest } from '../model/modelImport';
import { newProject } from '../model/project';
import type { Result } from '../model/result';
import type { EpochLogs, TrainEvent, TrainRequest } from '../model/run';
import { defaultGraph } from '../model/templates';
import { archiveRecord, MAX_KEPT_WEIGHT_BYTES, MAX_UNSTARRED_RUNS, type ArchivedRun } from '../state/runArchive';
import { createStudioStores } from '../state/StudioProvider';
import { keptModelFiles } from '../test/keptModelFiles';
import { testWorkers } from '../test/testWorkers';
import type { StudioWorkers } from './types';
import { ActionManager } from './index';

/** What the fake training worker does with the next run: the epochs it logs and how it ends. */
interface Script {
  readonly epochs: readonly EpochLogs[];
  readonly end?: { readonly error: string };
  /** Called while the run trains, before it ends. */
  readonly during?: () => void;
}

const irisData = { ...DEFAULT_DATA_CONFIG, datasetId: 'sample:iris', target: 'species' };
const irisMeta = (() => {
  const text = readFileSync(new URL('../../public/samples/iris.csv', import.meta.url), 'utf8');
  const parsed = parseCsvText(text, {
    id: 'sample:iris',
    name: 'Iris flowers',
    source: 'sample',
    bytes: text.length,
    createdAt: 1,
  });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value.meta;
})();

/** The files a float32 TF.js export writes, as the training worker returns them. */
const modelFiles = [
  { name: 'model.json', bytes: new TextEncoder().encode('{"modelTopology":{}}') },
  { name: 'group1-shard1of1.bin', bytes: new Uint8Array(64).fill(3) },
  { name: 'metadata.json', bytes: new TextEncoder().encode('{}') },
];
const exported = async (): Promise<Result<ExportedModel>> => ({
  ok: true,
  value: {
    files: modelFiles.map((file) => ({ ...file, bytes: file.bytes.slice() })),
    test: { name: 'accuracy', split: 'test', value: { value: 0.9 } },
  },
});

/**
 * A studio whose training worker plays the scripts given, one per run, as the real worker's
 * events, and exports the model as `exportModel` says.
 */
function studio(
  scripts: Script[] = [],
  exportModel: StudioWorkers['exportModel'] = exported,
  more: Partial<StudioWorkers> = {},
) {
  const workers = testWorkers({
    ...more,
    exportModel,
    train: async ({ runId }: TrainRequest, onEvent: (event: TrainEvent) => void) => {
      const script = scripts.shift() ?? { epochs: [{ loss: 0.5 }] };
      onEvent({
        type: 'train/backend',
        runId,
        backend: 'cpu',
        reason: 'no GPU',
        record: { seed: 42, tfjsVersion: '4.22.0', appVersion: '0.1.0' },
      });
      const finishedEpochs = script.epochs.map((logs, epoch) => ({ epoch, logs }));
      onEvent({
        type: 'train/progress',
        runId,
        epoch: 0,
        epochs: 2,
        batch: 0,
        batchesPerEpoch: 1,
        samples: 1,
        elapsedMs: 1,
        finishedEpochs,
      });
      script.during?.();
      if (script.end) return onEvent({ type: 'train/error', runId, message: script.end.error });
      onEvent({
        type: 'train/done',
        runId,
        reason: 'completed',
        epochsRun: script.epochs.length,
        logs: script.epochs.at(-1) ?? {},
      });
    },
  });
  const stores = createStudioStores(newProject(defaultGraph(), irisData));
  stores.session.getState().putDataset(irisMeta);
  return { stores, actions: new ActionManager({ ...stores, workers }) };
}

const names = (runs: readonly ArchivedRun[] | null) => runs?.map((run) => run.name);

/** Trains once; Date.now moves on so that each run starts at its own time. */
let clock = 1_700_000_000_000;
async function train(actions: ActionManager) {
  vi.setSystemTime((clock += 60_000));
  expect(await actions.perform('train')).toBe(true);
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  await listRuns(); // creates the database at the current version
  const db = await openDB('tensorloom');
  await db.clear('runs'); // by key: a damaged run has no id
  db.close();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('keeping runs', () => {
  it('keeps every run that ends, with the settings it started with, and lists them after a reload', async () => {
    const { stores, actions } = studio([
      {
        epochs: [
          { loss: 1, val_acc: 0.5 },
          { loss: 0.6, val_acc: 0.75 },
        ],
      },
      { epochs: [{ loss: 0.9, val_acc: 0.6 }] },
    ]);
    stores.project.getState().setTraining({ learningRate: 0.001 });
    await train(actions);
    stores.project.getState().setTraining({ learningRate: 0.05, optimizer: 'sgd' });
    await train(actions);

    expect(names(stores.archive.getState().runs)).toEqual(['Run 2 · SGD 0.05', 'Run 1 · Adam 0.001']);
    const first = stores.archive.getState().runs![1]!;
    expect(first).toMatchObject({
      status: 'completed',
      datasetName: 'Iris flowers',
      finalLogs: { loss: 0.6, val_acc: 0.75 },
      record: { seed: 42 },
    });
    expect(first.project.training.learningRate).toBe(0.001);
    expect(first.history.map((h) => h.logs.val_acc)).toEqual([0.5, 0.75]);

    const reloaded = studio();
    await reloaded.actions.perform('loadRuns');
    expect(reloaded.stores.archive.getState().runs).toEqual(stores.archive.getState().runs);
  });

  it('keeps the settings a run started with, not the ones changed while it trained', async () => {
    const { stores, actions } = studio([
      { epochs: [{ loss: 1 }], during: () => stores.project.getState().setTraining({ learningRate: 0.3 }) },
    ]);
    await train(actions);
    expect(stores.archive.getState().runs?.[0]?.project.training.learningRate).toBe(0.01);
    expect(stores.project.getState().project.training.learningRate).toBe(0.3);
  });

  it('keeps a diverged run as diverged, with the message, and a failed one as failed', async () => {
    const diverged = 'Training diverged: the loss became NaN at epoch 2, batch 1. Lower the learning rate.';
    const { stores, actions } = studio([
      { epochs: [{ loss: 3 }], end: { error: diverged } },
      { epochs: [], end: { error: 'Choose a dataset.' } },
    ]);
    await train(actions);
    await train(actions);
    expect(stores.archive.getState().runs?.map(({ status, note, finalLogs }) => ({ status, note, finalLogs }))).toEqual(
      [
        { status: 'failed', note: 'Choose a dataset.', finalLogs: {} },
        { status: 'diverged', note: diverged, finalLogs: { loss: 3 } },
      ],
    );
  });

  it(`removes the oldest unstarred runs beyond ${MAX_UNSTARRED_RUNS}, keeping starred ones however old`, async () => {
    const { stores, actions } = studio();
    const base = archiveRecord({
      run: { id: 'x', status: 'completed', history: [] },
      project: stores.project.getState().project,
      datasetName: null,
      number: 1,
      startedAt: 0,
      endedAt: 0,
    })!;
    for (let n = 1; n <= MAX_UNSTARRED_RUNS; n++)
      await saveRun(`old-${n}`, { ...base, id: `old-${n}`, number: n, name: `Old ${n}`, startedAt: n });
    await saveRun('older-than-all', {
      ...base,
      id: 'older-than-all',
      number: 99,
      name: 'Ancient',
      startedAt: 0,
      starred: true,
    });

    await train(actions);
    const kept = (await listRuns()) as ArchivedRun[];
    // 51 unstarred (50 old ones and the new run) → the oldest unstarred one goes; the starred one, older still, stays.
    expect(kept.map((run) => run.name)).not.toContain('Old 1');
    expect(kept.map((run) => run.name)).toEqual(
      expect.arrayContaining(['Ancient', 'Old 2', 'Old 50', 'Run 100 · Adam 0.01']),
    );
    expect(kept).toHaveLength(MAX_UNSTARRED_RUNS + 1);
    expect(stores.archive.getState().runs).toHaveLength(MAX_UNSTARRED_RUNS + 1);
  });

  it('counts stored runs that cannot be read and lists the rest', async () => {
    const { stores, actions } = studio();
    await train(actions);
    await saveRun('damaged', { format: 'tensorloom-run', version: 1, name: 3 });
    await actions.perform('loadRuns');
    expect(stores.archive.getState()).toMatchObject({
      unreadable: 1,
      runs: [expect.objectContaining({ name: 'Run 1 · Adam 0.01' })],
    });
  });
});

describe('keeping weights', () => {
  it('keeps the model of a run that ended with weights as the TF.js export writes it, apart from the run', async () => {
    const { stores, actions } = studio();
    await train(actions);
    const run = stores.archive.getState().runs![0]!;
    const bytes = modelFiles.reduce((total, file) => total + file.bytes.byteLength, 0);
    expect(run.weights).toEqual({ kept: true, bytes });
    expect(await loadRunWeights(run.id)).toEqual(modelFiles);
    expect(((await listRuns()) as ArchivedRun[])[0]?.weights).toEqual({ kept: true, bytes });
  });

  it('asks for no weights of a run that failed', async () => {
    const exportModel = vi.fn(exported);
    const { stores, actions } = studio(
      [{ epochs: [{ loss: 3 }], end: { error: 'Training diverged: the loss became NaN.' } }],
      exportModel,
    );
    await train(actions);
    expect(exportModel).not.toHaveBeenCalled();
    expect(stores.archive.getState().runs![0]).not.toHaveProperty('weights');
  });

  it('says why the weights are not kept: the worker refused, or the model is too large', async () => {
    const refused = studio([], async () => ({ ok: false, error: 'A run is in progress; export when it has ended.' }));
    await train(refused.actions);
    const refusedRun = refused.stores.archive.getState().runs![0]!;
    expect(refusedRun.weights).toEqual({ kept: false, reason: 'A run is in progress; export when it has ended.' });

    const huge = studio([], async () => ({
      ok: true,
      value: {
        files: [{ name: 'group1-shard1of1.bin', bytes: new Uint8Array(MAX_KEPT_WEIGHT_BYTES + 1) }],
        test: { name: 'accuracy', split: 'test', value: { value: 0.9 } },
      },
    }));
    await train(huge.actions);
    const hugeRun = huge.stores.archive.getState().runs![0]!;
    expect(hugeRun.weights).toEqual({ kept: false, reason: 'The model takes 20.0 MB; weights are kept up to 20 MB.' });
    expect(await loadRunWeights(hugeRun.id)).toBeUndefined();
  });

  it('keeps a rename made while the weights were written, and removes the weights of a run deleted meanwhile', async () => {
    let release: () => void = () => undefined;
    const slow = () => new Promise<void>((resolve) => (release = resolve)).then(exported);
    const { stores, actions } = studio([], slow);
    const training = train(actions);
    await vi.waitFor(() => expect(stores.archive.getState().runs).toHaveLength(1));
    const id = stores.archive.getState().runs![0]!.id;
    await actions.perform('renameRun', { id, name: 'Renamed meanwhile' });
    release();
    await training;
    expect(stores.archive.getState().runs![0]).toMatchObject({ name: 'Renamed meanwhile', weights: { kept: true } });

    const again = train(actions);
    await vi.waitFor(() => expect(stores.archive.getState().runs).toHaveLength(2));
    const second = stores.archive.getState().runs![0]!.id;
    const deleting = actions.perform('deleteRun', second);
    stores.session.getState().confirmation!.answer(true);
    await deleting;
    release();
    await again;
    expect(await loadRunWeights(second)).toBeUndefined();
    expect(((await listRuns()) as ArchivedRun[]).map((run) => run.id)).toEqual([id]);
  });

  it('removes the weights with their run', async () => {
    const { stores, actions } = studio();
    await train(actions);
    const id = stores.archive.getState().runs![0]!.id;
    const deleting = actions.perform('deleteRun', id);
    stores.session.getState().confirmation!.answer(true);
    await deleting;
    expect(await loadRunWeights(id)).toBeUndefined();
  });
});

describe('changing kept runs', () => {
  it('renames (trimmed) and stars a run, for good; an empty name is refused with a sentence', async () => {
    const { stores, actions } = studio();
    await train(actions);
    const id = stores.archive.getState().runs![0]!.id;
    await actions.perform('renameRun', { id, name: '  Baseline  ' });
    await actions.perform('toggleRunStar', id);
    await actions.perform('renameRun', { id, name: '   ' });
    expect(stores.archive.getState().error).toBe('A run needs a name; it keeps the one it had.');

    const reloaded = studio();
    await reloaded.actions.perform('loadRuns');
    expect(reloaded.stores.archive.getState().runs).toMatchObject([{ id, name: 'Baseline', starred: true }]);
  });

  it('deletes a run only once the person confirms', async () => {
    const { stores, actions } = studio();
    await train(actions);
    await train(actions);
    const [newer, older] = stores.archive.getState().runs!;
    stores.archive.getState().toggleCompared(older!.id);

    const cancelled = actions.perform('deleteRun', older!.id);
    expect(stores.session.getState().confirmation?.title).toBe('Delete Run 1 · Adam 0.01?');
    stores.session.getState().confirmation!.answer(false);
    await cancelled;
    expect(await listRuns()).toHaveLength(2);

    const confirmed = actions.perform('deleteRun', older!.id);
    stores.session.getState().confirmation!.answer(true);
    await confirmed;
    expect(((await listRuns()) as ArchivedRun[]).map((run) => run.id)).toEqual([newer!.id]);
    expect(stores.archive.getState().runs?.map((run) => run.id)).toEqual([newer!.id]);
    expect(stores.archive.getState().compared).toEqual([]);
  });

  it("restores a run's graph and training settings as one undoable step, keeping the data choices", async () => {
    const { stores, actions } = studio();
    await train(actions);
    const id = stores.archive.getState().runs![0]!.id;
    const { graph } = stores.project.getState().project;
    stores.project.getState().setTraining({ learningRate: 0.2, epochs: 3 });
    stores.project.getState().replaceGraph({ nodes: graph.nodes.slice(0, 1), edges: [] });
    stores.project.getState().setData({ seed: 7 });
    const before = stores.project.getState().project;

    await actions.perform('restoreRunSettings', id);
    const restored = stores.project.getState().project;
    expect(restored.training).toEqual(stores.archive.getState().runs![0]!.project.training);
    expect(restored.training.learningRate).toBe(0.01);
    expect(restored.graph).toEqual(graph);
    expect(restored.data.seed).toBe(7);

    stores.project.temporal.getState().undo();
    expect(stores.project.getState().project).toBe(before);
  });

  it('waits, as the settings form does, while a run trains', async () => {
    const { stores, actions } = studio();
    await train(actions);
    stores.runs.getState().startRun('run-next');
    expect(actions.can('restoreRunSettings')).toBe('Wait for the run in progress to end.');
  });
});

describe('storage failing', () => {
  it('a full disk ends training as usual; the run is listed and the panel says it could not be kept', async () => {
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const { stores, actions } = studio([{ epochs: [{ loss: 0.4 }] }]);
    await train(actions);
    expect(stores.runs.getState().run?.status).toBe('completed');
    expect(names(stores.archive.getState().runs)).toEqual(['Run 1 · Adam 0.01']);
    expect(stores.archive.getState().error).toBe(
      "Run 1 · Adam 0.01 is listed until you reload, but could not be kept in this browser: The browser's storage for this site is full. Delete data sets you no longer need, or allow the site more storage, and try again.",
    );
    expect(await listRuns()).toEqual([]);
  });
});

/** A float32 TF.js export of a small model: each run's weights differ by `fill`. */
function validExport(fill: number): Result<ExportedModel> {
  const files = keptModelFiles(fill);
  return { ok: true, value: { files, test: { name: 'accuracy', split: 'test', value: { value: 0.9 } } } };
}

/** A studio whose runs keep valid weights (a different fill per run) and whose worker answers imports as `answer` says. */
function evaluatingStudio(
  scripts: Script[],
  answer: (request: ModelImportRequest) => Result<ImportedModelInfo> = () => ({ ok: true, value: { layerShapes: {} } }),
) {
  const requests: ModelImportRequest[] = [];
  let exports = 0;
  const studioWithWorkers = studio(scripts, async () => validExport(++exports), {
    importModel: async (request) => {
      requests.push(request);
      return answer(request);
    },
    evaluate: async () => ({ ok: false, error: 'not in this test' }),
  });
  return { ...studioWithWorkers, requests };
}

describe('evaluating a kept run', () => {
  it("loads the run's kept model with its own graph, data and settings, makes it the current run and opens the Evaluate view", async () => {
    const { stores, actions, requests } = evaluatingStudio([
      { epochs: [{ loss: 0.6, val_acc: 0.75 }] },
      { epochs: [{ loss: 0.9, val_acc: 0.6 }] },
    ]);
    stores.project.getState().setTraining({ learningRate: 0.001 });
    await train(actions);
    stores.project.getState().setTraining({ learningRate: 0.05 });
    stores.project.getState().setData({ seed: 99 });
    await train(actions);
    const first = stores.archive.getState().runs!.find((run) => run.name === 'Run 1 · Adam 0.001')!;

    expect(await actions.perform('evaluateKeptRun', first.id)).toBe(true);
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect(request).toMatchObject({
      runId: first.id,
      graph: first.project.graph,
      data: first.project.data,
      settings: { learningRate: 0.001 },
      metadata: '{"run":1}',
    });
    expect(request.data.seed).not.toBe(99);
    expect(JSON.parse(request.modelJson).modelTopology.class_name).toBe('Sequential');
    expect(request.weights.map((buffer) => [...new Uint8Array(buffer)])).toEqual([Array.from({ length: 60 }, () => 1)]);

    // Its own curves come back with it, not the latest run's.
    expect(stores.runs.getState().run).toMatchObject({
      id: first.id,
      status: 'completed',
      note: 'Evaluating kept run Run 1 · Adam 0.001.',
    });
    expect(stores.runs.getState().run!.history.map(({ logs }) => logs)).toEqual([
      expect.objectContaining({ loss: 0.6, val_acc: 0.75 }),
    ]);
    expect(stores.session.getState().view).toBe('evaluate');
    expect(actions.can('evaluate')).toBe(true);
  });

  it('says why a run without weights cannot be evaluated, and changes nothing', async () => {
    const { stores, actions, requests } = evaluatingStudio([
      { epochs: [{ loss: 1 }] },
      { epochs: [{ loss: 3 }], end: { error: 'Training diverged: the loss became NaN at epoch 1, batch 1.' } },
    ]);
    await train(actions);
    await train(actions);
    const current = stores.runs.getState().run;
    const [diverged, finished] = stores.archive.getState().runs!;
    await actions.perform('evaluateKeptRun', diverged!.id);
    expect(stores.session.getState().notice).toEqual({
      kind: 'error',
      text: 'Run 2 · Adam 0.01 cannot be evaluated: it diverged, so it ended without trained weights.',
    });

    stores.archive.getState().put({
      ...finished!,
      weights: { kept: false, reason: 'The model takes 25.0 MB; weights are kept up to 20 MB.' },
    });
    await actions.perform('evaluateKeptRun', finished!.id);
    expect(stores.session.getState().notice?.text).toBe(
      'Run 1 · Adam 0.01 cannot be evaluated: its weights were not kept. The model takes 25.0 MB; weights are kept up to 20 MB.',
    );
    expect(requests).toEqual([]);
    expect(stores.runs.getState().run).toBe(current);
    expect(stores.session.getState().view).not.toBe('evaluate');
  });

  it("says so when the run's data set is gone, keeping the current run", async () => {
    const { stores, actions } = evaluatingStudio([{ epochs: [{ loss: 1 }] }], () => ({
      ok: true,
      value: { layerShapes: {}, notUsable: 'the project’s data set is no longer stored in this browser' },
    }));
    await train(actions);
    const current = stores.runs.getState().run;
    await actions.perform('evaluateKeptRun', stores.archive.getState().runs![0]!.id);
    expect(stores.session.getState().notice?.text).toBe(
      'Run 1 · Adam 0.01 cannot be evaluated: the project’s data set is no longer stored in this browser (it trained on Iris flowers).',
    );
    expect(stores.runs.getState().run).toBe(current);
  });

  it('waits while a run trains', async () => {
    const { stores, actions, requests } = evaluatingStudio([{ epochs: [{ loss: 1 }] }]);
    await train(actions);
    stores.runs.getState().startRun('run-next');
    expect(actions.can('evaluateKeptRun')).toBe('A run is in progress; evaluate a kept run when it has ended.');
    expect(await actions.perform('evaluateKeptRun', stores.archive.getState().runs![0]!.id)).toBe(false);
    expect(requests).toEqual([]);
  });
});
