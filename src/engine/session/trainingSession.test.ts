import { describe, expect, it } from 'vitest';
import { rankingSplit, type RankingProgress } from '../../data/featureRanking';
import { DEFAULT_DATA_CONFIG, type DataConfig, type StoredDataset } from '../../data/schema';
import { TEST_UNTOUCHED, type ExportFile } from '../../model/modelExport';
import { checkWeightFiles, parseModelJson } from '../../model/modelImport';
import { DEFAULT_TRAINING } from '../../model/project';
import type { Checkpoint, TrainEvent, TrainRequest } from '../../model/run';
import { defaultGraph } from '../../model/templates';
import { SWEEP_DATA_FILE } from '../../sweep/codegen/python';
import type { LrRangeProgress } from '../../sweep/lrRange';
import { sampleDataset } from '../../test/csvDataset';
import { fakeImageDecoder } from '../../test/fakeImageDecoder';
import { createTrainingSession, type SessionDeps, type TrainingSession } from './trainingSession';

const iris = sampleDataset('iris.csv');
const datasets = new Map<string, StoredDataset>([[iris.meta.id, iris]]);
const DATA: DataConfig = { ...DEFAULT_DATA_CONFIG, datasetId: iris.meta.id, target: 'species' };
const REQUEST: TrainRequest = {
  runId: 'run-1',
  graph: defaultGraph(),
  data: DATA,
  // Plain SGD keeps no state of its own, so a run resumed from a checkpoint repeats the uninterrupted one.
  settings: { ...DEFAULT_TRAINING, epochs: 4, batchSize: 16, optimizer: 'sgd', backend: 'cpu' },
};
const ROW = { sepal_length: '6.7', sepal_width: '3.0', petal_length: '5.2', petal_width: '2.3' };

/** A session over Iris; checkpoints only where a test asks for them, since on a loaded machine an epoch can outlast the 1 s interval. */
function session(deps: Partial<SessionDeps> = {}): TrainingSession {
  return createTrainingSession({
    decodeImage: fakeImageDecoder(),
    getDataset: async (id) => datasets.get(id),
    checkpointEveryMs: Number.POSITIVE_INFINITY,
    ...deps,
  });
}

/**
 * Starts a run on `target`, its events collected as the worker's MessagePort would carry them;
 * `onEvent` sees each as it is posted. `closed` resolves with them once the run has closed its port.
 */
function start(target: TrainingSession, request: TrainRequest, onEvent: (event: TrainEvent) => void = () => {}) {
  const events: TrainEvent[] = [];
  let close!: () => void;
  const closed = new Promise<TrainEvent[]>((resolve) => (close = () => resolve(events)));
  const finished = target.train(request, {
    postMessage: (event) => {
      events.push(event);
      onEvent(event);
    },
    close: () => close(),
  });
  return { events, closed, finished };
}

const types = (events: readonly TrainEvent[]) => events.map((event) => event.type);
const finishedEpochs = (events: readonly TrainEvent[]) =>
  events.flatMap((event) => (event.type === 'train/progress' ? event.finishedEpochs.map(({ epoch }) => epoch) : []));
const last = (events: readonly TrainEvent[]) => events.at(-1)!;

