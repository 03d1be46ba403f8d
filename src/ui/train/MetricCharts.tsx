import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { thinEvenly } from '../../model/metrics';
import type { EpochLogs } from '../../workers/protocol';
import type { Run } from '../../state/runStore';
import { useAnalysis } from '../../state/analysis';
import { useProjectStore, useRunStore } from '../../state/StudioProvider';
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

/** Accuracy lies in [0, 1]; a learning rate is never negative (auto bounds around a constant rate made up a tick below 0). */
const Y_DOMAINS: Readonly<Record<string, [number, number | 'auto']>> = { acc: [0, 1], lr: [0, 'auto'] };
const NO_HISTORY: Run['history'] = [];
const TRAIN_COLOUR = '#2563eb';
const VALIDATION_COLOUR = '#ea580c';

/**
 * The live curves. Before the first epoch the charts the run will fill are drawn empty: a chart's
 * first draw is recharts' costliest (about 0.2 s each here), and drawn at the run's first epoch
 * it held the main thread while training (bench/longtasks.mjs). Drawn with the view, the layout
 * does not jump when a run starts either.
 */
export function MetricCharts() {
  const live = useRunStore((s) => s.run?.history) ?? NO_HISTORY;
  const planned = usePlannedLogs();
  const latest = live.at(-1)?.logs;
  const logged = latest ?? planned;
  if (!logged) return null;
  const charts = CHARTS.filter(({ metric }) => metric in logged);
  return (
    <div className="charts">
      {charts.map(({ metric, title }, index) => (
        <figure className="chart" key={metric} data-testid={`chart-${metric}`}>
          <figcaption>
            {title}
            <LatestValues logs={latest} metric={metric} withValidation={`val_${metric}` in logged} />
          </figcaption>
          <MetricChart live={live} redrawOffsetMs={((index + 0.5) * REDRAW_MS) / charts.length} metric={metric} title={title} withValidation={`val_${metric}` in logged} />
        </figure>
      ))}
    </div>
  );
}

/** The names the next run will log (what train.ts logs for the task and split), with no values yet; undefined without data to train on. */
function usePlannedLogs(): Record<string, undefined> | undefined {
  const task = useAnalysis().data?.task;
  const withValidation = useProjectStore((s) => s.project.data.validationFraction > 0);
  if (!task) return undefined;
  const metric = task === 'regression' ? 'mse' : 'acc';
  const names = ['loss', metric, ...(withValidation ? ['val_loss', `val_${metric}`] : []), 'lr'];
  return Object.fromEntries(names.map((name) => [name, undefined]));
}

interface MetricChartProps {
  readonly live: Run['history'];
  /**
   * Where in each redraw interval this chart redraws: charts take turns, each a short task of its
   * own, none in the task that brings the epoch (which updates the rest of the view).
   */
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
        {/*
          A number axis gets a few round ticks; a category axis weighed a tick per epoch by measuring its text on every redraw.
          interval 0 shows those few ticks without measuring each label's text in the DOM to thin them out.
        */}
        <XAxis dataKey="epoch" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} interval={0} label={{ value: 'epoch', position: 'insideBottomRight', offset: -2 }} />
        <YAxis width={56} tickFormatter={(v: number) => formatMetric(v)} domain={Y_DOMAINS[metric] ?? ['auto', 'auto']} interval={0} />
        <Tooltip formatter={(v) => formatMetric(Number(v))} />
        {/* No recharts Legend: it measures itself after every draw and draws the chart again; the caption names the lines. */}
        <Line type="monotone" dataKey={metric} name={withValidation ? 'train' : title.toLowerCase()} stroke={TRAIN_COLOUR} dot={false} isAnimationActive={false} />
        {withValidation && <Line type="monotone" dataKey={`val_${metric}`} name="validation" stroke={VALIDATION_COLOUR} dot={false} isAnimationActive={false} />}
      </LineChart>
    </ResponsiveContainer>
  );
});

/** The latest values, which double as the legend: each line's name in its colour. "—" before the first epoch. */
function LatestValues({ logs, metric, withValidation }: { logs: EpochLogs | undefined; metric: string; withValidation: boolean }) {
  const value = (name: string) => (logs && name in logs ? formatMetric(logs[name]) : '—');
  if (!withValidation)
    return (
      <span className="latest">
        <strong data-testid={`latest-${metric}`}>{value(metric)}</strong>
      </span>
    );
  return (
    <span className="latest">
      <span className="swatch" style={{ background: TRAIN_COLOUR }} />
      train <strong data-testid={`latest-${metric}`}>{value(metric)}</strong> · <span className="swatch" style={{ background: VALIDATION_COLOUR }} />
      validation <strong data-testid={`latest-val_${metric}`}>{value(`val_${metric}`)}</strong>
    </span>
  );
}
