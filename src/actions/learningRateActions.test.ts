import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { newProject } from '../model/project';
import type { Result } from '../model/result';
import { defaultGraph } from '../model/templates';
import { createStudioStores } from '../state/StudioProvider';
import { lrRangeRates, proposeLearningRate, type LrRangeProgress, type LrRangeResult } from '../sweep/lrRange';
import { sampleDataset } from '../test/csvDataset';
import { testWorkers } from '../test/testWorkers';
import { ActionManager } from './index';

/** A range test's answer whose loss falls, then explodes: it proposes a rate. */
function fallingCurve(): LrRangeResult {
  const rates = lrRangeRates(1e-5, 1, 30);
  const losses = rates.map((rate) => 2 / (1 + 100 * rate) + (rate > 0.3 ? 50 : 0));
  return { rates, losses, proposal: proposeLearningRate(rates, losses) };
}

/** A studio on Iris whose training worker answers the range test when the test says so. */
function studio({ withData = true } = {}) {
  const iris = sampleDataset('iris.csv');
  const stores = createStudioStores(
    newProject(
      defaultGraph(),
      withData ? { ...DEFAULT_DATA_CONFIG, datasetId: iris.meta.id, target: 'species' } : DEFAULT_DATA_CONFIG,
    ),
  );
  if (withData) stores.session.getState().putDataset(iris.meta);
  let answer: (result: Result<LrRangeResult>) => void = () => undefined;
  let report: (progress: LrRangeProgress) => void = () => undefined;
  let stops = 0;
  const workers = testWorkers({
    findLearningRate: (_request, onProgress) => {
      report = onProgress;
      return new Promise((resolve) => (answer = resolve));
    },
    stopFindingLearningRate: () => void stops++,
  });
  return {
    stores,
    actions: new ActionManager({ ...stores, workers }),
    answer: (result: Result<LrRangeResult>) => answer(result),
    report: (progress: LrRangeProgress) => report(progress),
    stops: () => stops,
  };
}

describe('findLearningRate', () => {
  it('says why it cannot run: no data, a run in progress', () => {
    expect(studio({ withData: false }).actions.can('findLearningRate')).toMatch(/dataset|data set|target/i);
    const { stores, actions } = studio();
    expect(actions.can('findLearningRate')).toBe(true);
    stores.runs.getState().startRun('run-1');
    expect(actions.can('findLearningRate')).toBe('A training run is already in progress.');
  });

  it('shows its steps while it runs, keeps Train and a second test off, then keeps the curve', async () => {
    const { stores, actions, answer, report } = studio();
    const finding = actions.perform('findLearningRate');
    expect(stores.runs.getState().learningRateTest).toMatchObject({ status: 'running', step: 0 });
    report({ step: 12, steps: 100 });
    expect(stores.runs.getState().learningRateTest).toMatchObject({ status: 'running', step: 12, steps: 100 });
    expect(actions.can('train')).toBe('The learning-rate finder is running.');
    expect(actions.can('findLearningRate')).toBe('The learning-rate finder is running.');
    expect(actions.can('applyProposedLearningRate')).toBe('Find a learning rate first.');

    const curve = fallingCurve();
    answer({ ok: true, value: curve });
    await finding;
    expect(stores.runs.getState().learningRateTest).toMatchObject({ status: 'done', result: curve });
    expect(actions.can('train')).toBe(true);
  });

  it('keeps the curve when a step’s report lands after the result, as one on its own port can', async () => {
    const { stores, actions, answer, report } = studio();
    const finding = actions.perform('findLearningRate');
    const curve = fallingCurve();
    answer({ ok: true, value: curve });
    await finding;
    report({ step: 100, steps: 100 });
    expect(stores.runs.getState().learningRateTest).toMatchObject({ status: 'done', result: curve });
    expect(actions.can('train')).toBe(true);
  });

  it('keeps the worker’s sentence when the test fails', async () => {
    const { stores, actions, answer } = studio();
    const finding = actions.perform('findLearningRate');
    answer({ ok: false, error: 'The dataset is no longer stored in this browser; import it again.' });
    await finding;
    expect(stores.runs.getState().learningRateTest).toMatchObject({
      status: 'failed',
      error: 'The dataset is no longer stored in this browser; import it again.',
    });
  });

  it('cancels: the worker is told to stop and its late answer is not shown', async () => {
    const { stores, actions, answer, stops } = studio();
    expect(actions.can('cancelFindLearningRate')).toBe('The learning-rate finder is not running.');
    const finding = actions.perform('findLearningRate');
    await actions.perform('cancelFindLearningRate');
    expect(stops()).toBe(1);
    expect(stores.runs.getState().learningRateTest).toBeNull();
    answer({ ok: false, error: 'The learning-rate test was stopped.' });
    await finding;
    expect(stores.runs.getState().learningRateTest).toBeNull();
  });
});

describe('applyProposedLearningRate', () => {
  it('sets the proposed rate as the learning rate, one undo step', async () => {
    const { stores, actions, answer } = studio();
    const finding = actions.perform('findLearningRate');
    const curve = fallingCurve();
    answer({ ok: true, value: curve });
    await finding;
    if (!curve.proposal.ok) throw new Error(curve.proposal.error);

    const before = stores.project.getState().project.training;
    expect(await actions.perform('applyProposedLearningRate')).toBe(true);
    expect(stores.project.getState().project.training).toEqual({ ...before, learningRate: curve.proposal.value.rate });
    expect(stores.project.temporal.getState().pastStates).toHaveLength(1);
    stores.project.temporal.getState().undo();
    expect(stores.project.getState().project.training).toEqual(before);
  });

  it('has nothing to use when the curve proposed no rate', async () => {
    const { actions, answer } = studio();
    const finding = actions.perform('findLearningRate');
    const rates = lrRangeRates(1e-5, 1, 30);
    const flat = rates.map(() => 1);
    answer({ ok: true, value: { rates, losses: flat, proposal: proposeLearningRate(rates, flat) } });
    await finding;
    expect(actions.can('applyProposedLearningRate')).toBe('Find a learning rate first.');
  });
});
