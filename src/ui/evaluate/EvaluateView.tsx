import { useEffect } from 'react';
import type { Evaluation } from '../../model/evaluation';
import { hasTrainedWeights, isActive } from '../../state/runStore';
import { useRunStore } from '../../state/StudioProvider';
import { ActionButton, useActions } from '../common/ActionsContext';
import { formatCount } from '../common/format';
import { ClassificationResults } from './ClassificationResults';
import { RegressionResults } from './RegressionResults';

/** The last run's model measured on held-out rows; evaluates by itself once a run has ended with weights. */
export function EvaluateView() {
  const run = useRunStore((s) => s.run);
  const evaluation = useRunStore((s) => s.evaluation);
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
            : 'Train a model first: its evaluation on the validation split appears here.'}
        </p>
      ) : evaluation?.status === 'done' ? (
        <Results evaluation={evaluation.result} />
      ) : evaluation?.status === 'failed' ? (
        <div className="evaluate-failed">
          <p className="field-error" role="alert" data-testid="evaluate-error">
            {evaluation.error}
          </p>
          <ActionButton name="evaluate" className="primary" />
        </div>
      ) : (
        <p className="empty" data-testid="evaluate-running">
          Evaluating on the validation split…
        </p>
      )}
    </div>
  );
}

function Results({ evaluation }: { evaluation: Evaluation }) {
  return (
    <>
      <div className="evaluate-header">
        <h2>Evaluation</h2>
        <span className="pill" data-testid="evaluate-split">
          {evaluation.split} split, {formatCount(evaluation.count)} rows
        </span>
      </div>
      <p className="hint">
        These are the rows behind the validation curves on the Train view, held out from training. A separate test split,
        untouched while you tune, is not available yet.
      </p>
      {evaluation.task === 'regression' ? <RegressionResults evaluation={evaluation} /> : <ClassificationResults key={evaluation.runId} evaluation={evaluation} />}
    </>
  );
}
