import { hasTrainedWeights } from '../state/runStore';
import type { Evaluation, Result } from '../workers/protocol';
import type { Action } from './types';

/** Evaluates the current run's model on its validation split; the result lands in the run store. */
export const evaluate: Action = {
  label: 'Evaluate',
  predicate: ({ runs }) => {
    const { run, evaluation } = runs.getState();
    if (!hasTrainedWeights(run)) return 'Train a model first.';
    return evaluation?.status === 'running' ? 'The evaluation is under way.' : true;
  },
  perform: async ({ runs, workers }) => {
    const runId = runs.getState().run!.id;
    runs.getState().startEvaluation(runId);
    let result: Result<Evaluation>;
    try {
      result = await workers.evaluate();
    } catch (error) {
      result = { ok: false, error: `The training worker stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}` };
    }
    // The worker holds the last run that ended with weights; anything else means the two disagree.
    if (result.ok && result.value.runId !== runId) {
      result = { ok: false, error: 'The training worker holds a different run’s model; train again to evaluate this one.' };
    }
    runs.getState().finishEvaluation(runId, result);
  },
};
