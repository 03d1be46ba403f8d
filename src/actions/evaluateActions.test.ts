import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { regressionEvaluation, type Evaluation } from '../model/evaluation';
import { newProject } from '../model/project';
import type { Result } from '../model/result';
import { defaultGraph } from '../model/templates';
import { createStudioStores } from '../state/StudioProvider';
import { testWorkers } from '../test/testWorkers';
import { ActionManager } from './index';

const evaluationOf = (runId: string): Evaluation =>
  regressionEvaluation({ runId, split: 'validation' }, 'y', [1, 2, 3], [1, 2, 4]);

/** A studio whose training worker answers `evaluate` when the test says so. */
function studio() {
  let answer: (result: Result<Evaluation>) => void = () => undefined;
  const workers = testWorkers({ evaluate: () => new Promise<Result<Evaluation>>((resolve) => (answer = resolve)) });
  const stores = createStudioStores(newProject(defaultGraph(), DEFAULT_DATA_CONFIG));
  const finishRun = (runId: string) => {
    stores.runs.getState().startRun(runId);
    stores.runs.getState().apply({ type: 'train/done', runId, reason: 'completed', epochsRun: 1, logs: {} });
  };
  return {
    stores,
    actions: new ActionManager({ ...stores, workers }),
    finishRun,
    answer: (result: Result<Evaluation>) => answer(result),
  };
}

describe('evaluate', () => {
  it('needs a run that ended with weights', () => {
    const { stores, actions } = studio();
    expect(actions.can('evaluate')).toBe('Train a model first.');
    stores.runs.getState().startRun('run-1');
    expect(actions.can('evaluate')).toBe('Train a model first.');
    stores.runs.getState().fail('run-1', 'diverged');
    expect(actions.can('evaluate')).toBe('Train a model first.');
  });

  it('marks the evaluation under way (once), then keeps the result', async () => {
    const { stores, actions, finishRun, answer } = studio();
    finishRun('run-1');
    const evaluating = actions.perform('evaluate');
    expect(stores.runs.getState().evaluation).toEqual({ runId: 'run-1', status: 'running' });
    expect(actions.can('evaluate')).toBe('The evaluation is under way.');
    answer({ ok: true, value: evaluationOf('run-1') });
    await evaluating;
    expect(stores.runs.getState().evaluation).toEqual({
      runId: 'run-1',
      status: 'done',
      result: evaluationOf('run-1'),
    });
  });

  it('keeps the worker’s failure as the evaluation’s error', async () => {
    const { stores, actions, finishRun, answer } = studio();
    finishRun('run-1');
    const evaluating = actions.perform('evaluate');
    answer({ ok: false, error: 'There is no validation split to evaluate on.' });
    await evaluating;
    expect(stores.runs.getState().evaluation).toEqual({
      runId: 'run-1',
      status: 'failed',
      error: 'There is no validation split to evaluate on.',
    });
  });

  it('drops a result that arrives after a new run started, and refuses another run’s model', async () => {
    const { stores, actions, finishRun, answer } = studio();
    finishRun('run-1');
    const late = actions.perform('evaluate');
    stores.runs.getState().startRun('run-2');
    answer({ ok: true, value: evaluationOf('run-1') });
    await late;
    expect(stores.runs.getState().evaluation).toBeNull();

    finishRun('run-3');
    const mismatched = actions.perform('evaluate');
    answer({ ok: true, value: evaluationOf('run-2') });
    await mismatched;
    expect(stores.runs.getState().evaluation).toMatchObject({
      runId: 'run-3',
      status: 'failed',
      error: expect.stringMatching(/different run/),
    });
  });
});
