import type { ClassificationEvaluation } from '../../model/evaluation';
import type { AveragedMetrics } from '../../model/metrics';
import { formatCount, formatMetric } from '../common/format';
import { ConfusionMatrix } from './ConfusionMatrix';
import { CurveCharts } from './CurveCharts';
import { MetricText } from './MetricText';

export function ClassificationResults({ evaluation }: { evaluation: ClassificationEvaluation }) {
  const { report } = evaluation;
  return (
    <div className="evaluate-sections">
      <section>
        <dl className="facts evaluate-facts">
          <dt>Accuracy</dt>
          <dd data-testid="eval-accuracy">{formatMetric(report.accuracy)}</dd>
          <dt>Macro average</dt>
          <dd data-testid="eval-macro">
            <Averages metrics={report.macro} />
          </dd>
          <dt>Weighted average</dt>
          <dd data-testid="eval-weighted">
            <Averages metrics={report.weighted} />
          </dd>
          <dt>
            ROC AUC
            {evaluation.task === 'multiclass' ? ' (macro, one-vs-rest)' : ` (${evaluation.labels[1]} as positive)`}
          </dt>
          <dd>
            <MetricText metric={evaluation.rocAuc} testId="eval-roc-auc" />
          </dd>
        </dl>
        <p className="hint">
          Macro: every class counts the same. Weighted: each class by its number of rows, so each row counts once.
        </p>
        <ClassTable evaluation={evaluation} />
      </section>
      <ConfusionMatrix evaluation={evaluation} />
      <CurveCharts evaluation={evaluation} />
    </div>
  );
}

function Averages({ metrics }: { metrics: AveragedMetrics }) {
  return (
    <>
      precision {formatMetric(metrics.precision)} · recall {formatMetric(metrics.recall)} · F1{' '}
      {formatMetric(metrics.f1)}
    </>
  );
}

function ClassTable({ evaluation }: { evaluation: ClassificationEvaluation }) {
  const { perClass } = evaluation.report;
  const dividesByZero = perClass.some((c) => c.predicted === 0 || c.support === 0);
  return (
    <>
      <table className="class-table" data-testid="class-table">
        <thead>
          <tr>
            <th>Class</th>
            <th>Precision</th>
            <th>Recall</th>
            <th>F1</th>
            <th>Support</th>
          </tr>
        </thead>
        <tbody>
          {perClass.map((c) => (
            <tr key={c.label} data-testid={`class-row-${c.label}`}>
              <td>{c.label}</td>
              <td title={c.predicted === 0 ? 'Never predicted: precision is taken as 0.' : undefined}>
                {formatMetric(c.precision)}
                {c.predicted === 0 && '*'}
              </td>
              <td title={c.support === 0 ? 'No rows of this class in the split: recall is taken as 0.' : undefined}>
                {formatMetric(c.recall)}
                {c.support === 0 && '*'}
              </td>
              <td>{formatMetric(c.f1)}</td>
              <td>{formatCount(c.support)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {dividesByZero && (
        <p className="hint" data-testid="divides-by-zero-note">
          * Divides by zero: the model never predicted the class (precision) or the split has no rows of it (recall). It
          is taken as 0, as scikit-learn does.
        </p>
      )}
    </>
  );
}
