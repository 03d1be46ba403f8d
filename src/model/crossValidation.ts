/**
 * An honest estimate of a model: the same graph and settings trained k times, each time validated on another
 * fold of the non-test rows (TrainRequest.fold), summarised as mean ± sd.
 */
import { formatMetric } from './format';
import type { Task } from './task';

/** Folds asked for unless said otherwise: five, as scikit-learn's `cross_val_score` and the Auto. */
export const DEFAULT_FOLDS = 5;

/** Data sets above this many rows are not cross-validated: k models cost k trainings, and one split is telling enough. */
export const CROSS_VALIDATION_MAX_ROWS = 5000;

export interface CrossValidationEstimate {
  /** The validation metric, as the training logs name it (val_acc, val_mse …). */
  readonly metric: string;
  /** Each fold's final value of `metric`, fold 1 first: the k scores a fold comparison pairs up. */
  readonly values: readonly number[];
  readonly mean: number;
  /** The sample standard deviation across folds. */
  readonly sd: number;
  /** Why fewer folds were made than asked for; absent when there are as many. */
  readonly reduced?: string;
}

/** The metric a cross-validation reports for a task: validation accuracy, or validation MSE for regression. */
export function crossValidationMetric(task: Task): string {
  return task === 'regression' ? 'val_mse' : 'val_acc';
}

/** "val_acc 0.953 ± 0.021 over 5 folds". */
export function describeEstimate({ metric, values, mean, sd }: CrossValidationEstimate): string {
  return `${metric} ${formatMetric(mean)} ± ${formatMetric(sd)} over ${values.length} folds`;
}
