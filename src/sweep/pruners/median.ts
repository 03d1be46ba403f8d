/**
 * The median stopping rule, as Optuna's MedianPruner: once `startupTrials` trials have
 * completed, a trial whose best value so far is worse than the median of the completed trials'
 * values at the same step is pruned. Steps are epochs trained; pruning may start at
 * `warmupSteps` and is then checked every `intervalSteps` steps.
 */
import type { Direction } from '../studyConfig';
import { median as medianOf } from '../../model/statistics';
import type { Pruner, PrunerKind } from './pruner';

export interface MedianOptions {
  /** Default 5. */
  readonly startupTrials?: number;
  /** Default 0: from the first report on. */
  readonly warmupSteps?: number;
  /** Default 1. */
  readonly intervalSteps?: number;
}

const STARTUP_TRIALS = 5;

export const median: PrunerKind = {
  id: 'median',
  label: 'median',
  help: `Once ${STARTUP_TRIALS} trials have completed, stops a trial whose best value so far is worse than the median of theirs at the same epoch.`,
  create: () => medianPruner(),
  optuna: () => `optuna.pruners.MedianPruner(n_startup_trials=${STARTUP_TRIALS})`,
  ray: {
    scheduler: 'MedianStoppingRule',
    create: () =>
      `MedianStoppingRule(time_attr="training_iteration", grace_period=1, min_samples_required=${STARTUP_TRIALS})`,
  },
};

export function medianPruner(options: MedianOptions = {}): Pruner {
  const { startupTrials = STARTUP_TRIALS, warmupSteps = 0, intervalSteps = 1 } = options;
  return {
    shouldPrune(trial, trials, direction) {
      const completed = trials.filter((t) => t.state === 'complete' && t.number !== trial.number);
      if (completed.length === 0 || completed.length < startupTrials) return false;
      const last = trial.intermediate.at(-1);
      if (!last || last.step < warmupSteps) return false;
      // Judge once per interval: at the first report at or after each pruning step.
      const pruningStep = Math.floor((last.step - warmupSteps) / intervalSteps) * intervalSteps + warmupSteps;
      const previous = trial.intermediate.at(-2);
      if (previous && previous.step >= pruningStep) return false;
      const best = bestOf(
        trial.intermediate.map((point) => point.value),
        direction,
      );
      if (Number.isNaN(best)) return true;
      const atStep = completed.flatMap((t) =>
        t.intermediate
          .filter((point) => point.step === last.step && !Number.isNaN(point.value))
          .map((point) => point.value),
      );
      if (atStep.length === 0) return false;
      const median = medianOf(atStep);
      return direction === 'minimize' ? best > median : best < median;
    },
  };
}

/** The best non-NaN value; NaN when all are NaN. */
function bestOf(values: readonly number[], direction: Direction): number {
  const finite = values.filter((v) => !Number.isNaN(v));
  if (finite.length === 0) return NaN;
  return direction === 'minimize' ? Math.min(...finite) : Math.max(...finite);
}
