/** What the model is asked to predict; decided by the target column. */
export type Task = 'binary' | 'multiclass' | 'regression';

/**
 * What the graph needs to know about the data to infer shapes: Input takes its shape from the
 * features, Output its units and activation from the task.
 */
export interface DataContext {
  /** Shape of one example after preprocessing, without the batch axis (e.g. [4] for Iris). */
  readonly inputShape: readonly number[];
  readonly task: Task;
  /** Class names for classification, empty for regression. */
  readonly labels: readonly string[];
  /** Text data: the input is token ids from 0 to this − 1 (an Embedding's input dimension). */
  readonly vocabularySize?: number;
}

/** Units and activation the final layer must have for a task. */
export function headFor(data: DataContext): { units: number; activation: 'softmax' | 'sigmoid' | 'linear' } {
  switch (data.task) {
    case 'multiclass':
      return { units: data.labels.length, activation: 'softmax' };
    case 'binary':
      return { units: 1, activation: 'sigmoid' };
    case 'regression':
      return { units: 1, activation: 'linear' };
  }
}
