import { memo, useMemo, useState } from 'react';
import { paramLabel } from '../../sweep/space';
import { bestTrial, type StudyState, type Trial } from '../../sweep/study';
import { useProjectStore, useSweepStore } from '../../state/StudioProvider';
import type { Domain, ParamValue, SearchSpace, Objective } from '../../sweep/studyConfig';
import { formatDuration, formatMetric, formatValue } from '../common/format';
import { useThrottledValue } from '../common/useThrottledValue';
import { BestSoFar } from './BestSoFar';
import { ParamImportance } from './ParamImportance';
import { SlicePlots } from './SlicePlots';
import { Staged } from './Staged';
import { chartOffsetMs, FINISHED_CHART_INTERVAL_MS, useCompleteTrials, type LabelOf } from './sweepCharts';
import { TrialCurves } from './TrialCurves';

const STATE_LABELS: Record<Trial['state'], string> = {
  waiting: 'waiting',
  running: 'running',
  complete: 'complete',
  pruned: 'pruned',
  failed: 'failed',
};

/** About a chart card's height, held by its place until it is first drawn. */
const CHART_HEIGHT = 260;

/** The status line and the table follow the trials this often: every epoch of 4 workers is far more than a person reads. */
const LIVE_INTERVAL_MS = 500;

/**
 * The trials as they run: status line, best-so-far curve, per-trial learning curves, parallel
 * coordinates, parameter importance, slice plots and a sortable table. Only the per-epoch curves
 * follow every report (throttled); the charts of finished trials redraw when a trial finishes,
 * each in a task of its own (and are first drawn so too), so the page stays responsive while several workers report.
 */
export function SweepResults() {
  const live = useSweepStore((s) => s.study);
  const project = useProjectStore((s) => s.project);
  const study = useThrottledValue(live, LIVE_INTERVAL_MS);
  const complete = useCompleteTrials(live?.trials ?? []);
  const labelOf = useMemo<LabelOf>(() => (path) => paramLabel(project, path), [project]);
  if (!live || !study) return null;
  const { config } = live;
  return (
    <section className="sweep-results">
      <StatusLine study={study} />
      <div className="charts">
        <Staged index={1} minHeight={CHART_HEIGHT}>
          <BestSoFar complete={complete} objective={config.objective} />
        </Staged>
        <Staged index={0} minHeight={CHART_HEIGHT}>
          <TrialCurves study={live} />
        </Staged>
        <Staged index={2} minHeight={CHART_HEIGHT}>
          <ParallelCoordinates
            complete={complete}
            space={config.space}
            objective={config.objective}
            labelOf={labelOf}
          />
        </Staged>
        <Staged index={3} minHeight={CHART_HEIGHT}>
          <ParamImportance complete={complete} space={config.space} labelOf={labelOf} />
        </Staged>
      </div>
      <SlicePlots complete={complete} space={config.space} objective={config.objective} labelOf={labelOf} />
      <TrialsTable study={study} labelOf={labelOf} />
    </section>
  );
}

function StatusLine({ study }: { study: StudyState }) {
  const { direction, metric } = study.config.objective;
  const best = bestTrial(study.trials, direction);
  const count = (state: Trial['state']) => study.trials.filter((t) => t.state === state).length;
  return (
    <p className="run-status" data-testid="sweep-status" data-status={study.status}>
      Sweep {study.status}
      {study.stopReason && ` (${STOP_REASONS[study.stopReason]})`} · {study.trials.length} trials: {count('complete')}{' '}
      complete, {count('pruned')} pruned, {count('failed')} failed
      {best && (
        <>
          {' '}
          · best <strong data-testid="sweep-best">{formatMetric(best.value!)}</strong> ({metric}, trial {best.number})
        </>
      )}
    </p>
  );
}

const STOP_REASONS = {
  user: 'stopped by you',
  trials: 'trial budget spent',
  time: 'time budget spent',
  exhausted: 'every grid point tried',
} as const;

const PC_WIDTH = 400;
const PC_HEIGHT = 220;
const PC_PAD = 24;

/** Where a value sits on its axis, 0 (bottom) to 1 (top): log ranges on a log scale, choices evenly spaced. */
function position(domain: Domain, value: ParamValue): number {
  if (domain.type === 'categorical')
    return domain.choices.length < 2 ? 0.5 : domain.choices.indexOf(value) / (domain.choices.length - 1);
  const v = Number(value);
  const [low, high, x] = domain.log
    ? [Math.log(domain.low), Math.log(domain.high), Math.log(v)]
    : [domain.low, domain.high, v];
  return high > low ? (x - low) / (high - low) : 0.5;
}

/**
 * One axis per searched param and one for the objective; each finished trial a line, the better the
 * bolder: the accent colour (styles.css, a light-dark() pair) at an opacity and width that grow with
 * the trial's value, the best drawn last, on top. Lighter for worse reads the same in both schemes.
 */
