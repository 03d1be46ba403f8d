/** The Train view's honest estimate: the project cross-validated in the background on a pool of training workers. */
import { CROSS_VALIDATION_MAX_ROWS, crossValidationMetric, DEFAULT_FOLDS } from '../model/crossValidation';
import { formatCount } from '../model/format';
import { analyseCached } from '../state/analysis';
import { isActive, type RunStore } from '../state/runStore';
import { crossValidate } from './crossValidation';
import { holdDataset } from './datasetsInUse';
import type { Action, ActionContext } from './types';

/** The cross-validation in progress per studio: aborting it stops its fold runs. */
const inProgress = new WeakMap<RunStore, AbortController>();

function estimateBlocker({ project, session, runs }: ActionContext): true | string {
  if (inProgress.has(runs)) return 'Cross-validation is already running.';
  if (isActive(runs.getState().run)) return 'Wait for the training run to end.';
  const { graph, data } = project.getState().project;
  const meta = data.datasetId ? session.getState().datasets[data.datasetId] : undefined;
  const blocker = analyseCached(graph, meta, data).trainBlocker;
  if (blocker !== undefined) return blocker;
  if (meta && meta.rowCount > CROSS_VALIDATION_MAX_ROWS)
    return `Cross-validation trains the model ${DEFAULT_FOLDS} times, so it is offered for data sets of up to ${formatCount(CROSS_VALIDATION_MAX_ROWS)} rows; this one has ${formatCount(meta.rowCount)}. The validation split is estimate enough.`;
  return true;
}

export const estimateWithCrossValidation: Action = {
  label: 'Estimate with k-fold cross-validation',
  predicate: estimateBlocker,
  perform: async (ctx) => {
    const { project, session, runs, workers } = ctx;
    const current = project.getState().project;
    const { graph, data, training } = current;
    const meta = data.datasetId ? session.getState().datasets[data.datasetId] : undefined;
    const task = analyseCached(graph, meta, data).data?.task;
    if (task === undefined) return;
    const of = { graph, data, training };
    const cancel = new AbortController();
    inProgress.set(runs, cancel);
    runs.getState().setCrossValidation({ of, status: 'running', folds: DEFAULT_FOLDS, ended: 0 });
    const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
    // One core is left for the page, as a sweep leaves it.
    const pool = workers.createTrialPool(Math.min(DEFAULT_FOLDS, Math.max(1, cores - 1)));
    const release = holdDataset(
      session,
      data.datasetId,
      'cross-validation is training on it. Delete it once it has finished or been stopped.',
    );
    try {
      const estimate = await crossValidate(pool, of, {
        folds: DEFAULT_FOLDS,
        metric: crossValidationMetric(task),
        signal: cancel.signal,
        onFoldEnded: (ended, folds) => runs.getState().setCrossValidation({ of, status: 'running', folds, ended }),
      });
      runs
        .getState()
        .setCrossValidation(
          estimate.ok
            ? { of, status: 'done', estimate: estimate.value }
            : { of, status: 'failed', error: estimate.error },
        );
    } finally {
      inProgress.delete(runs);
      pool.dispose();
      release();
    }
  },
};

export const stopCrossValidation: Action = {
  label: 'Stop cross-validation',
  predicate: ({ runs }) => (inProgress.has(runs) ? true : 'No cross-validation is running.'),
  perform: ({ runs }) => inProgress.get(runs)?.abort(),
};
