import { useMemo, useState } from 'react';
import { COST_MEASURE, costFront, excess, type Candidate, type CostAxis } from '../../sweep/auto/leaderboard';
import type { AutoLimits } from '../../sweep/auto/autoStudy';
import type { Objective } from '../../sweep/studyConfig';
import { formatMetric, formatValue } from '../common/format';
import { Plot, TrialMark } from '../sweep/Plot';
import { logTicks, numericAxis, valueAxis, xSpan, ySpan, type Frame } from '../sweep/plotLayout';

const FRAME: Frame = { width: 420, height: 240, left: 44, right: 12, top: 10, bottom: 30 };

const AXIS_TITLES: Record<CostAxis, string> = { size: 'float32 size (kB)', latency: 'latency (ms per prediction)' };

/** Where a candidate sits along the cost axis: sizes in kB (1,000 bytes, as formatBytes writes them). */
function costOf(candidate: Candidate, axis: CostAxis): number {
  const value = candidate.measures[COST_MEASURE[axis]]!;
  return axis === 'size' ? value / 1000 : value;
}

/**
 * The metric against size or latency (a switch), each finished candidate a dot (those beyond the
 * limits fainter), the Pareto front a line through the candidates no other beats on both. Plain
 * SVG as the Sweep view's plots; its name says what it shows and which candidates are on the front.
 */
export function ParetoChart({
  rows,
  objective,
  limits,
}: {
  rows: readonly Candidate[];
  objective: Objective;
  limits: AutoLimits;
}) {
  const [axis, setAxis] = useState<CostAxis>('size');
  const plot = useMemo(() => {
    const points = rows.filter((c) => c.trial.state === 'complete' && c.measures[COST_MEASURE[axis]] !== undefined);
    const costs = points.map((c) => costOf(c, axis));
    const [low, high] = [Math.min(...costs), Math.max(...costs)];
    // Sizes and latencies of model families span decades: a log axis once they do.
    const log = low > 0 && high / low > 20;
    const x = log
      ? numericAxis({ low, high, log: true, ticks: logTicks(low, high), format: formatValue }, xSpan(FRAME))
      : valueAxis(costs, xSpan(FRAME), formatValue);
    const y = valueAxis(
      points.map((c) => c.trial.value!),
      ySpan(FRAME),
      formatMetric,
    );
    const front = costFront(points, axis, objective.direction);
    return { points, x, y, front };
  }, [rows, axis, objective.direction]);
  const { points, x, y, front } = plot;
  const frontPath = front
    .map((c, i) => `${i === 0 ? 'M' : 'L'}${x.place(costOf(c, axis)).toFixed(1)},${y.place(c.trial.value!).toFixed(1)}`)
    .join('');
  const label =
    points.length === 0
      ? `${objective.metric} against ${AXIS_TITLES[axis]}: no candidate has been measured yet`
      : `${objective.metric} against ${AXIS_TITLES[axis]}, ${points.length} candidates; on the Pareto front: ${front
          .map((c) => `${c.label} (${formatMetric(c.trial.value!)}, ${formatValue(costOf(c, axis))})`)
          .join('; ')}`;
  return (
    <figure className="chart auto-pareto">
      <figcaption>
        {objective.metric} against {axis}
        <span role="radiogroup" aria-label="Chart the metric against" className="auto-axis-switch">
          {(['size', 'latency'] as const).map((option) => (
            <label key={option}>
              <input type="radio" name="auto-cost-axis" checked={axis === option} onChange={() => setAxis(option)} />{' '}
              {option === 'size' ? 'Size' : 'Latency'}
            </label>
          ))}
        </span>
      </figcaption>
      <Plot frame={FRAME} x={x} y={y} xTitle={AXIS_TITLES[axis]} label={label}>
        {front.length > 1 && <path className="plot-line" d={frontPath} />}
        {points.map((c) => (
          <g key={c.trial.number} opacity={excess(c, limits) > 0 ? 0.35 : 1}>
            <TrialMark x={x.place(costOf(c, axis))} y={y.place(c.trial.value!)} best={front.includes(c)}>
              Candidate {c.trial.number}: {c.label}, {objective.metric} {formatMetric(c.trial.value!)},{' '}
              {AXIS_TITLES[axis]} {formatValue(costOf(c, axis))}
            </TrialMark>
          </g>
        ))}
      </Plot>
    </figure>
  );
}
