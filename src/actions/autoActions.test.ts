import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { deleteRuns, loadRunWeights, loadSweepJournal } from '../data/storage';
import type { ModelMeasures } from '../model/measures';
import type { ModelImportRequest } from '../model/modelImport';
import type { TrainRequest } from '../model/run';
import { formatMetric } from '../model/format';
import type { DataContext } from '../model/task';
import { candidateLabel, candidateParamCount, proposedLearningRates } from '../sweep/auto/autoSpace';
import { candidateModelKey, KEPT_CANDIDATE_MODELS } from '../sweep/auto/candidateModels';
import { distillStepNote } from '../sweep/auto/distillStep';
import { candidates, compareFinalists } from '../sweep/auto/leaderboard';
import { irisStudioStores } from '../test/irisStudio';
import { keptModelFiles } from '../test/keptModelFiles';
import { testWorkers } from '../test/testWorkers';
import type { TrialPool } from '../workers/trialPool';
import type { LrRangeRequest } from '../sweep/lrRange';
import { irisRanking } from '../test/irisRanking';
import { ActionManager } from './index';
import type { StudioWorkers } from './types';

const MEASURES: ModelMeasures = { params: 67, float32Bytes: 2500, uint8Bytes: 1100, latencyMs: 0.3, backend: 'cpu' };

/** What a run of the pool logs as val_acc; `undefined` holds the run until it is stopped. */
type ValueOf = (request: TrainRequest, started: number) => number | undefined;

/**
 * A trial pool whose every trial ends, a moment after it starts, with the val_acc `valueOf` gives (0.9 unless
 * said otherwise), the measures it was asked for, and for a fold run, the folds asked for.
 */
function measuringPool(trials: TrainRequest[], valueOf: ValueOf): () => TrialPool {
  return () => ({
    train: (request, onEvent) => {
      trials.push(request);
      const value = valueOf(request, trials.length);
      let stop = () => undefined as void;
      const finished = new Promise<void>((resolve) => {
        stop = resolve;
        if (value === undefined) return;
        setTimeout(() => {
          const logs = { loss: 0.5, val_acc: value };
          const progress = { epoch: 0, epochs: 1, batch: 0, batchesPerEpoch: 1, samples: 1, elapsedMs: 1 };
          onEvent({ type: 'train/progress', runId: request.runId, ...progress, finishedEpochs: [{ epoch: 0, logs }] });
          onEvent({
            type: 'train/done',
            runId: request.runId,
            reason: 'completed',
            epochsRun: 1,
            logs: { val_acc: value },
            ...(request.measure ? { measures: MEASURES } : {}),
            ...(request.fold ? { folds: { count: request.fold.folds } } : {}),
            ...(request.keepModel ? { model: keptModelFiles(trials.length) } : {}),
          });
          resolve();
        }, 5);
      });
      return { finished, stop: () => stop() };
    },
    dispose: () => undefined,
  });
}

/**
 * A range test that proposes 0.0032 for a model without skip connections (the MLP) and finds that a ResNet-mini's
 * loss never falls; the requests are recorded.
 */
function rangeTest(tested: LrRangeRequest[]): StudioWorkers['findLearningRate'] {
  return async (request) => {
    tested.push(request);
    const flat = request.graph.nodes.some((node) => node.type === 'Add');
    return {
      ok: true,
      value: {
        rates: [0.001, 0.01],
        losses: [1, 1],
        proposal: flat
          ? { ok: false, error: 'The loss did not fall at any rate from 1e-6 to 10.' }
          : { ok: true, value: { rate: 0.0032, smoothed: [1, 0.5] } },
      },
    };
  };
}

/** A studio on Iris whose trial pool measures every candidate, and whose training worker records its runs and range tests. */
function studio(valueOf: ValueOf = () => 0.9) {
  const stores = irisStudioStores();
  const trials: TrainRequest[] = [];
  const trained: TrainRequest[] = [];
  const imported: ModelImportRequest[] = [];
  const tested: LrRangeRequest[] = [];
  const workers = testWorkers({
    createTrialPool: measuringPool(trials, valueOf),
    train: async (request) => void trained.push(request),
    importModel: async (request) => {
      imported.push(request);
      return { ok: true, value: { layerShapes: {} } };
    },
    findLearningRate: rangeTest(tested),
  });
  return { stores, trials, trained, imported, tested, actions: new ActionManager({ ...stores, workers }) };
}

