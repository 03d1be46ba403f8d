import type { ReactNode } from 'react';
import type { Distillation, ModelFigures } from '../../model/distillation';
import type { EvaluationSplit } from '../../model/evaluation';
import { formatBytes, formatCount, formatMetric, formatValue } from '../common/format';
import { MetricText } from './MetricText';

const SPLITS: readonly EvaluationSplit[] = ['validation', 'test'];

/** A distilled student beside its teacher: what each scores, weighs and costs per prediction. */
export function DistillationComparison({ distillation }: { distillation: Distillation }) {
  const { teacher, student, settings } = distillation;
  const metricName = (student.metrics.validation ?? student.metrics.test)?.name ?? 'metric';
  const rows: readonly { label: string; cell: (figures: ModelFigures) => ReactNode }[] = [
    ...SPLITS.map((split) => ({
      label: `${metricName}, ${split} split`,
      cell: (figures: ModelFigures) => {
        const metric = figures.metrics[split];
        return metric ? <MetricText metric={metric.value} /> : '—';
      },
    })),
    { label: 'Parameters', cell: (figures) => formatCount(figures.measures.params) },
    { label: 'Size, float32', cell: (figures) => formatBytes(figures.measures.float32Bytes) },
    { label: 'Size, uint8', cell: (figures) => formatBytes(figures.measures.uint8Bytes) },
    {
      label: 'Latency (ms per example)',
      cell: (figures) => `${formatMetric(figures.measures.latencyMs)} on ${figures.measures.backend}`,
    },
  ];
  return (
    <section aria-labelledby="distillation-title">
      <h3 id="distillation-title">Teacher and student</h3>
      <p className="hint">
        This model was distilled from {distillation.teacherRunId} (α {formatValue(settings.alpha)}, temperature{' '}
        {formatValue(settings.temperature)}). Latency is the median of single predictions in the training worker, each
        on the backend it ran on.
      </p>
      <table className="class-table" aria-label="Teacher and student">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Teacher</th>
            <th scope="col">Student</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ label, cell }) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{cell(teacher)}</td>
              <td>{cell(student)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
