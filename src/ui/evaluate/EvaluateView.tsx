import { useEffect } from 'react';
import type { Evaluation, EvaluationSplit } from '../../model/evaluation';
import { hasTrainedWeights, isActive } from '../../state/runStore';
import { useRunStore } from '../../state/StudioProvider';
import { ActionButton, useActions } from '../common/ActionsContext';
import { formatCount } from '../common/format';
import { ClassificationResults } from './ClassificationResults';
import { DistillationComparison } from './DistillationComparison';
import { RegressionResults } from './RegressionResults';

/** The last run's model measured on held-out rows; evaluates by itself once a run has ended with weights. */
export function EvaluateView() {
  const run = useRunStore((s) => s.run);
  const evaluation = useRunStore((s) => s.evaluation);
  const split = useRunStore((s) => s.evaluationSplit);
  const actions = useActions();
  const needsEvaluation = hasTrainedWeights(run) && evaluation === null;
  useEffect(() => {
    if (needsEvaluation) void actions.perform('evaluate');
  }, [needsEvaluation, actions]);

  return (
    <div className="evaluate-view" data-testid="evaluate-view">
      {!hasTrainedWeights(run) ? (
        <p className="empty" data-testid="evaluate-empty">
          {isActive(run)
            ? 'Training… the evaluation appears here when the run ends.'
            : 'Train a model first: its evaluation on the held-out rows appears here.'}
        </p>
      ) : evaluation?.status === 'done' ? (
        <Results evaluation={evaluation.result} />
      ) : evaluation?.status === 'failed' ? (
        <div className="evaluate-failed">
          <SplitChoice />
          <p className="field-error" role="alert" data-testid="evaluate-error">
            {evaluation.error}
          </p>
          <ActionButton name="evaluate" className="primary" />
        </div>
      ) : (
        <p className="empty" data-testid="evaluate-running">
          Evaluating on the {split} split…
        </p>
      )}
    </div>
  );
}

function Results({ evaluation }: { evaluation: Evaluation }) {
  const distillation = useRunStore((s) => s.run?.distillation);
  return (
    <>
      <div className="evaluate-header">
        <h2>Evaluation</h2>
        <SplitChoice />
        <span className="pill" data-testid="evaluate-split">
          {evaluation.split} split, {formatCount(evaluation.count)} rows
        </span>
      </div>
      <p className="hint">
        {evaluation.split === 'validation'
          ? 'These are the rows behind the validation curves on the Train view: held out from training, but watched by it (early stopping, your tuning).'
          : 'The run never saw these rows, not even to decide when to stop: the honest measure of how the model does on new data.'}
      </p>
      {distillation && <DistillationComparison distillation={distillation} />}
      {evaluation.task === 'regression' ? (
        <RegressionResults evaluation={evaluation} />
      ) : (
        <ClassificationResults key={evaluation.runId} evaluation={evaluation} />
      )}
    </>
  );
}

/** Validation or test: switching evaluates the other split. */
function SplitChoice() {
  const split = useRunStore((s) => s.evaluationSplit);
  const actions = useActions();
  return (
    <select
      aria-label="Split to evaluate"
      data-testid="evaluate-split-choice"
      value={split}
      onChange={(e) => void actions.perform('chooseEvaluationSplit', e.target.value as EvaluationSplit)}
    >
      <option value="validation">validation split</option>
      <option value="test">test split</option>
    </select>
  );
}