it('refuses settings that cannot start a search in a sentence, keeping the ones it had', async () => {
  const { stores, actions } = studio();
  await actions.perform('setAutoSettings', { minutes: 1, parallel: 2, seed: 1, limits: { maxKb: 50 }, aim: 'metric' });
  await actions.perform('setAutoSettings', { minutes: 0, parallel: 2, seed: 1, limits: {}, aim: 'metric' });
  expect(stores.auto.getState().settingsProblem).toBe('The time budget must be above 0 minutes; it is 0.');
  expect(stores.project.getState().project.auto).toEqual({
    minutes: 1,
    parallel: 2,
    seed: 1,
    limits: { maxKb: 50 },
    aim: 'metric',
  });
});

it('keeps the settings in the project, each change one undo step', async () => {
  const { stores, actions } = studio();
  await actions.perform('setAutoSettings', { minutes: 10, parallel: 2, seed: 1, limits: {}, aim: 'metric' });
  await actions.perform('setAutoSettings', {
    minutes: 10,
    parallel: 2,
    seed: 1,
    limits: { maxParams: 500 },
    aim: 'trade-off',
  });
  expect(stores.project.getState().project.auto).toMatchObject({ limits: { maxParams: 500 }, aim: 'trade-off' });
  await actions.perform('undo');
  expect(stores.project.getState().project.auto).toEqual({
    minutes: 10,
    parallel: 2,
    seed: 1,
    limits: {},
    aim: 'metric',
  });
  expect(stores.auto.getState().settingsProblem).toBeNull();
});

it('searches in a study of its own, each candidate measured; Stop keeps what finished, and a reload brings it back', async () => {
  const { stores, trials, actions } = studio();
  await actions.perform('setAutoSettings', { minutes: 1, parallel: 2, seed: 7, limits: {}, aim: 'metric' });
  const searching = actions.perform('startAuto');
  await vi.waitFor(
    () =>
      expect(stores.auto.getState().study?.trials.filter((t) => t.state === 'complete').length).toBeGreaterThanOrEqual(
        2,
      ),
    { timeout: 10_000 },
  );
  expect(actions.can('setAutoSettings')).toMatch(/keeps the settings it started with/);
  await actions.perform('stopAuto');
  await searching;

  const study = stores.auto.getState().study!;
  expect(study.config).toMatchObject({ sampler: 'tpe', pruner: 'asha', seed: 7, budget: { minutes: 1 }, parallel: 2 });
  expect(study.config.objective).toEqual({ metric: 'val_acc', direction: 'maximize' });
  expect(trials.filter((t) => !t.fold).every((t) => t.measure === true)).toBe(true);
  const complete = study.trials.filter((t) => t.state === 'complete');
  expect(complete.every((t) => t.value === 0.9 && t.attrs?.float32Bytes === 2500 && t.attrs?.latencyMs === 0.3)).toBe(
    true,
  );
  // The person's sweep is untouched, in the store and in storage.
  expect(stores.sweep.getState().study).toBeNull();
  expect(await loadSweepJournal()).toBeUndefined();

  const reloaded = studio();
  await reloaded.actions.perform('restoreAuto', await loadSweepJournal('auto'));
  expect(reloaded.stores.auto.getState().study?.trials.filter((t) => t.state === 'complete')).toEqual(complete);
  expect(reloaded.trials).toEqual([]);
});

it('finds each family’s learning rate before searching, and searches each around its own; a family with none keeps the shared range', async () => {
  const { stores, trials, tested, actions } = studio();
  const searching = actions.perform('startAuto');
  await vi.waitFor(() => expect(stores.auto.getState().study?.trials.length).toBeGreaterThanOrEqual(4), {
    timeout: 10_000,
  });
  await actions.perform('stopAuto');
  await searching;
  // One range test per family Iris offers, each on the family's model.
  expect(tested.map((request) => request.graph.nodes.some((node) => node.type === 'Add'))).toEqual([false, true]);
  expect(proposedLearningRates(stores.auto.getState().study!.config.space)).toEqual({ mlp: 0.0032 });
  const rates = (resnet: boolean) =>
    trials
      .filter((request) => request.graph.nodes.some((node) => node.type === 'Add') === resnet)
      .map((request) => request.settings.learningRate);
  expect(Math.min(...rates(false))).toBeGreaterThanOrEqual(0.00032);
  expect(Math.max(...rates(false))).toBeLessThanOrEqual(0.0096);
  expect(Math.min(...rates(true))).toBeGreaterThanOrEqual(3e-4);
  expect(Math.max(...rates(true))).toBeLessThanOrEqual(3e-2);
  expect(stores.auto.getState().rateFinding).toEqual({
    status: 'done',
    notFound: ['ResNet-mini keeps the shared range: the loss did not fall at any rate from 1e-6 to 10.'],
  });
});

