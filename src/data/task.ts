/**
 * What the model is asked to predict, decided by the target column's summary alone, so the UI
 * (which holds summaries, never rows) and the training worker always reach the same answer.
 */
import type { Result } from '../model/result';
import type { ColumnSummary, Task } from './schema';

/**
 * More classes than this cannot be a classification target. It is also how many distinct values
 * a column summary lists in `valueCounts`, so every valid target's labels are known from its summary.
 */
export const MAX_CLASSES = 100;

export interface TargetInfo {
  readonly task: Task;
  /** Class names in class-index order (binary: the negative class first); empty for regression. */
  readonly labels: readonly string[];
}

export interface TargetDescription extends TargetInfo {
  /** Rows per class, in class-index order; empty for regression. Missing targets are not counted. */
  readonly classCounts: readonly { readonly label: string; readonly count: number }[];
}

/**
 * Categorical: two classes → binary, up to MAX_CLASSES → multiclass. Numeric: exactly two
 * distinct values → binary (labels are the two values as text, smaller first), otherwise
 * regression. One distinct value, no values at all, or too many classes → an error that says why.
 */
export function inferTask(column: ColumnSummary): Result<TargetInfo> {
  const result = describeTarget(column);
  return result.ok ? { ok: true, value: { task: result.value.task, labels: result.value.labels } } : result;
}

/** `inferTask` plus the class balance, for the Data view. */
export function describeTarget(column: ColumnSummary): Result<TargetDescription> {
  const name = column.name;
  if (column.unique === 0) {
    return { ok: false, error: `The target column "${name}" has no values.` };
  }
  if (column.unique === 1) {
    const only = column.valueCounts?.values[0] ?? column.topValues?.[0]?.value ?? '';
    return {
      ok: false,
      error: `The target column "${name}" has only one class ("${only}"): a model cannot learn anything from it.`,
    };
  }
  if (column.type === 'numeric' && column.unique > 2) {
    return { ok: true, value: { task: 'regression', labels: [], classCounts: [] } };
  }
  if (column.unique > MAX_CLASSES) {
    return {
      ok: false,
      error: `The target column "${name}" has ${column.unique} distinct values: too many classes; pick a numeric target for regression.`,
    };
  }
  const counts = column.valueCounts;
  if (counts === undefined || counts.values.length !== column.unique) {
    return { ok: false, error: `The summary of "${name}" lacks its class list; import the data set again.` };
  }
  return {
    ok: true,
    value: {
      task: counts.values.length === 2 ? 'binary' : 'multiclass',
      labels: counts.values,
      classCounts: counts.values.map((label, i) => ({ label, count: counts.counts[i]! })),
    },
  };
}
