import { useState } from 'react';
import { CartesianGrid, ComposedChart, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { paramLabel, type Domain, type ParamValue } from '../../sweep/space';
import { bestTrial, isBetter, type StudyState, type Trial } from '../../sweep/study';
import { formatDuration, formatMetric } from '../common/format';
import { useThrottledValue } from '../common/useThrottledValue';
import { ParamImportance } from './ParamImportance';
import { SlicePlots } from './SlicePlots';
import { TrialCurves } from './TrialCurves';

const STATE_LABELS: Record<Trial['state'], string> = { waiting: 'waiting', running: 'running', complete: 'complete', pruned: 'pruned', failed: 'failed' };

/** Charts redraw at most this often while trials report; the status line and table stay live. */
const CHART_INTERVAL_MS = 1000;

/**
 * The trials as they run: status line, best-so-far curve, per-trial learning curves, parallel
 * coordinates, parameter importance, slice plots and a sortable table.
 */
export function SweepResults({ study }: { study: StudyState }) {
  const charted = useThrottledValue(study, CHART_INTERVAL_MS);
  const { direction, metric } = study.config.objective;
  const best = bestTrial(study.trials, direction);
  const done = study.trials.filter((t) => t.state === 'complete').length;
  return (
    <section className="sweep-results">
      <p className="run-status" data-testid="sweep-status" data-status={study.status}>
        Sweep {study.status}
        {study.stopReason && ` (${STOP_REASONS[study.stopReason]})`} · {study.trials.length} trials: {done} complete,{' '}
        {study.trials.filter((t) => t.state === 'pruned').length} pruned, {study.trials.filter((t) => t.state === 'failed').length} failed
        {best && (
          <>
            {' '}
            · best <strong data-testid="sweep-best">{formatMetric(best.value!)}</strong> ({metric}, trial {best.number})
          </>
        )}
      </p>
      <div className="charts">
        <BestSoFar study={charted} />
        <TrialCurves study={charted} />
        <ParallelCoordinates study={charted} />
        <ParamImportance study={charted} />
      </div>
      <SlicePlots study={charted} />
      <TrialsTable study={study} />
    </section>
  );
}

const STOP_REASONS = { user: 'stopped by you', trials: 'trial budget spent', time: 'time budget spent', exhausted: 'every grid point tried' } as const;

function BestSoFar({ study }: { study: StudyState }) {
  const { direction, metric } = study.config.objective;
  const finished = study.trials.filter((t) => t.state === 'complete' && t.value !== null).sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0));
  const points: { finished: number; value: number; best: number }[] = [];
  for (const [i, t] of finished.entries()) {
    const previous = points.at(-1)?.best;
    points.push({ finished: i + 1, value: t.value!, best: previous === undefined || isBetter(t.value!, previous, direction) ? t.value! : previous });
  }
  return (
    <figure className="chart" data-testid="sweep-best-so-far">
      <figcaption>Best {metric} so far</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="finished" label={{ value: 'trials finished', position: 'insideBottomRight', offset: -2 }} />
          <YAxis width={56} tickFormatter={(v: number) => formatMetric(v)} domain={['auto', 'auto']} />
          <Tooltip formatter={(v) => formatMetric(Number(v))} />
          <Scatter dataKey="value" name="trial" fill="#94a3b8" isAnimationActive={false} />
          <Line type="stepAfter" dataKey="best" name="best so far" stroke="#2563eb" dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}

const PC_WIDTH = 560;
const PC_HEIGHT = 220;
const PC_PAD = 24;

/** Where a value sits on its axis, 0 (bottom) to 1 (top): log ranges on a log scale, choices evenly spaced. */
function position(domain: Domain, value: ParamValue): number {
  if (domain.type === 'categorical') return domain.choices.length < 2 ? 0.5 : domain.choices.indexOf(value) / (domain.choices.length - 1);
  const v = Number(value);
  const [low, high, x] = domain.log ? [Math.log(domain.low), Math.log(domain.high), Math.log(v)] : [domain.low, domain.high, v];
  return high > low ? (x - low) / (high - low) : 0.5;
}

/** One axis per searched param and one for the objective; each finished trial a line, darker the better. */
function ParallelCoordinates({ study }: { study: StudyState }) {
  const { space, objective } = study.config;
  const complete = study.trials.filter((t) => t.state === 'complete' && t.value !== null);
  const values = complete.map((t) => t.value!);
  const [min, max] = [Math.min(...values), Math.max(...values)];
  const quality = (v: number) => {
    const t = max > min ? (v - min) / (max - min) : 1;
    return objective.direction === 'minimize' ? 1 - t : t;
  };
  const axes = space.length + 1;
  const x = (i: number) => PC_PAD + (i * (PC_WIDTH - 2 * PC_PAD)) / Math.max(1, axes - 1);
  const y = (p: number) => PC_HEIGHT - PC_PAD - p * (PC_HEIGHT - 2 * PC_PAD);
  return (
    <figure className="chart" data-testid="parallel-coordinates">
      <figcaption>Parallel coordinates (each finished trial a line; darker is better)</figcaption>
      <svg viewBox={`0 0 ${PC_WIDTH} ${PC_HEIGHT}`} width="100%" role="img" aria-label="Parallel coordinates of the finished trials">
        {[...space.map((p) => paramLabel(p.path)), objective.metric].map((label, i) => (
          <g key={label}>
            <line x1={x(i)} x2={x(i)} y1={PC_PAD} y2={PC_HEIGHT - PC_PAD} stroke="#cbd5e1" />
            {/* The end axes' labels run inward, so they are not cut at the figure's edges. */}
            <text x={x(i)} y={PC_PAD - 8} textAnchor={i === 0 ? 'start' : i === axes - 1 ? 'end' : 'middle'} fontSize={10}>
              {label}
            </text>
          </g>
        ))}
        {complete.map((trial) => {
          const points = [...space.map((p, i) => [x(i), y(position(p.domain, trial.params[p.path]!))]), [x(space.length), y(max > min ? (trial.value! - min) / (max - min) : 0.5)]];
          const q = quality(trial.value!);
          return (
            <polyline
              key={trial.number}
              data-testid="pc-line"
              points={points.map(([px, py]) => `${px},${py}`).join(' ')}
              fill="none"
              stroke={`hsl(221 83% ${75 - 45 * q}%)`}
              strokeWidth={1 + q}
            >
              <title>
                Trial {trial.number}: {objective.metric} {formatMetric(trial.value!)}
              </title>
            </polyline>
          );
        })}
      </svg>
    </figure>
  );
}

type SortKey = 'number' | 'state' | 'value' | 'duration' | string;

function TrialsTable({ study }: { study: StudyState }) {
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
      <button type="button" className="link" onClick={() => setSort({ key, descending: sort.key === key && !sort.descending })}>
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
            {space.map((p) => header(p.path, paramLabel(p.path)))}
            {header('value', study.config.objective.metric)}
            {header('duration', 'Duration')}
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.number} data-testid="sweep-trial" data-state={t.state} title={t.error ?? undefined}>
              <td>{t.number}</td>
              <td>{STATE_LABELS[t.state]}</td>
              {space.map((p) => (
                <td key={p.path}>{formatParam(t.params[p.path])}</td>
              ))}
              <td>{t.value === null ? (t.intermediate.length > 0 ? `(${formatMetric(t.intermediate.at(-1)!.value)})` : '') : formatMetric(t.value)}</td>
              <td>{formatDuration(duration(t))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function formatParam(value: ParamValue | undefined): string {
  return typeof value === 'number' ? formatMetric(value) : String(value ?? '');
}
