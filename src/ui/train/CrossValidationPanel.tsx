import { describeEstimate } from '../../model/crossValidation';
import { formatMetric } from '../../model/format';
import { useProjectStore, useRunStore } from '../../state/StudioProvider';
import { ActionButton } from '../common/ActionsContext';

/** The project's k-fold estimate: started here, its progress, then mean ± sd with each fold's value. */
export function CrossValidationPanel() {
  const crossValidation = useRunStore((s) => s.crossValidation);
  const changedSince = useProjectStore(
    (s) =>
      crossValidation !== null &&
      (s.project.graph !== crossValidation.of.graph ||
        s.project.data !== crossValidation.of.data ||
        s.project.training !== crossValidation.of.training),
  );
  return (
    <section aria-label="Cross-validation">
      <h2>Estimate</h2>
      <div className="button-row">
        <ActionButton name="estimateWithCrossValidation" />
        {crossValidation?.status === 'running' && <ActionButton name="stopCrossValidation" />}
      </div>
      <p className="hint">
        Trains the model once per fold, each validated on rows the others train on; the test split stays untouched.
      </p>
      {crossValidation?.status === 'running' && (
        <>
          <p className="hint" role="status">
            {crossValidation.ended} of {crossValidation.folds} folds trained…
          </p>
          <progress max={crossValidation.folds} value={crossValidation.ended} aria-label="Cross-validation progress" />
        </>
      )}
      {crossValidation?.status === 'done' && (
        <div data-testid="cross-validation-estimate">
          <p>
            <strong>{describeEstimate(crossValidation.estimate)}</strong>
          </p>
          <p className="hint">
            Per fold: {crossValidation.estimate.values.map((value) => formatMetric(value)).join(', ')}
          </p>
          {crossValidation.estimate.reduced && <p className="hint">{crossValidation.estimate.reduced}</p>}
        </div>
      )}
      {crossValidation?.status === 'failed' && <p className="field-error">{crossValidation.error}</p>}
      {changedSince && crossValidation?.status !== 'running' && (
        <p className="hint">The model, data or settings have changed since this estimate.</p>
      )}
    </section>
  );
}