const ParallelCoordinates = memo(function ParallelCoordinates({
  complete: latest,
  space,
  objective,
  labelOf,
}: {
  complete: readonly Trial[];
  space: SearchSpace;
  objective: Objective;
  labelOf: LabelOf;
}) {
  const complete = useThrottledValue(latest, FINISHED_CHART_INTERVAL_MS, chartOffsetMs(2));
  const lines = useMemo(() => {
    const values = complete.map((t) => t.value!);
    const [min, max] = [Math.min(...values), Math.max(...values)];
    const level = (v: number) => (max > min ? (v - min) / (max - min) : 0.5);
    const quality = (v: number) => (max > min ? (objective.direction === 'minimize' ? 1 - level(v) : level(v)) : 1);
    const x = (i: number) => PC_PAD + (i * (PC_WIDTH - 2 * PC_PAD)) / Math.max(1, space.length);
    const y = (p: number) => Math.round((PC_HEIGHT - PC_PAD - p * (PC_HEIGHT - 2 * PC_PAD)) * 10) / 10;
    return complete
      .map((trial) => {
        const points = [
          ...space.map((p, i) => [x(i), y(position(p.domain, trial.params[p.path]!))]),
          [x(space.length), y(level(trial.value!))],
        ];
        return { trial, q: quality(trial.value!), points: points.map(([px, py]) => `${px},${py}`).join(' ') };
      })
      .sort((a, b) => a.q - b.q);
  }, [complete, space, objective.direction]);
  const axes = space.length + 1;
  const x = (i: number) => PC_PAD + (i * (PC_WIDTH - 2 * PC_PAD)) / Math.max(1, axes - 1);
  const best = lines.at(-1)?.trial;
  return (
    <figure className="chart" data-testid="parallel-coordinates">
      <figcaption>Parallel coordinates (each finished trial a line; the better, the bolder)</figcaption>
      <svg
        className="plot"
        viewBox={`0 0 ${PC_WIDTH} ${PC_HEIGHT}`}
        width="100%"
        role="img"
        aria-label={`Parallel coordinates of ${lines.length} finished trials${best ? `; the best, trial ${best.number}, has ${objective.metric} ${formatMetric(best.value!)}` : ''}`}
      >
        {[...space.map((p) => labelOf(p.path)), objective.metric].map((label, i) => (
          <g key={label}>
            <line className="plot-axis" x1={x(i)} x2={x(i)} y1={PC_PAD} y2={PC_HEIGHT - PC_PAD} />
            {/* The end axes' labels run inward, so they are not cut at the figure's edges. */}
            <text
              x={x(i)}
              y={PC_PAD - 8}
              textAnchor={i === 0 ? 'start' : i === axes - 1 ? 'end' : 'middle'}
              fontSize={10}
            >
              {label}
            </text>
          </g>
        ))}
        {lines.map(({ trial, q, points }) => (
          <polyline
            key={trial.number}
            className="pc-line"
            data-testid="pc-line"
            points={points}
            strokeOpacity={0.2 + 0.8 * q}
            strokeWidth={1 + 1.5 * q}
          >
            <title>
              Trial {trial.number}: {objective.metric} {formatMetric(trial.value!)}
            </title>
          </polyline>
        ))}
      </svg>
    </figure>
  );
});

type SortKey = 'number' | 'state' | 'value' | 'duration' | string;

function TrialsTable({ study, labelOf }: { study: StudyState; labelOf: LabelOf }) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'number', descending: false });
  const { space } = study.config;
  const duration = (t: Trial) => (t.endedAt ?? study.lastEventAt) - t.startedAt;
  const keyOf = (t: Trial): number | string => {
    if (sort.key === 'number') return t.number;
    if (sort.key === 'state') return t.state;
    if (sort.key === 'value') return t.value ?? Number.POSITIVE_INFINITY;
    if (sort.key === 'duration') return duration(t);
    const v = t.params[sort.key];
    return typeof v === 'number' ? v : String(v);
  };
  const rows = [...study.trials].sort((a, b) => {
    const [ka, kb] = [keyOf(a), keyOf(b)];
    const order = ka < kb ? -1 : ka > kb ? 1 : 0;
    return sort.descending ? -order : order;
  });
  const header = (key: SortKey, label: string) => (
    <th key={key} aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        className="link"
        onClick={() => setSort({ key, descending: sort.key === key && !sort.descending })}
      >
        {label}
      </button>
    </th>
  );
  return (
    <div className="table-scroll">
      <table className="columns-table" data-testid="sweep-trials">
        <thead>
          <tr>
            {header('number', '#')}
            {header('state', 'Status')}
            {space.map((p) => header(p.path, labelOf(p.path)))}
            {header('value', study.config.objective.metric)}
            {header('duration', 'Duration')}
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <TrialRow key={t.number} trial={t} space={space} durationMs={duration(t)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One row; redrawn only when its trial changes (a running one's duration too). */
const TrialRow = memo(function TrialRow({
  trial: t,
  space,
  durationMs,
}: {
  trial: Trial;
  space: SearchSpace;
  durationMs: number;
}) {
  return (
    <tr
      data-testid="sweep-trial"
      data-state={t.state}
      data-imported={t.imported ? true : undefined}
      title={
        [t.imported && `Imported: trial ${t.imported.number} of the Optuna study "${t.imported.study}"`, t.error]
          .filter(Boolean)
          .join('. ') || undefined
      }
    >
      <td>{t.number}</td>
      <td>
        {STATE_LABELS[t.state]}
        {t.imported && ' (imported)'}
      </td>
      {space.map((p) => (
        <td key={p.path}>{t.params[p.path] === undefined ? '' : formatValue(t.params[p.path]!)}</td>
      ))}
      <td>
        {t.value === null
          ? t.intermediate.length > 0
            ? `(${formatMetric(t.intermediate.at(-1)!.value)})`
            : ''
          : formatMetric(t.value)}
      </td>
      <td>{formatDuration(durationMs)}</td>
    </tr>
  );
});
