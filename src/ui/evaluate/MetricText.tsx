import type { MetricValue } from '../../model/metrics';
import { formatMetric } from '../common/format';

/** A metric that may be undefined: the number, or "undefined" with the reason beside it, never a bare NaN. */
export function MetricText({ metric, testId }: { metric: MetricValue; testId?: string }) {
  if (metric.value !== null) return <span data-testid={testId}>{formatMetric(metric.value)}</span>;
  return (
    <span data-testid={testId} className="metric-undefined" title={`Undefined: ${metric.undefinedBecause}.`}>
      undefined <span className="hint">({metric.undefinedBecause})</span>
    </span>
  );
}

/** "0.953" or "undefined": for legends and labels, where there is no room for the reason. */
export function metricLabel(metric: MetricValue): string {
  return metric.value === null ? 'undefined' : formatMetric(metric.value);
}
