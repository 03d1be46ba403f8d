import { describe, expect, it } from 'vitest';
import type { FeatureRanking, RankingProgress } from '../data/featureRanking';
import { irisRanking } from '../test/irisRanking';
import type { Result } from '../model/result';
import { irisStudioStores } from '../test/irisStudio';
import { testWorkers } from '../test/testWorkers';
import { ActionManager } from './index';

const RANKING: FeatureRanking = irisRanking([
  { name: 'petal_length', mean: 0.4, sd: 0.05 },
  { name: 'petal_width', mean: 0.3, sd: 0.04 },
  { name: 'sepal_length', mean: 0.02, sd: 0.01 },
  { name: 'sepal_width', mean: -0.01, sd: 0.01 },
]);

/** A studio on Iris whose training worker answers the ranking when the test says so. */
function studio() {
  const stores = irisStudioStores();
  let answer: (result: Result<FeatureRanking>) => void = () => undefined;
  let report: (progress: RankingProgress) => void = () => undefined;
  const backends: string[] = [];
  const workers = testWorkers({
    rankFeatures: (_config, backend, onProgress) => {
      backends.push(backend);
      report = onProgress;
      return new Promise((resolve) => (answer = resolve));
    },
  });
  return {
    stores,
    backends,
    actions: new ActionManager({ ...stores, workers }),
    answer: (result: Result<FeatureRanking>) => answer(result),
    report: (progress: RankingProgress) => report(progress),
  };
}

const ignored = (stores: ReturnType<typeof irisStudioStores>) =>
  stores.project
    .getState()
    .project.data.columns.filter((choice) => choice.use === 'ignore')
    .map((choice) => choice.name)
    .sort();

describe('rankFeatures', () => {
  it('shows its progress, keeps Train and a second ranking off while it runs, then keeps the ranking', async () => {
    const { stores, actions, answer, report } = studio();
    expect(actions.can('keepTopFeatures')).toBe('Rank the features first.');
    const ranking = actions.perform('rankFeatures');
    report({ done: 2, steps: 5 });
    expect(stores.session.getState().featureRanking).toMatchObject({ status: 'running', progress: { done: 2 } });
    expect(actions.can('train')).toBe('The features are being ranked.');
    expect(actions.can('rankFeatures')).toBe('The features are being ranked.');
    answer({ ok: true, value: RANKING });
    await ranking;
    expect(stores.project.getState().project.featureRanking).toEqual(RANKING);
    expect(actions.can('train')).toBe(true);
  });

  it('keeps the ranking when a progress report lands after the result, as one on its own port can', async () => {
    const { stores, actions, answer, report } = studio();
    const ranking = actions.perform('rankFeatures');
    answer({ ok: true, value: RANKING });
    await ranking;
    report({ done: 5, steps: 5 });
    expect(stores.project.getState().project.featureRanking).toEqual(RANKING);
    expect(actions.can('rankFeatures')).toBe(true);
  });

  it('keeps the worker’s sentence when the ranking fails', async () => {
    const { stores, actions, answer } = studio();
    const ranking = actions.perform('rankFeatures');
    answer({ ok: false, error: 'Ranking the columns needs at least 2 validation rows.' });
    await ranking;
    expect(stores.session.getState().featureRanking).toMatchObject({
      status: 'failed',
      error: 'Ranking the columns needs at least 2 validation rows.',
    });
  });

  it('keeps the ranking in the project, one undo step, and ranks on the backend training is forced to', async () => {
    const { stores, actions, answer, backends } = studio();
    stores.project.getState().setTraining({ backend: 'cpu' });
    const ranking = actions.perform('rankFeatures');
    answer({ ok: true, value: RANKING });
    await ranking;
    expect(backends).toEqual(['cpu']);
    expect(stores.project.getState().project.featureRanking).toEqual(RANKING);
    await actions.perform('undo');
    expect(stores.project.getState().project.featureRanking).toBeNull();
    expect(stores.project.getState().project.training.backend).toBe('cpu');
  });

  it('is refused while a run trains', () => {
    const { stores, actions } = studio();
    stores.runs.getState().startRun('run-1');
    expect(actions.can('rankFeatures')).toMatch(/training run is in progress/);
  });
});

describe('keepTopFeatures', () => {
  it('leaves out every column below the top k as one undo step', async () => {
    const { stores, actions, answer } = studio();
    const ranking = actions.perform('rankFeatures');
    answer({ ok: true, value: RANKING });
    await ranking;
    await actions.perform('keepTopFeatures', 2);
    expect(ignored(stores)).toEqual(['sepal_length', 'sepal_width']);
    await actions.perform('undo');
    expect(ignored(stores)).toEqual([]);
  });

  it('is refused once the target changes: the ranking was for the old one', async () => {
    const { stores, actions, answer } = studio();
    const ranking = actions.perform('rankFeatures');
    answer({ ok: true, value: RANKING });
    await ranking;
    stores.project.getState().setData({ target: 'sepal_width' });
    expect(actions.can('keepTopFeatures')).toBe('Rank the features first.');
  });

  it('is refused once the split changes, and offered again when the change is undone', async () => {
    const { stores, actions, answer } = studio();
    const ranking = actions.perform('rankFeatures');
    answer({ ok: true, value: RANKING });
    await ranking;
    stores.project.getState().setData({ seed: 7 });
    expect(actions.can('keepTopFeatures')).toBe('Rank the features first.');
    await actions.perform('undo');
    expect(actions.can('keepTopFeatures')).toBe(true);
  });
});