describe('a training session', () => {
  it('trains a run: its backend, progress carrying every epoch in order, then done; the model stays for predictions', async () => {
    const trainer = session();
    const events = await start(trainer, REQUEST).closed;

    expect(events[0]).toMatchObject({ type: 'train/backend', runId: 'run-1', backend: 'cpu', record: { seed: 42 } });
    expect(new Set(types(events.slice(1, -1)))).toEqual(new Set(['train/progress']));
    expect(finishedEpochs(events)).toEqual([0, 1, 2, 3]);
    expect(last(events)).toMatchObject({ type: 'train/done', runId: 'run-1', reason: 'completed', epochsRun: 4 });

    const prediction = await trainer.predict({ kind: 'row', raw: ROW });
    expect(prediction.ok && prediction.value.label).toMatch(/^(setosa|versicolor|virginica)$/);
    const table = await trainer.predictTable({ text: '6.7,3.0,5.2,2.3\n5.1,3.5,1.4,0.2', columns: [] });
    expect(table.ok && table.value.rowCount).toBe(2);
    expect(await trainer.predict({ kind: 'image', bytes: new Uint8Array(4) })).toEqual({
      ok: false,
      error: 'This model does not predict from images.',
    });
    const evaluation = await trainer.evaluate('validation');
    expect(evaluation.ok && evaluation.value.runId).toBe('run-1');
  });

  it('refuses a second run while one is in progress, on the second run’s port only', async () => {
    const trainer = session();
    const first = start(trainer, REQUEST);
    const second = await start(trainer, { ...REQUEST, runId: 'run-2' }).closed;
    expect(second).toEqual([
      { type: 'train/error', runId: 'run-2', message: 'A run is already in progress; stop it first.' },
    ]);
    expect(last(await first.closed)).toMatchObject({ type: 'train/done', runId: 'run-1', reason: 'completed' });
  });

  it('pauses after the batch in progress, says where it stands, waits, and goes on when resumed', async () => {
    const trainer = session();
    let pausedAt: number | undefined;
    const run = start(trainer, REQUEST, (event) => {
      if (event.type === 'train/progress' && pausedAt === undefined) trainer.pause();
      if (event.type === 'train/paused') pausedAt = run.events.length;
    });
    await waitFor(() => pausedAt !== undefined);
    // The counters shown while paused are where the run stopped: a progress event just before.
    expect(types(run.events.slice(-2))).toEqual(['train/progress', 'train/paused']);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(run.events).toHaveLength(pausedAt!);

    trainer.resume();
    const events = await run.closed;
    expect(finishedEpochs(events)).toEqual([0, 1, 2, 3]);
    expect(last(events)).toMatchObject({ type: 'train/done', reason: 'completed', epochsRun: 4 });
  });

  it('stops after the batch in progress, at once when paused, keeping the weights so far', async () => {
    const trainer = session();
    const stopped = start(trainer, REQUEST, (event) => event.type === 'train/progress' && trainer.stop());
    expect(last(await stopped.closed)).toMatchObject({ type: 'train/done', reason: 'stopped', epochsRun: 0 });
    expect((await trainer.predict({ kind: 'row', raw: ROW })).ok).toBe(true);

    const paused = start(trainer, { ...REQUEST, runId: 'run-2' }, (event) => {
      if (event.type === 'train/progress') trainer.pause();
      if (event.type === 'train/paused') trainer.stop();
    });
    const events = await paused.closed;
    // Nothing trained after the pause: the last progress says where the run stood.
    const afterPause = events.slice(types(events).indexOf('train/paused') + 1);
    expect(types(afterPause)).toEqual(['train/progress', 'train/done']);
    expect(afterPause[0]).toMatchObject({ epoch: 0, batch: 0, finishedEpochs: [] });
    expect(afterPause[1]).toMatchObject({ reason: 'stopped', epochsRun: 0 });
  });

  it('starts paused when asked, before the first batch; a pause asked with no run in progress is ignored', async () => {
    const trainer = session();
    trainer.pause();
    expect(last(await start(trainer, REQUEST).closed)).toMatchObject({ type: 'train/done', reason: 'completed' });

    const run = start(trainer, { ...REQUEST, startPaused: true });
    await waitFor(() => run.events.length === 2);
    expect(types(run.events)).toEqual(['train/backend', 'train/paused']);
    trainer.resume();
    expect(finishedEpochs(await run.closed)).toEqual([0, 1, 2, 3]);
  });

  it('posts a checkpoint after each due epoch but the last, after the progress that carries it, and resumes from one', async () => {
    const uninterrupted = await start(session({ checkpointEveryMs: 0 }), REQUEST).closed;
    const checkpoints = uninterrupted.flatMap((event) => (event.type === 'train/checkpoint' ? [event.checkpoint] : []));
    expect(checkpoints.map(({ epoch }) => epoch)).toEqual([0, 1, 2]);
    const at = uninterrupted.findIndex((event) => event.type === 'train/checkpoint' && event.checkpoint.epoch === 1);
    expect(uninterrupted[at - 1]?.type).toBe('train/progress');
    expect(finishedEpochs(uninterrupted.slice(0, at))).toEqual([0, 1]);

    // In a fresh session, as after a crash: it trains the epochs after the checkpoint, to the same end.
    const resumed = await start(session(), { ...REQUEST, resume: checkpoints[1] as Checkpoint }).closed;
    expect(finishedEpochs(resumed)).toEqual([2, 3]);
    expect(last(resumed)).toMatchObject({ type: 'train/done', reason: 'completed' });
    expect(resumed.at(-1)).toEqual(uninterrupted.at(-1));
  });

  it('measures the trained model when asked: a wider one has more parameters and bytes, each a real latency', async () => {
    const trainer = session();
    const plain = await start(trainer, { ...REQUEST, settings: { ...REQUEST.settings, epochs: 1 } }).closed;
    expect(last(plain)).not.toHaveProperty('measures');

    const widened = (units: number) => ({
      ...REQUEST.graph,
      nodes: REQUEST.graph.nodes.map((node) =>
        node.id === 'dense_1' ? { ...node, params: { ...node.params, units } } : node,
      ),
    });
    const measuresOf = async (units: number) => {
      const request = {
        ...REQUEST,
        graph: widened(units),
        settings: { ...REQUEST.settings, epochs: 1 },
        measure: true,
      };
      const done = last(await start(trainer, request).closed);
      if (done.type !== 'train/done' || !done.measures) throw new Error(`no measures: ${JSON.stringify(done)}`);
      return done.measures;
    };
    const narrow = await measuresOf(4);
    const wide = await measuresOf(512);
    expect(narrow.params).toBe(4 * 4 + 4 + 4 * 3 + 3);
    expect(wide.params).toBeGreaterThan(narrow.params);
    expect(wide.float32Bytes).toBeGreaterThan(narrow.float32Bytes);
    expect(wide.uint8Bytes).toBeLessThan(wide.float32Bytes);
    for (const { latencyMs, backend } of [narrow, wide]) {
      expect(Number.isFinite(latencyMs) && latencyMs > 0).toBe(true);
      expect(backend).toBe('cpu');
    }
  });

  it('trains one fold of a cross-validation, saying how many folds were made; a fold that cannot be made fails in words', async () => {
    const trainer = session();
    const settings = { ...REQUEST.settings, epochs: 1 };
    const fold = await start(trainer, { ...REQUEST, settings, fold: { folds: 5, index: 4 } }).closed;
    expect(last(fold)).toMatchObject({ type: 'train/done', reason: 'completed', folds: { count: 5 } });
    // Iris's species have 50 rows each, 45 once the test split has its 10 %: 50 folds cannot all hold one of each.
    const beyond = await start(trainer, { ...REQUEST, settings, fold: { folds: 50, index: 49 } }).closed;
    expect(last(beyond)).toMatchObject({
      type: 'train/error',
      message: expect.stringMatching(
        /^Fold 50 of 50 cannot be made: 45 folds instead of 50: the class "setosa" has only 45 rows/,
      ),
    });
  });

  it('ends a run it cannot train with one train/error that says why', async () => {
    const trainer = session();
    const noTarget = await start(trainer, { ...REQUEST, data: { ...DATA, target: null } }).closed;
    expect(noTarget).toEqual([
      { type: 'train/error', runId: 'run-1', message: 'Choose a dataset and a target column first.' },
    ]);
    const gone = await start(trainer, { ...REQUEST, data: { ...DATA, datasetId: 'gone' } }).closed;
    expect(last(gone)).toMatchObject({
      message: 'The dataset is no longer stored in this browser; import it again.',
    });
    const noImport = await start(trainer, { ...REQUEST, startFrom: 'never-imported' }).closed;
    expect(last(noImport)).toMatchObject({
      type: 'train/error',
      message: 'The imported model is no longer loaded, so there are no weights to start from: import it again.',
    });
    const broken = session({ getDataset: () => Promise.reject(new Error('the disk went away')) });
    expect(await start(broken, REQUEST).closed).toEqual([
      { type: 'train/error', runId: 'run-1', message: 'Training failed unexpectedly: the disk went away' },
    ]);
    expect(await broken.sweepData(DATA)).toEqual({
      ok: false,
      error: "Writing the sweep's data failed unexpectedly: the disk went away",
    });
  });

  it('refuses what needs a model before there is one, and what would lose it while a run is in progress', async () => {
    const trainer = session();
    const noModel = { ok: false, error: 'Train a model first.' };
    expect(await trainer.predict({ kind: 'row', raw: ROW })).toEqual(noModel);
    expect(await trainer.predictTable({ text: '1,2,3,4', columns: [] })).toEqual(noModel);
    expect(await trainer.exportModel(TFJS_FILES)).toEqual(noModel);
    expect(await trainer.exportModelCard(TFJS_FILES)).toEqual(noModel);
    expect(await trainer.previewExport(TFJS_FILES)).toEqual(noModel);
    expect(await trainer.evaluate('test')).toEqual(noModel);

    await start(trainer, REQUEST).closed;
    const run = start(trainer, { ...REQUEST, runId: 'run-2', startPaused: true });
    await waitFor(() => run.events.some((event) => event.type === 'train/paused'));
    const exporting = { ok: false, error: 'A run is in progress; export when it has ended.' };
    expect(await trainer.exportModel(TFJS_FILES)).toEqual(exporting);
    expect(await trainer.exportModelCard(TFJS_FILES)).toEqual(exporting);
    expect(await trainer.previewExport(TFJS_FILES)).toEqual(exporting);
    expect(await trainer.evaluate('test')).toEqual({
      ok: false,
      error: 'A run is in progress; evaluate when it has ended.',
    });
    expect(await trainer.importModel({} as never)).toEqual({
      ok: false,
      error: 'A run is in progress; import a model when it has ended.',
    });
    // The last run's model still predicts while the next one trains.
    expect((await trainer.predict({ kind: 'row', raw: ROW })).ok).toBe(true);
    trainer.stop();
    await run.closed;
  });

  it('exports its model with the files handed over, and a fresh session imports it, predicts the same, and fine-tunes from it', async () => {
    const handedOver: Transferable[][] = [];
    const trainer = session({ transfer: (value, buffers) => (handedOver.push(buffers), value) });
    await start(trainer, REQUEST).closed;
    const exported = await trainer.exportModel(TFJS_FILES);
    if (!exported.ok) throw new Error(exported.error);
    const buffers = exported.value.files.map((file) => file.bytes.buffer);
    expect(handedOver).toEqual([buffers]);

    const importer = session();
    const info = await importer.importModel(importRequest(exported.value.files));
    expect(info.ok && info.value.notUsable).toBeUndefined();
    expect(await importer.predict({ kind: 'row', raw: ROW })).toEqual(await trainer.predict({ kind: 'row', raw: ROW }));
    const evaluation = await importer.evaluate('test');
    expect(evaluation.ok && evaluation.value.runId).toBe('imported');

    const tuned = await start(importer, { ...REQUEST, runId: 'tuned', startFrom: 'imported' }).closed;
    expect(last(tuned)).toMatchObject({ type: 'train/done', reason: 'completed' });

    const data = await trainer.sweepData(DATA);
    expect(data.ok && data.value.file.name).toBe(SWEEP_DATA_FILE);
    expect(data.ok && data.value.trainRows + data.value.validationRows).toBeLessThanOrEqual(150);
  });

  it('keeps the trained model as files with train/done when asked, which a fresh session imports and predicts with as trained', async () => {
    const trainer = session();
    const plain = await start(trainer, { ...REQUEST, settings: { ...REQUEST.settings, epochs: 1 } }).closed;
    expect(last(plain)).not.toHaveProperty('model');

    const done = last(await start(trainer, { ...REQUEST, keepModel: true }).closed);
    if (done.type !== 'train/done' || !done.model) throw new Error(`no model: ${JSON.stringify(done)}`);
    expect(done.model.map((file) => file.name)).toEqual(expect.arrayContaining(['model.json', 'metadata.json']));
    // An Auto candidate is kept so: no model may be measured on the test split before the final report.
    const metadata = JSON.parse(new TextDecoder().decode(done.model.find((f) => f.name === 'metadata.json')!.bytes));
    expect(metadata.metrics.test.value).toEqual({ value: null, undefinedBecause: TEST_UNTOUCHED });

    const importer = session();
    const info = await importer.importModel(importRequest(done.model));
    expect(info.ok && info.value.notUsable).toBeUndefined();
    expect(await importer.predict({ kind: 'row', raw: ROW })).toEqual(await trainer.predict({ kind: 'row', raw: ROW }));
  });

  it('finds a learning rate on a model of its own, reporting its steps, never beside a run', async () => {
    const trainer = session();
    await start(trainer, REQUEST).closed;
    const predicted = await trainer.predict({ kind: 'row', raw: ROW });
    const progress: LrRangeProgress[] = [];
    const found = await trainer.findLearningRate(RANGE_TEST, (at) => progress.push(at));
    if (!found.ok) throw new Error(found.error);
    expect(found.value.losses).toHaveLength(found.value.rates.length);
    expect(progress[0]).toEqual({ step: 1, steps: RANGE_TEST.range.steps });
    expect(progress.map(({ step }) => step)).toEqual([...progress.map(({ step }) => step)].sort((a, b) => a - b));
    // The trained model is still the one held.
    expect(await trainer.predict({ kind: 'row', raw: ROW })).toEqual(predicted);

    const run = start(trainer, { ...REQUEST, runId: 'run-2', startPaused: true });
    await waitFor(() => run.events.some((event) => event.type === 'train/paused'));
    expect(await trainer.findLearningRate(RANGE_TEST, () => {})).toEqual({
      ok: false,
      error: 'A run is in progress; find the learning rate when it has ended.',
    });
    trainer.stop();
    await run.closed;

    const stopped = trainer.findLearningRate(RANGE_TEST, () => trainer.stopFindingLearningRate());
    expect(await start(trainer, { ...REQUEST, runId: 'run-3' }).closed).toEqual([
      {
        type: 'train/error',
        runId: 'run-3',
        message: 'The learning-rate finder is running; cancel it or wait for it to end.',
      },
    ]);
    expect(await stopped).toEqual({ ok: false, error: 'The learning-rate test was stopped.' });
  });
});

