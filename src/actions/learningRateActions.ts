/** The learning-rate finder: a range test on the project as it stands, and its proposal put in the settings. */
import type { Result } from '../model/result';
import { DEFAULT_LR_RANGE, type LrRangeResult } from '../sweep/lrRange';
import { holdDataset } from './datasetsInUse';
import { setTrainingSettings, trainBlocker } from './trainActions';
import type { Action, ActionContext } from './types';

/** Runs the range test in the training worker on the project's graph, data and settings; the curve lands in the run store. */
export const findLearningRate: Action = {
  label: 'Find learning rate',
  predicate: trainBlocker,
  perform: async ({ project, runs, session, workers }) => {
    const id = `lr-${Date.now().toString(36)}`;
    const { graph, data, training } = project.getState().project;
    runs.getState().startLearningRateTest(id, DEFAULT_LR_RANGE.steps);
    const release = holdDataset(
      session,
      data.datasetId,
      'the learning-rate finder is reading it. Delete it once the finder has ended.',
    );
    let result: Result<LrRangeResult>;
    try {
      result = await workers.findLearningRate({ graph, data, settings: training }, ({ step, steps }) =>
        runs.getState().updateLearningRateTest({ id, status: 'running', step, steps }),
      );
    } catch (error) {
      result = {
        ok: false,
        error: `The training worker stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
      };
    } finally {
      release();
    }
    runs
      .getState()
      .updateLearningRateTest(
        result.ok ? { id, status: 'done', result: result.value } : { id, status: 'failed', error: result.error },
      );
  },
};

export const cancelFindLearningRate: Action = {
  label: 'Cancel',
  predicate: ({ runs }) =>
    runs.getState().learningRateTest?.status === 'running' ? true : 'The learning-rate finder is not running.',
  perform: ({ runs, workers }) => {
    workers.stopFindingLearningRate();
    runs.getState().clearLearningRateTest();
  },
};

/** The rate the last range test proposed, if it proposed one. */
export function proposedLearningRate({ runs }: Pick<ActionContext, 'runs'>): number | undefined {
  const test = runs.getState().learningRateTest;
  return test?.status === 'done' && test.result.proposal.ok ? test.result.proposal.value.rate : undefined;
}

/** Sets the training's learning rate to the finder's proposal: one undo step, as any change of the settings. */
export const applyProposedLearningRate: Action = {
  label: 'Use the proposed rate',
  predicate: (ctx) =>
    proposedLearningRate(ctx) === undefined ? 'Find a learning rate first.' : setTrainingSettings.predicate!(ctx),
  perform: (ctx) => setTrainingSettings.perform(ctx, { learningRate: proposedLearningRate(ctx)! }),
};
