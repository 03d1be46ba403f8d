import { useMemo, useState } from 'react';
import type uPlot from 'uplot';
import { thinEvenly } from '../../model/metrics';
import type { EpochLogs } from '../../model/run';
import type { Run } from '../../state/runStore';
import { useAnalysis } from '../../state/analysis';
import { useProjectStore, useRunStore } from '../../state/StudioProvider';
import { formatMetric } from '../common/format';
import { useThrottledValue } from '../common/useThrottledValue';
import { LiveCurve, type CurveRange, type CurveSeries } from './LiveCurve';

/** The metric pairs worth plotting, in Keras's names; a chart appears for each pair the run logs. */
const CHARTS = [
  { metric: 'loss', title: 'Loss' },
  { metric: 'acc', title: 'Accuracy' },
  { metric: 'mse', title: 'Mean squared error' },
  { metric: 'lr', title: 'Learning rate' },
] as const;

/** More points than pixels only costs drawing time; long runs are thinned evenly, keeping the last epoch. */
const MAX_POINTS = 500;
/** A fast run finishes dozens of epochs a second: the curves follow four times a second, which the eye cannot tell from every epoch. */
const REDRAW_MS = 250;
const CHART_HEIGHT = 220;

/** Accuracy lies in [0, 1]; a learning rate is never negative. */
const Y_RANGES: Readonly<Record<string, CurveRange>> = { acc: [0, 1], lr: [0, 'auto'] };
const NO_HISTORY: Run['history'] = [];
const TRAIN_COLOUR = '#2563eb';
const VALIDATION_COLOUR = '#ea580c';
const TRAIN_AND_VALIDATION: readonly CurveSeries[] = [
  { label: 'train', colour: TRAIN_COLOUR },
  { label: 'validation', colour: VALIDATION_COLOUR },
];

/**
 * The live curves. Before the first epoch the charts the run will fill are drawn empty, named
 * from the task: the layout does not jump when a run starts.
 */
export function MetricCharts() {
  const live = useRunStore((s) => s.run?.history) ?? NO_HISTORY;
  const planned = usePlannedLogs();
  const logged = live.at(-1)?.logs ?? planned;
  return logged ? <HistoryCharts history={live} logged={logged} /> : null;
}

/**
 * A chart for each metric pair `logged` names (training, validation or both), drawn from `history`: a
 * run's live curves, or a finished one's (an Auto candidate's).
 */
export function HistoryCharts({
  history,
  logged,
}: {
  history: Run['history'];
  logged: Readonly<Record<string, unknown>>;
}) {
  const latest = history.at(-1)?.logs;
  const charts = CHARTS.filter(({ metric }) => metric in logged || `val_${metric}` in logged);
  return (
    <div className="charts">
      {charts.map(({ metric, title }, index) => (
        <MetricChart
          key={metric}
          live={history}
          latest={latest}
          redrawOffsetMs={((index + 0.5) * REDRAW_MS) / charts.length}
          metric={metric}
          title={title}
          withValidation={`val_${metric}` in logged}
        />
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
  readonly latest: EpochLogs | undefined;
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
 * One metric's chart. The values in the caption follow every epoch, or the epoch under the
 * pointer; the curves follow at REDRAW_MS.
 */
function MetricChart({ live, latest, redrawOffsetMs, metric, title, withValidation }: MetricChartProps) {
  const history = useThrottledValue(live, REDRAW_MS, redrawOffsetMs);
  const rows = useMemo(() => thinEvenly(history, MAX_POINTS), [history]);
  const data = useMemo(() => curveData(rows, metric, withValidation), [rows, metric, withValidation]);
  const series = useMemo(
    () => (withValidation ? TRAIN_AND_VALIDATION : [{ label: title.toLowerCase(), colour: TRAIN_COLOUR }]),
    [withValidation, title],
  );
  const [hovered, setHovered] = useState<number | null>(null);
  const pointed = hovered === null ? undefined : rows[hovered];
  return (
    <figure className="chart" data-testid={`chart-${metric}`}>
      <figcaption>
        {title}
        <LatestValues
          logs={pointed?.logs ?? latest}
          epoch={pointed && pointed.epoch + 1}
          metric={metric}
          withValidation={withValidation}
        />
      </figcaption>
      <LiveCurve
        data={data}
        series={series}
        {...(Y_RANGES[metric] && { range: Y_RANGES[metric] })}
        height={CHART_HEIGHT}
        label={`${title} by epoch`}
        emptyText="The curve starts after the first epoch."
        onHover={setHovered}
      />
    </figure>
  );
}

/** uPlot's columns: epochs (1-based), then the training values, then the validation ones. */
function curveData(rows: Run['history'], metric: string, withValidation: boolean): uPlot.AlignedData {
  const column = (name: string) => rows.map(({ logs }) => logs[name] ?? null);
  return [rows.map(({ epoch }) => epoch + 1), column(metric), ...(withValidation ? [column(`val_${metric}`)] : [])];
}

/** The latest values (or the pointed epoch's), which double as the legend: each line's name in its colour. "—" before the first epoch. */
function LatestValues({
  logs,
  epoch,
  metric,
  withValidation,
}: {
  logs: EpochLogs | undefined;
  epoch: number | undefined;
  metric: string;
  withValidation: boolean;
}) {
  const value = (name: string) => (logs && name in logs ? formatMetric(logs[name]) : '—');
  const at = epoch !== undefined && <>epoch {epoch}: </>;
  if (!withValidation)
    return (
      <span className="latest">
        {at}
        <strong data-testid={`latest-${metric}`}>{value(metric)}</strong>
      </span>
    );
  return (
    <span className="latest">
      {at}
      <span className="swatch" style={{ background: TRAIN_COLOUR }} />
      train <strong data-testid={`latest-${metric}`}>{value(metric)}</strong> ·{' '}
      <span className="swatch" style={{ background: VALIDATION_COLOUR }} />
      validation <strong data-testid={`latest-val_${metric}`}>{value(`val_${metric}`)}</strong>
    </span>
  );
}
