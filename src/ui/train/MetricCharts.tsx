import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { thinEvenly } from '../../model/metrics';
import type { EpochLogs } from '../../workers/protocol';
import type { Run } from '../../state/runStore';
import { useRunStore } from '../../state/StudioProvider';
import { formatMetric } from '../common/format';
import { useThrottledValue } from '../common/useThrottledValue';

/** The metric pairs worth plotting, in Keras's names; a chart appears for each pair the run logs. */
const CHARTS = [
  { metric: 'loss', title: 'Loss' },
  { metric: 'acc', title: 'Accuracy' },
  { metric: 'mse', title: 'Mean squared error' },
  { metric: 'lr', title: 'Learning rate' },
] as const;

/** More points than pixels only costs render time; long runs are thinned evenly, keeping the last epoch. */
const MAX_POINTS = 200;
/**
 * Charts redraw at most once a second. A fast run finishes epochs faster than that, and recharts
 * redrawing four charts for each kept the main thread busy for seconds at a time (bench/longtasks.mjs).
 */
const REDRAW_MS = 1000;

export function MetricCharts() {
  const live = useRunStore((s) => s.run?.history);
  if (!live || live.length === 0) return null;
  const latest = live.at(-1)!.logs;
  const charts = CHARTS.filter(({ metric }) => metric in latest);
  return (
    <div className="charts">
      {charts.map(({ metric, title }, index) => (
        <figure className="chart" key={metric} data-testid={`chart-${metric}`}>
          <figcaption>
            {title}
            <LatestValues logs={latest} metric={metric} />
          </figcaption>
          <MetricChart live={live} redrawOffsetMs={(index * REDRAW_MS) / charts.length} metric={metric} title={title} withValidation={`val_${metric}` in latest} />
        </figure>
      ))}
    </div>
  );
}

interface MetricChartProps {
  readonly live: Run['history'];
  /** Where in each redraw interval this chart redraws: charts take turns, each a short task of its own. */
  readonly redrawOffsetMs: number;
  readonly metric: string;
  readonly title: string;
  readonly withValidation: boolean;
}

/**
 * One curve chart. The latest values beside it are text, cheap to update: they follow every
 * epoch; the curves follow at REDRAW_MS.
 */
function MetricChart({ live, redrawOffsetMs, ...chart }: MetricChartProps) {
  const history = useThrottledValue(live, REDRAW_MS, redrawOffsetMs);
  const rows = useMemo(() => thinEvenly(history, MAX_POINTS).map(({ epoch, logs }) => ({ epoch: epoch + 1, ...logs })), [history]);
  return <CurveChart rows={rows} {...chart} />;
}

/** Memoised on its rows: the view around it re-renders on every epoch, and recharts redrew in full even for the same rows. */
const CurveChart = memo(function CurveChart({ rows, metric, title, withValidation }: { rows: readonly Record<string, number>[]; metric: string; title: string; withValidation: boolean }) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        {/* A number axis gets a few round ticks; a category axis weighed a tick per epoch by measuring its text on every redraw. */}
        <XAxis dataKey="epoch" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} label={{ value: 'epoch', position: 'insideBottomRight', offset: -2 }} />
        <YAxis width={56} tickFormatter={(v: number) => formatMetric(v)} domain={metric === 'acc' ? [0, 1] : ['auto', 'auto']} />
        <Tooltip formatter={(v) => formatMetric(Number(v))} />
        <Legend />
        <Line type="monotone" dataKey={metric} name={withValidation ? 'train' : title.toLowerCase()} stroke="#2563eb" dot={false} isAnimationActive={false} />
        {withValidation && <Line type="monotone" dataKey={`val_${metric}`} name="validation" stroke="#ea580c" dot={false} isAnimationActive={false} />}
      </LineChart>
    </ResponsiveContainer>
  );
});

function LatestValues({ logs, metric }: { logs: EpochLogs; metric: string }) {
  if (!(`val_${metric}` in logs))
    return (
      <span className="latest">
        <strong data-testid={`latest-${metric}`}>{formatMetric(logs[metric])}</strong>
      </span>
    );
  return (
    <span className="latest">
      train <strong data-testid={`latest-${metric}`}>{formatMetric(logs[metric])}</strong> · validation{' '}
      <strong data-testid={`latest-val_${metric}`}>{formatMetric(logs[`val_${metric}`])}</strong>
    </span>
  );
}
