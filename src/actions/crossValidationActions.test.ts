import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { newProject } from '../model/project';
import type { TrainRequest } from '../model/run';
import { defaultGraph } from '../model/templates';
import { createStudioStores } from '../state/StudioProvider';
import { sampleDataset } from '../test/csvDataset';
import { holdingTrialPool, testWorkers } from '../test/testWorkers';
import { ActionManager } from './index';

const iris = sampleDataset('iris.csv').meta;

/** A studio on Iris whose trial pool holds each fold run until it is stopped. */
function studio(meta = iris) {
  const stores = createStudioStores(
    newProject(defaultGraph(), { ...DEFAULT_DATA_CONFIG, datasetId: meta.id, target: 'species' }),
  );
  stores.session.getState().putDataset(meta);
  const folds: TrainRequest[] = [];
  const actions = new ActionManager({ ...stores, workers: testWorkers({ createTrialPool: holdingTrialPool(folds) }) });
  return { stores, folds, actions };
}

afterEach(() => vi.unstubAllGlobals());

describe('estimateWithCrossValidation', () => {
  it('trains the project once per fold in the background, shows its progress, and can be stopped', async () => {
    vi.stubGlobal('navigator', { hardwareConcurrency: 4 });
    const { stores, folds, actions } = studio();
    expect(actions.can('stopCrossValidation')).toBe('No cross-validation is running.');
    const estimating = actions.perform('estimateWithCrossValidation');
    await vi.waitFor(() => expect(folds).toHaveLength(5));
    expect(folds.map((request) => request.fold)).toEqual([0, 1, 2, 3, 4].map((index) => ({ folds: 5, index })));
    expect(folds.every((request) => request.graph === stores.project.getState().project.graph)).toBe(true);
    expect(stores.runs.getState().crossValidation).toMatchObject({ status: 'running', folds: 5, ended: 0 });
    expect(actions.can('estimateWithCrossValidation')).toBe('Cross-validation is already running.');

    await actions.perform('stopCrossValidation');
    await estimating;
    expect(stores.runs.getState().crossValidation).toMatchObject({
      status: 'failed',
      error: 'Cross-validation was stopped.',
    });
    expect(actions.can('estimateWithCrossValidation')).toBe(true);
  });

  it('is refused, with why, while a run trains and for data sets over 5,000 rows', () => {
    const { stores, actions } = studio();
    stores.runs.getState().startRun('run-1');
    expect(actions.can('estimateWithCrossValidation')).toBe('Wait for the training run to end.');
    expect(studio({ ...iris, rowCount: 12_000 }).actions.can('estimateWithCrossValidation')).toBe(
      'Cross-validation trains the model 5 times, so it is offered for data sets of up to 5,000 rows; this one has 12,000. The validation split is estimate enough.',
    );
  });
});
