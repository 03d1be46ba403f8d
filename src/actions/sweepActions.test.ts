import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { TrainRequest } from '../model/run';
import type { StudioStores } from '../state/StudioProvider';
import { irisStudioStores } from '../test/irisStudio';
import { LEARNING_RATE_SWEEP } from '../test/sweepConfig';
import { holdingTrialPool, testWorkers } from '../test/testWorkers';
import { ActionManager } from './index';

/** A studio on Iris whose training worker records what it is asked to train. */
function studio() {
  const stores = irisStudioStores();
  const trained: TrainRequest[] = [];
  const workers = testWorkers({
    train: async (request) => void trained.push(request),
  });
  return { stores, trained, actions: new ActionManager({ ...stores, workers }) };
}

/** A studio whose trial pool holds each trial until the test stops the sweep. */
function sweepingStudio() {
  const { stores } = studio();
  const trials: TrainRequest[] = [];
  return {
    stores,
    trials,
    actions: new ActionManager({ ...stores, workers: testWorkers({ createTrialPool: holdingTrialPool(trials) }) }),
  };
}

describe('the sweep settings', () => {
  it('are part of the project: changed as one undoable edit each', async () => {
    const { stores, actions } = studio();
    expect(stores.project.getState().project.sweep).toBeNull();
    await actions.perform('setSweepSettings', LEARNING_RATE_SWEEP);
    expect(stores.project.getState().project.sweep).toEqual(LEARNING_RATE_SWEEP);
    await actions.perform('undo');
    expect(stores.project.getState().project.sweep).toBeNull();
  });

  it('run as the project holds them, and cannot change while their sweep runs', async () => {
    const { stores, actions, trials } = sweepingStudio();
    await actions.perform('setSweepSettings', {
      ...LEARNING_RATE_SWEEP,
      objective: { metric: 'val_acc', direction: 'maximize' },
      budget: { trials: 12 },
    });
    const sweeping = actions.perform('startSweep');
    await vi.waitFor(() => expect(trials).toHaveLength(1));
    expect(stores.sweep.getState().study?.config).toEqual(stores.project.getState().project.sweep);
    expect(actions.can('setSweepSettings')).toBe(
      'The sweep in progress keeps the settings it started with; stop it to change them.',
    );
    await actions.perform('stopSweep');
    await sweeping;
    expect(actions.can('setSweepSettings')).toBe(true);
  });

  it('are proposed for a project without them, one worker per hardware thread but one, and kept in the project once they run', async () => {
    vi.stubGlobal('navigator', { hardwareConcurrency: 4 });
    try {
      const { stores, actions, trials } = sweepingStudio();
      const sweeping = actions.perform('startSweep');
      await vi.waitFor(() => expect(trials.length).toBeGreaterThan(0));
      const started = stores.sweep.getState().study!.config;
      expect(started.parallel).toBe(3);
      expect(started.space.map((p) => p.path)).toContain('training.learningRate');
      expect(stores.project.getState().project.sweep).toBe(started);
      await actions.perform('stopSweep');
      await sweeping;
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

/** Three trials: learning rates 0.05 (val_loss 0.9), 0.002 (0.3, the best) and 0.01 (pruned). */
function recordSweep(stores: StudioStores) {
  const sweep = stores.sweep.getState();
  sweep.begin({ type: 'created', at: 0, config: LEARNING_RATE_SWEEP });
  const trials = [0.05, 0.002, 0.01];
  trials.forEach((learningRate, number) =>
    sweep.record({ type: 'trial-asked', at: 1, number, params: { 'training.learningRate': learningRate } }),
  );
  sweep.record({ type: 'trial-completed', at: 2, number: 0, value: 0.9 });
  sweep.record({ type: 'trial-completed', at: 3, number: 1, value: 0.3 });
  sweep.record({ type: 'trial-reported', at: 3, number: 2, step: 1, value: 0.1 });
  sweep.record({ type: 'trial-pruned', at: 4, number: 2 });
}

describe('train best fully', () => {
  it('needs a finished trial', () => {
    const { actions } = studio();
    expect(actions.can('trainBestFully')).toBe('No trial has finished yet.');
  });

  it("applies the best trial's params, then trains them as a normal run and opens the Train view", async () => {
    const { stores, actions, trained } = studio();
    recordSweep(stores);
    expect(actions.can('trainBestFully')).toBe(true);
    await actions.perform('trainBestFully');
    expect(stores.project.getState().project.training.learningRate).toBe(0.002);
    expect(trained).toHaveLength(1);
    expect(trained[0]!.settings.learningRate).toBe(0.002);
    expect(stores.runs.getState().run?.id).toBe(trained[0]!.runId);
    expect(stores.session.getState().view).toBe('train');
  });

  it("names the applied values rounded, in the Train view's words, and applies them exactly", async () => {
    const { stores, actions } = studio();
    const sweep = stores.sweep.getState();
    const space = [
      { path: 'training.learningRate', domain: { type: 'float', low: 0.0001, high: 0.1, log: true } },
      { path: 'nodes.dense_1.params.units', domain: { type: 'int', low: 4, high: 64, log: true, step: 1 } },
    ] as const;
    sweep.begin({ type: 'created', at: 0, config: { ...LEARNING_RATE_SWEEP, space } });
    sweep.record({
      type: 'trial-asked',
      at: 1,
      number: 0,
      params: { 'training.learningRate': 0.0012345678, 'nodes.dense_1.params.units': 32 },
    });
    sweep.record({ type: 'trial-completed', at: 2, number: 0, value: 0.123456 });
    await actions.perform('applyBestTrial');
    expect(stores.project.getState().project.training.learningRate).toBe(0.0012345678);
    expect(stores.session.getState().notice?.text).toBe(
      "Applied trial 0's settings: Learning rate 0.00123, dense_1 · Units 32 (val_loss 0.123).",
    );
  });

  it('trains nothing when the best params no longer fit the project', async () => {
    const { stores, actions, trained } = studio();
    const sweep = stores.sweep.getState();
    sweep.begin({
      type: 'created',
      at: 0,
      config: {
        ...LEARNING_RATE_SWEEP,
        space: [{ path: 'nodes.gone.params.units', domain: { type: 'int', low: 1, high: 8, log: false, step: 1 } }],
      },
    });
    sweep.record({ type: 'trial-asked', at: 1, number: 0, params: { 'nodes.gone.params.units': 4 } });
    sweep.record({ type: 'trial-completed', at: 2, number: 0, value: 0.5 });
    const before = stores.project.getState().project;
    await actions.perform('trainBestFully');
    expect(trained).toHaveLength(0);
    expect(stores.project.getState().project).toBe(before);
    expect(stores.session.getState().notice).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('Could not apply trial 0'),
    });
  });
});

/** The trials file the exported Optuna script writes, for LEARNING_RATE_SWEEP's objective. */
function trialsFile(trials: readonly Record<string, unknown>[], study = 'cluster'): File {
  const document = {
    format: 'tensorloom-optuna-trials',
    version: 1,
    study_name: study,
    direction: 'minimize',
    metric: 'val_loss',
    trials: trials.map((trial) => ({
      value: null,
      intermediate_values: {},
      datetime_start: '2026-12-06T15:00:00+00:00',
      datetime_complete: '2026-12-06T15:01:00+00:00',
      ...trial,
    })),
  };
  return new File([JSON.stringify(document)], 'tensorloom_trials.json', { type: 'application/json' });
}

const lr = (value: number) => ({ 'training.learningRate': value });

describe('importing Optuna trials', () => {
  it('needs a sweep that has ended, whose settings the trials are checked against', async () => {
    const { actions } = studio();
    expect(actions.can('importOptunaTrials')).toBe('Start a sweep first: its settings say which trials fit it.');
    const running = sweepingStudio();
    const sweeping = running.actions.perform('startSweep');
    await vi.waitFor(() => expect(running.trials).toHaveLength(1));
    expect(running.actions.can('importOptunaTrials')).toBe(
      'Stop the sweep first: imported trials join a sweep that has ended.',
    );
    await running.actions.perform('stopSweep');
    await sweeping;
    expect(running.actions.can('importOptunaTrials')).toBe(true);
  });

  it("adds the study's finished trials after the sweep's own, marked, once, and Apply best takes the best of all", async () => {
    const { stores, actions } = studio();
    recordSweep(stores);
    const file = trialsFile([
      { number: 0, state: 'COMPLETE', params: lr(0.004), value: 0.2, intermediate_values: { '1': 0.5, '2': 0.2 } },
      { number: 1, state: 'PRUNED', params: lr(0.08), intermediate_values: { '1': 1.4 } },
      { number: 2, state: 'RUNNING', params: lr(0.001), datetime_complete: null },
    ]);
    await actions.perform('importOptunaTrials', file);
    const { trials } = stores.sweep.getState().study!;
    expect(trials.map((t) => [t.number, t.state, t.imported?.number])).toEqual([
      [0, 'complete', undefined],
      [1, 'complete', undefined],
      [2, 'pruned', undefined],
      [3, 'complete', 0],
      [4, 'pruned', 1],
    ]);
    expect(trials[3]).toMatchObject({ params: lr(0.004), value: 0.2, imported: { study: 'cluster' } });
    expect(trials[3]!.intermediate).toEqual([
      { step: 1, value: 0.5 },
      { step: 2, value: 0.2 },
    ]);
    expect(stores.session.getState().notice).toEqual(
      expect.objectContaining({
        kind: 'info',
        text: 'Imported 2 trials of the Optuna study "cluster": 1 complete, 1 pruned, 0 failed. The best of the sweep is now trial 3 (val_loss 0.200), from the study. 1 still running there were left out; import the file again once they end.',
      }),
    );

    // The same file again brings nothing twice; the study's other trials, once finished, do come.
    await actions.perform('importOptunaTrials', file);
    expect(stores.sweep.getState().study!.trials).toHaveLength(5);
    expect(stores.session.getState().notice?.text).toMatch(
      /^Every finished trial of the Optuna study "cluster" is already in this sweep\./,
    );
    await actions.perform('importOptunaTrials', trialsFile([{ number: 2, state: 'FAIL', params: lr(0.001) }]));
    expect(
      stores.sweep
        .getState()
        .study!.trials.map((t) => t.state)
        .at(-1),
    ).toBe('failed');

    await actions.perform('applyBestTrial');
    expect(stores.project.getState().project.training.learningRate).toBe(0.004);
  });

  it('refuses a file that does not fit the sweep in a sentence, and keeps the sweep as it was', async () => {
    const { stores, actions } = studio();
    recordSweep(stores);
    const before = stores.sweep.getState().study;
    await actions.perform(
      'importOptunaTrials',
      trialsFile([{ number: 0, state: 'COMPLETE', params: lr(0.5), value: 0.1 }]),
    );
    expect(stores.sweep.getState().study).toBe(before);
    expect(stores.session.getState().notice).toMatchObject({
      kind: 'error',
      text: "Could not import tensorloom_trials.json: These trials do not fit this sweep's settings; nothing was imported:\nTrial 0 has Learning rate 0.5, outside the sweep's range (numbers from 0.0001 to 0.1).",
    });
  });
});
