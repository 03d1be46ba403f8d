import type { Result } from '../model/result';
import { hasTrainedWeights } from '../state/runStore';
import type { EvaluationSplit, Evaluation } from '../model/evaluation';
import type { Action } from './types';

/** Evaluates on the validation or the test split from now on; another split clears the evaluation shown. */
export const chooseEvaluationSplit: Action<EvaluationSplit> = {
  label: 'Split to evaluate',
  perform: ({ runs }, split) => runs.getState().chooseEvaluationSplit(split),
};

/** Evaluates the current run's model on the chosen held-out split; the result lands in the run store. */
export const evaluate: Action = {
  label: 'Evaluate',
  predicate: ({ runs }) => {
    const { run, evaluation } = runs.getState();
    if (!hasTrainedWeights(run)) return 'Train a model first.';
    return evaluation?.status === 'running' ? 'The evaluation is under way.' : true;
  },
  perform: async ({ runs, workers }) => {
    const runId = runs.getState().run!.id;
    const split = runs.getState().evaluationSplit;
    runs.getState().startEvaluation(runId);
    let result: Result<Evaluation>;
    try {
      result = await workers.evaluate(split);
    } catch (error) {
      result = {
        ok: false,
        error: `The training worker stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    // The worker holds the last run that ended with weights; anything else means the two disagree.
    if (result.ok && result.value.runId !== runId) {
      result = {
        ok: false,
        error: 'The training worker holds a different run’s model; train again to evaluate this one.',
      };
    }
    // The person may have switched splits meanwhile: that split's evaluation is the one to show.
    if (runs.getState().evaluationSplit === split) runs.getState().finishEvaluation(runId, result);
  },
};
