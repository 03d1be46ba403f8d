import type { PredictInput } from '../model/prediction';
import type { TrainRequest } from '../model/run';
import { analyseCached } from '../state/analysis';
import { hasTrainedWeights, isActive } from '../state/runStore';
import { holdDataset } from './datasetsInUse';
import { datasetName, saveFile, slug } from './download';
import { keepFinishedRun } from './runArchiveActions';
import type { Action, ActionContext } from './types';
import type { TrainingConfig } from '../model/project';

/** Why the project cannot train now: a run, the learning-rate finder or a feature ranking in progress, no data, a graph that does not build. */
export function trainBlocker({ project, session, runs }: ActionContext): true | string {
  if (isActive(runs.getState().run)) return 'A training run is already in progress.';
  // The training worker trains one thing at a time.
  if (runs.getState().learningRateTest?.status === 'running') return 'The learning-rate finder is running.';
  if (session.getState().featureRanking?.status === 'running') return 'The features are being ranked.';
  const { graph, data } = project.getState().project;
  const meta = data.datasetId ? session.getState().datasets[data.datasetId] : undefined;
  return analyseCached(graph, meta, data).trainBlocker ?? true;
}

/** Changes training settings, one undo step a change; a run in progress keeps the settings it started with. */
export const setTrainingSettings: Action<Partial<TrainingConfig>> = {
  label: 'Change the training settings',
  // As the settings form, locked while a run trains.
  predicate: ({ runs }) => (isActive(runs.getState().run) ? 'Wait for the run in progress to end.' : true),
  perform: ({ project }, patch) => project.getState().setTraining(patch),
};

export const train: Action = {
  label: 'Train',
  shortcut: 'Ctrl+Enter',
  keyTest: (e) => (e.ctrlKey || e.metaKey) && e.key === 'Enter',
  predicate: trainBlocker,
  perform: (ctx) => trainProject(ctx),
};

/**
 * Trains the project as it is now, as a new run that replaces the current one, then keeps it;
 * `distill` makes the model the worker holds the run's teacher.
 */
export async function trainProject(ctx: ActionContext, distill?: TrainRequest['distill']): Promise<void> {
  const { project, runs, session, workers } = ctx;
  const startedAt = Date.now();
  const runId = `run-${startedAt.toString(36)}`;
  const trained = project.getState().project;
  const { graph, data, training } = trained;
  // Training right after an import fine-tunes it: matching layers start from its weights.
  const current = runs.getState().run;
  const startFrom = current?.imported && !distill ? { startFrom: current.id } : {};
  runs.getState().startRun(runId);
  session.getState().setView('train');
  // A worker restarted after a crash reads the rows again.
  const release = holdDataset(
    session,
    data.datasetId,
    'the training run in progress trains on it. Delete it once the run has ended.',
  );
  try {
    await workers.train(
      { runId, graph, data, settings: training, ...startFrom, ...(distill ? { distill } : {}) },
      (event) => runs.getState().apply(event),
    );
  } catch (error) {
    runs
      .getState()
      .fail(
        runId,
        `The training worker stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
      );
  } finally {
    release();
  }
  await keepFinishedRun(ctx, trained, startedAt);
}

export const stopTraining: Action = {
  label: 'Stop',
  predicate: ({ runs }) => (isActive(runs.getState().run) ? true : 'Nothing is training.'),
  perform: ({ runs, workers }) => {
    runs.getState().markStopping();
    workers.stopTraining();
  },
};

export const pauseTraining: Action = {
  label: 'Pause',
  predicate: ({ runs }) => {
    const status = runs.getState().run?.status;
    if (status === 'running') return true;
    return status === 'pausing' || status === 'paused' ? 'The run is already paused.' : 'Nothing is training.';
  },
  perform: ({ runs, workers }) => {
    runs.getState().markPausing();
    workers.pauseTraining();
  },
};

export const resumeTraining: Action = {
  label: 'Resume',
  predicate: ({ runs }) => (runs.getState().run?.status === 'paused' ? true : 'Nothing is paused.'),
  perform: ({ runs, workers }) => {
    runs.getState().markResumed();
    workers.resumeTraining();
  },
};

/** Predict and export need the weights of a run that ended with them. */
export const hasTrainedModel = ({ runs }: ActionContext): true | string =>
  hasTrainedWeights(runs.getState().run) ? true : 'Train a model first.';

export const predict: Action<PredictInput> = {
  label: 'Predict',
  predicate: hasTrainedModel,
  perform: async ({ workers, runs, session }, input) => {
    const prediction = await workers.predict(input);
    if (!prediction.ok) {
      runs.getState().setPrediction(null);
      return session.getState().notify({ kind: 'error', text: prediction.error });
    }
    session.getState().notify(null);
    runs.getState().setPrediction(prediction.value);
  },
};

/** Predicts every row of CSV text (pasted, or a dropped file's) with the current model. */
export const predictTable: Action<string> = {
  label: 'Predict these rows',
  predicate: hasTrainedModel,
  perform: async ({ workers, runs, session, project }, text) => {
    const datasetId = project.getState().project.data.datasetId;
    const columns = (datasetId && session.getState().datasets[datasetId]?.columns.map((column) => column.name)) || [];
    runs.getState().setPredictedTable(null);
    const predicted = await workers.predictTable({ text, columns });
    if (!predicted.ok) return session.getState().notify({ kind: 'error', text: predicted.error });
    session.getState().notify(null);
    runs.getState().setPredictedTable(predicted.value);
  },
};

export const downloadPredictions: Action = {
  label: 'Download predictions',
  predicate: ({ runs }) => (runs.getState().predictedTable ? true : 'Predict some rows first.'),
  perform: (ctx) => {
    const table = ctx.runs.getState().predictedTable;
    if (table)
      saveFile({ name: `${slug(datasetName(ctx))}-predictions.csv`, bytes: new TextEncoder().encode(table.csv) });
  },
};