it('keeps the trade-off aim in its journal, so a reload goes on searching for the front', async () => {
  const { stores, actions } = studio();
  await actions.perform('setAutoSettings', { minutes: 1, parallel: 2, seed: 7, limits: {}, aim: 'trade-off' });
  const searching = actions.perform('startAuto');
  await vi.waitFor(() => expect(stores.auto.getState().study?.trials.length).toBeGreaterThanOrEqual(2), {
    timeout: 10_000,
  });
  await actions.perform('stopAuto');
  await searching;
  expect(stores.auto.getState().study!.config.aim).toBe('trade-off');
  const reloaded = studio();
  await reloaded.actions.perform('restoreAuto', await loadSweepJournal('auto'));
  expect(reloaded.stores.auto.getState().study!.config.aim).toBe('trade-off');
});

it('puts a finished candidate on the canvas with the weights its trial trained, as one undo step: the current run, kept, with no training', async () => {
  const searched = studio();
  const { stores, trained, imported, actions } = searched;
  expect(actions.can('useAutoCandidate')).toBe('No candidate has finished yet.');
  await searchAndStop(searched, 1);
  const before = stores.project.getState().project;
  const candidate = stores.auto.getState().study!.trials.find((t) => t.state === 'complete')!;
  expect(candidate.attrs?.['curve.loss']).toEqual([0.5]);
  await actions.perform('useAutoCandidate', candidate.number);

  const used = stores.project.getState().project;
  expect(used.graph).not.toEqual(before.graph);
  expect(used.data).toEqual(before.data);
  expect(trained).toEqual([]);
  const kept = await loadRunWeights(String(candidate.attrs?.modelKey));
  expect(imported).toHaveLength(1);
  expect(imported[0]).toMatchObject({ graph: used.graph, data: used.data, settings: used.training });
  expect(imported[0]!.weights.map((buffer) => [...new Uint8Array(buffer)])).toEqual([[...kept![1]!.bytes]]);
  const run = stores.runs.getState().run!;
  expect(run).toMatchObject({ id: imported[0]!.runId, status: 'completed' });
  expect(run.history).toEqual([{ epoch: 0, logs: { loss: 0.5, val_acc: 0.9 } }]);
  expect(actions.can('evaluate')).toBe(true);
  const listed = stores.archive.getState().runs!.find((r) => r.id === run.id)!;
  expect(listed).toMatchObject({ status: 'completed', weights: { kept: true }, project: { graph: used.graph } });
  expect(listed.name).toBe(
    `Run ${listed.number} · Auto candidate ${candidate.number} (${candidateLabel(candidate.params)})`,
  );
  expect(await loadRunWeights(run.id)).toEqual(kept);
  expect(stores.session.getState().notice?.text).toMatch(
    /^Put candidate \d+ \(.+, val_acc 0\.900\) on the canvas with the weights it trained, kept as Run \d+/,
  );
  await actions.perform('undo');
  expect(stores.project.getState().project.graph).toEqual(before.graph);
});

it('trains a candidate again with the same settings and seed when its weights are no longer kept, saying so', async () => {
  const searched = studio();
  const { stores, trained, imported, actions } = searched;
  await searchAndStop(searched, 1);
  const candidate = stores.auto.getState().study!.trials.find((t) => t.state === 'complete')!;
  await deleteRuns([String(candidate.attrs?.modelKey)]);
  await actions.perform('useAutoCandidate', candidate.number);
  const used = stores.project.getState().project;
  expect(imported).toEqual([]);
  expect(trained).toHaveLength(1);
  expect(trained[0]!.graph).toEqual(used.graph);
  expect(trained[0]!.settings).toEqual(used.training);
  expect(stores.session.getState().notice?.text).toMatch(
    /Its trained weights are no longer kept \(only the 10 best candidates’ are\), so it trains again with the same settings and seed/,
  );
});

