import 'fake-indexeddb/auto';
import { expect, it, vi } from 'vitest';
import { loadSweepJournal } from '../data/storage';
import type { ModelMeasures } from '../model/measures';
import type { TrainRequest } from '../model/run';
import { irisStudioStores } from '../test/irisStudio';
import { testWorkers } from '../test/testWorkers';
import type { TrialPool } from '../workers/trialPool';
import { ActionManager } from './index';

const MEASURES: ModelMeasures = { params: 67, float32Bytes: 2500, uint8Bytes: 1100, latencyMs: 0.3, backend: 'cpu' };

/** A trial pool whose every trial ends, a moment after it starts, with val_acc 0.9 and the measures it was asked for. */
function measuringPool(trials: TrainRequest[]): () => TrialPool {
  return () => ({
    train: (request, onEvent) => {
      trials.push(request);
      const finished = new Promise<void>((resolve) =>
        setTimeout(() => {
          onEvent({
            type: 'train/done',
            runId: request.runId,
            reason: 'completed',
            epochsRun: 1,
            logs: { val_acc: 0.9 },
            ...(request.measure ? { measures: MEASURES } : {}),
          });
          resolve();
        }, 5),
      );
      return { finished, stop: () => undefined };
    },
    dispose: () => undefined,
  });
}

/** A studio on Iris whose trial pool measures every candidate, and whose training worker records its runs. */
function studio() {
  const stores = irisStudioStores();
  const trials: TrainRequest[] = [];
  const trained: TrainRequest[] = [];
  const workers = testWorkers({
    createTrialPool: measuringPool(trials),
    train: async (request) => void trained.push(request),
  });
  return { stores, trials, trained, actions: new ActionManager({ ...stores, workers }) };
}

it('refuses settings that cannot start a search in a sentence, keeping the ones it had', async () => {
  const { stores, actions } = studio();
  await actions.perform('setAutoSettings', { minutes: 1, parallel: 2, seed: 1, limits: { maxKb: 50 } });
  await actions.perform('setAutoSettings', { minutes: 0, parallel: 2, seed: 1, limits: {} });
  expect(stores.auto.getState().settingsProblem).toBe('The time budget must be above 0 minutes; it is 0.');
  expect(stores.auto.getState().settings).toEqual({ minutes: 1, parallel: 2, seed: 1, limits: { maxKb: 50 } });
});

it('searches in a study of its own, each candidate measured; Stop keeps what finished, and a reload brings it back', async () => {
  const { stores, trials, actions } = studio();
  await actions.perform('setAutoSettings', { minutes: 1, parallel: 2, seed: 7, limits: {} });
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
  expect(trials.every((t) => t.measure === true)).toBe(true);
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

it('puts a finished candidate on the canvas as one undo step, then trains it as a normal run', async () => {
  const { stores, trained, actions } = studio();
  expect(actions.can('useAutoCandidate')).toBe('No candidate has finished yet.');
  const searching = actions.perform('startAuto');
  await vi.waitFor(() => expect(stores.auto.getState().study?.trials[0]?.state).toBe('complete'), { timeout: 10_000 });
  await actions.perform('stopAuto');
  await searching;
  const before = stores.project.getState().project;
  await actions.perform('useAutoCandidate', 0);
  const used = stores.project.getState().project;
  expect(used.graph).not.toEqual(before.graph);
  expect(used.data).toEqual(before.data);
  expect(trained).toHaveLength(1);
  expect(trained[0]!.graph).toEqual(used.graph);
  expect(trained[0]!.settings).toEqual(used.training);
  expect(stores.session.getState().notice?.text).toMatch(/^Put candidate 0 \(.+, val_acc 0\.900\) on the canvas/);
  await actions.perform('undo');
  expect(stores.project.getState().project.graph).toEqual(before.graph);
});