describe('a training session ranking features', () => {
  it('ranks the columns of the stored table, its last progress at the last step, while a run waits', async () => {
    const trainer = session();
    const progress: RankingProgress[] = [];
    const ranking = trainer.rankFeatures(DATA, 'cpu', (report) => progress.push(report));
    expect(await start(trainer, { ...REQUEST, runId: 'run-1' }).closed).toEqual([
      { type: 'train/error', runId: 'run-1', message: 'The features are being ranked; wait for the ranking to end.' },
    ]);
    const ranked = await ranking;
    if (!ranked.ok) throw new Error(ranked.error);
    expect(ranked.value).toMatchObject({
      datasetId: iris.meta.id,
      target: 'species',
      rows: iris.meta.rowCount,
      split: rankingSplit(DATA),
      score: 'accuracy',
    });
    expect(ranked.value.features.map((f) => f.name).sort()).toEqual(Object.keys(ROW).sort());
    expect(progress.at(-1)).toEqual({ done: 5, steps: 5 });
  });
});

/** A short range test: the session's part is the data, the guards and the progress, not the curve. */
const RANGE_TEST = { ...REQUEST, range: { min: 1e-4, max: 1, steps: 12 } };

const TFJS_FILES = { format: 'tfjs', packaging: 'files', precision: 'float32', sparsity: 0 } as const;

/** The exported files as the studio's import sends them: model.json's text, the weights in the manifest's order, metadata.json. */
function importRequest(files: readonly ExportFile[]) {
  const text = (name: string) => new TextDecoder().decode(files.find((file) => file.name === name)!.bytes);
  const parsed = parseModelJson(text('model.json'));
  if (!parsed.ok) throw new Error(parsed.error);
  const paths = checkWeightFiles(
    parsed.value.weightsManifest,
    new Map(files.map((file) => [file.name, file.bytes.byteLength])),
  );
  if (!paths.ok) throw new Error(paths.error);
  return {
    runId: 'imported',
    modelJson: text('model.json'),
    weights: paths.value.map((path) => files.find((file) => file.name === path)!.bytes.slice().buffer),
    metadata: text('metadata.json'),
    graph: REQUEST.graph,
    data: DATA,
    settings: REQUEST.settings,
  };
}

/** Resolves once `done()` holds, polling while training goes on. */
async function waitFor(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
}