it('keeps the models of the best candidates only, and a new search drops the last one’s', async () => {
  const searched = studio((_, started) => started / 100);
  const { stores } = searched;
  await searchAndStop(searched, 12);
  const keys = stores.auto.getState().study!.trials.flatMap((t) => (t.attrs?.modelKey as string | undefined) ?? []);
  const stored = await Promise.all(keys.map((key) => loadRunWeights(key)));
  expect(stored.filter(Boolean).length).toBeLessThanOrEqual(KEPT_CANDIDATE_MODELS + 1);
  expect(stored.filter(Boolean).length).toBeGreaterThan(0);
  await searchAndStop(searched, 1);
  expect(await Promise.all(keys.map((key) => loadRunWeights(key)))).toEqual(keys.map(() => undefined));
});

it('searches how many of the ranked columns to keep once the features are ranked, each candidate training on its own', async () => {
  const { stores, trials, actions } = studio();
  const order = ['petal_width', 'petal_length', 'sepal_length', 'sepal_width'];
  const { data } = stores.project.getState().project;
  stores.project.getState().replaceProject({
    ...stores.project.getState().project,
    featureRanking: irisRanking(
      order.map((name, i) => ({ name, mean: 0.4 - i / 10, sd: 0.01 })),
      data,
    ),
  });
  const searching = actions.perform('startAuto');
  await vi.waitFor(
    () =>
      expect(stores.auto.getState().study?.trials.filter((t) => t.state === 'complete').length).toBeGreaterThanOrEqual(
        6,
      ),
    { timeout: 10_000 },
  );
  await actions.perform('stopAuto');
  await searching;
  const study = stores.auto.getState().study!;
  expect(study.config.featureOrder).toEqual(order);
  const kept = (columns: readonly { name: string; use?: string }[]) =>
    4 - columns.filter((c) => c.use === 'ignore' && order.includes(c.name)).length;
  const keptByTrial = study.trials.map((t) => t.params['auto.keepFeatures']);
  const keptByRequest = trials.filter((t) => !t.fold).map((t) => kept(t.data.columns));
  expect(keptByTrial.every((k) => k === 4 || k === 2 || k === 1)).toBe(true);
  expect(new Set(keptByTrial).size).toBeGreaterThan(1);
  expect([...keptByRequest].sort()).toEqual([...keptByTrial].sort());
  // What a candidate leaves out is the bottom of the ranking.
  for (const request of trials)
    expect(request.data.columns.filter((c) => c.use === 'ignore').map((c) => c.name)).toEqual(
      order.slice(kept(request.data.columns)),
    );
});

/** Runs a search until `finished` candidates have, then stops it and waits for the finalists' cross-validation. */
async function searchAndStop({ stores, actions }: ReturnType<typeof studio>, finished: number) {
  // A search begins once its learning rates are found: till then the last one's study is shown.
  const last = stores.auto.getState().study;
  const searching = actions.perform('startAuto');
  await vi.waitFor(
    () => {
      const { study } = stores.auto.getState();
      expect(study).not.toBe(last);
      expect(study?.trials.filter((t) => t.state === 'complete').length).toBeGreaterThanOrEqual(finished);
    },
    { timeout: 10_000 },
  );
  await actions.perform('stopAuto');
  return searching;
}

describe('the finalists’ cross-validation once a search ends', () => {
  const FOLD_SCORES = [0.8, 0.82, 0.84, 0.86, 0.88];

  it('cross-validates the two best candidates on 5 folds, keeps their scores through a reload, and compares them', async () => {
    // Each candidate scores better than the one before; on the folds, both finalists score alike.
    const app = studio((request, started) => (request.fold ? FOLD_SCORES[request.fold.index] : 0.5 + started / 100));
    const { stores, trials } = app;
    await searchAndStop(app, 3);

    const study = stores.auto.getState().study!;
    const best = study.trials
      .filter((t) => t.state === 'complete')
      .sort((a, b) => b.value! - a.value!)
      .slice(0, 2)
      .map((t) => t.number);
    const checked = study.trials.filter((t) => t.attrs?.cvFolds !== undefined);
    expect(checked.map((t) => t.number).sort()).toEqual([...best].sort());
    checked.forEach((t) => expect(t.attrs?.cvFolds).toEqual(FOLD_SCORES));
    const foldRuns = trials.filter((t) => t.fold);
    expect(foldRuns.map((t) => t.fold!.folds)).toEqual(Array(10).fill(5));
    expect(foldRuns.map((t) => t.fold!.index).sort()).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    expect(stores.auto.getState().finalists).toEqual({ status: 'done' });

    const ranked = candidates(study.trials, 'maximize', candidateLabel);
    expect(ranked[0]!.cv?.folds).toEqual(FOLD_SCORES);
    expect(ranked[0]!.cv?.mean).toBeCloseTo(0.84, 12);
    const sentence = compareFinalists(ranked[0]!, ranked[1]!, study.config.objective);
    expect(sentence?.startsWith(`${ranked[0]!.label} (candidate ${best[0]}) and `)).toBe(true);
    expect(sentence).toContain('are practically equivalent');

    const reloaded = studio();
    await reloaded.actions.perform('restoreAuto', await loadSweepJournal('auto'));
    expect(reloaded.stores.auto.getState().study?.trials.filter((t) => t.attrs?.cvFolds)).toEqual(checked);
  });

  it('skips data sets too large to train each finalist five times, saying so', async () => {
    const app = studio();
    const meta = app.stores.session.getState().datasets['sample:iris']!;
    app.stores.session.getState().putDataset({ ...meta, rowCount: 6000 });
    await searchAndStop(app, 2);
    expect(app.trials.filter((t) => t.fold)).toEqual([]);
    expect(app.stores.auto.getState().finalists).toEqual({
      status: 'skipped',
      reason:
        'The finalists were not cross-validated: the data has 6,000 rows, and 5-fold cross-validation is offered for up to 5,000; the validation split is estimate enough.',
    });
  });

  it('goes on after a reload during it, from the journal: the finalists with no scores are cross-validated then', async () => {
    const app = studio((request) => (request.fold ? undefined : 0.9));
    const searching = searchAndStop(app, 2);
    await vi.waitFor(() =>
      expect(app.stores.auto.getState().finalists).toEqual({ status: 'running', ended: 0, folds: 10 }),
    );
    // The page reloads: what storage holds now is what the new page reads.
    const stored = await loadSweepJournal('auto');
    const reloaded = studio((request) => (request.fold ? FOLD_SCORES[request.fold.index] : 0.9));
    await reloaded.actions.perform('restoreAuto', stored);
    const foldRuns = reloaded.trials.filter((t) => t.fold);
    expect(foldRuns).toHaveLength(10);
    expect(reloaded.trials.filter((t) => !t.fold)).toEqual([]);
    expect(reloaded.stores.auto.getState().finalists).toEqual({ status: 'done' });
    const checked = reloaded.stores.auto.getState().study!.trials.filter((t) => t.attrs?.cvFolds);
    expect(checked.map((t) => t.attrs?.cvFolds)).toEqual([FOLD_SCORES, FOLD_SCORES]);

    // Reloaded again, the scores are in the journal: nothing trains.
    const again = studio();
    await again.actions.perform('restoreAuto', await loadSweepJournal('auto'));
    expect(again.trials).toEqual([]);
    expect(again.stores.auto.getState().finalists).toEqual({ status: 'done' });
    await app.actions.perform('stopAuto');
    await searching;
  });

  it('shows the folds ended while it runs, and Stop search stops it, keeping no partial scores', async () => {
    const app = studio((request) => (request.fold ? undefined : 0.9));
    const { stores, actions } = app;
    const searching = searchAndStop(app, 2);
    await vi.waitFor(() =>
      expect(stores.auto.getState().finalists).toEqual({ status: 'running', ended: 0, folds: 10 }),
    );
    expect(actions.can('startAuto')).toMatch(/finalists are being cross-validated/);
    await actions.perform('stopAuto');
    await searching;
    expect(stores.auto.getState().finalists).toEqual({
      status: 'skipped',
      reason: 'The finalists were not cross-validated: cross-validation was stopped.',
    });
    expect(stores.auto.getState().study!.trials.some((t) => t.attrs?.cvFolds)).toBe(false);
    expect(actions.can('startAuto')).toBe(true);

    // A reload does not start again what the person stopped.
    const reloaded = studio();
    await reloaded.actions.perform('restoreAuto', await loadSweepJournal('auto'));
    expect(reloaded.trials).toEqual([]);
    expect(reloaded.stores.auto.getState().finalists).toEqual({
      status: 'skipped',
      reason: 'The finalists were not cross-validated: cross-validation was stopped.',
    });
  });
});

describe('Auto’s last step: distilling the best when the limits ask for it', () => {
  const IRIS: DataContext = { inputShape: [4], task: 'multiclass', labels: ['setosa', 'versicolor', 'virginica'] };
  // Every candidate measures 67 parameters: none meets a limit of 50, and each scores better than the one before.
  const valueOf: ValueOf = (request, started) => (request.distill ? 0.8 : request.fold ? 0.85 : 0.5 + started / 100);
  const LIMITED = { minutes: 1, parallel: 2, seed: 7, limits: { maxParams: 50 }, aim: 'metric' } as const;

  it('distils the best candidate into a student within the limit, a candidate with its measures and kept model, through a reload', async () => {
    const app = studio(valueOf);
    await app.actions.perform('setAutoSettings', LIMITED);
    await await searchAndStop(app, 3);

    const study = app.stores.auto.getState().study!;
    const best = candidates(study.trials, 'maximize', candidateLabel).find((c) => !c.trial.followUp)!;
    const student = study.trials.find((t) => t.followUp)!;
    expect(student).toMatchObject({
      number: study.trials.length - 1,
      state: 'complete',
      value: 0.8,
      params: { 'auto.distilledFrom': best.trial.number, 'auto.studentMaxParams': 50 },
      attrs: { params: MEASURES.params, latencyMs: MEASURES.latencyMs },
    });
    expect(candidateParamCount(IRIS, student.params)).toBeLessThanOrEqual(50);
    const request = app.trials.find((t) => t.distill)!;
    expect(request.teacher?.runId).toBe(candidateModelKey(best.trial));
    expect(request).toMatchObject({ measure: true, keepModel: true, settings: { schedule: 'cosine' } });
    expect(await loadRunWeights(candidateModelKey(student)!)).toBeDefined();

    const ranked = candidates(study.trials, 'maximize', candidateLabel);
    expect(ranked.find((c) => c.trial.followUp)?.label).toBe(
      `${best.label.split(' · ')[0]} (distilled from candidate ${best.trial.number})`,
    );
    const note = distillStepNote(ranked, LIMITED.limits, study.config.objective, null);
    expect(note).toContain(`The best candidate (67 params) breaks the 50-parameter limit`);
    expect(note).toContain(`val_acc 0.800 vs teacher ${formatMetric(best.trial.value!)}`);
    // Only once per search, and never among the finalists cross-validated before it.
    expect(app.trials.filter((t) => t.distill)).toHaveLength(1);

    const reloaded = studio(valueOf);
    await reloaded.actions.perform('restoreAuto', await loadSweepJournal('auto'));
    expect(reloaded.stores.auto.getState().study?.trials.at(-1)).toEqual(student);
    expect(reloaded.trials).toEqual([]);
  });

  it('distils the student again from the start when a reload interrupted it', async () => {
    const app = studio((request, started) => (request.distill ? undefined : valueOf(request, started)));
    await app.actions.perform('setAutoSettings', LIMITED);
    void searchAndStop(app, 2);
    await vi.waitFor(() => expect(app.stores.auto.getState().study?.trials.some((t) => t.followUp)).toBe(true), {
      timeout: 10_000,
    });
    expect(app.actions.can('startAuto')).toMatch(/being distilled/);
    const journal = await loadSweepJournal('auto');

    const reloaded = studio(valueOf);
    await reloaded.actions.perform('restoreAuto', journal);
    expect(reloaded.trials.map((t) => Boolean(t.distill))).toEqual([true]);
    expect(reloaded.stores.auto.getState().study?.trials.at(-1)).toMatchObject({
      followUp: true,
      state: 'complete',
      value: 0.8,
    });
  });

  it('distils nothing without limits, or when a candidate within them scores close to the best, and says why', async () => {
    const app = studio(() => 0.9);
    await app.actions.perform('setAutoSettings', { ...LIMITED, limits: { maxParams: 100 } });
    await await searchAndStop(app, 2);
    expect(app.trials.filter((t) => t.distill)).toEqual([]);
    const study = app.stores.auto.getState().study!;
    const ranked = candidates(study.trials, 'maximize', candidateLabel);
    expect(distillStepNote(ranked, { maxParams: 100 }, study.config.objective, null)).toBe(
      'The best candidate meets the limits: nothing to distil.',
    );
    expect(distillStepNote(ranked, {}, study.config.objective, null)).toMatch(/No limits are set/);
  });
});
