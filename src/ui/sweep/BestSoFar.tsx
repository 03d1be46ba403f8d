import { memo, useMemo } from 'react';
import { isBetter, type Trial } from '../../sweep/study';
import type { Objective } from '../../sweep/studyConfig';
import { formatMetric } from '../common/format';
import { useThrottledValue } from '../common/useThrottledValue';
import { Plot, TrialMark } from './Plot';
import { bestSoFar, numericAxis, rangeTicks, stepPath, valueAxis, xSpan, ySpan, type Frame } from './plotLayout';
import { chartOffsetMs, FINISHED_CHART_INTERVAL_MS } from './sweepCharts';

/** About the size it is shown at in a column of the view's grid, so that its text reads at about its own size. */
const FRAME: Frame = { width: 360, height: 210, left: 44, right: 12, top: 10, bottom: 30 };

/**
 * Each finished trial's objective in the order they finished, and the best so far as a step line.
 * Plain SVG laid out once per finished trial: Recharts spent 50–200 ms of main thread on it.
 */
export const BestSoFar = memo(function BestSoFar({
  complete,
  objective,
}: {
  complete: readonly Trial[];
  objective: Objective;
}) {
  const shown = useThrottledValue(complete, FINISHED_CHART_INTERVAL_MS, chartOffsetMs(1));
  const { direction, metric } = objective;
  const plot = useMemo(() => {
    const finished = [...shown].sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0));
    const values = finished.map((t) => t.value!);
    const best = bestSoFar(values, (a, b) => isBetter(a, b, direction));
    // Half a trial of room at either end, so that the first and last points are clear of the frame.
    const x = numericAxis(
      {
        low: 0.5,
        high: Math.max(1, finished.length) + 0.5,
        ticks: rangeTicks(1, Math.max(1, finished.length), { integers: true }),
        format: String,
      },
      xSpan(FRAME),
    );
    const y = valueAxis(values, ySpan(FRAME), formatMetric);
    const line = stepPath(best.map((v, i) => [x.place(i + 1), y.place(v)]));
    const bestAt = finished.findIndex((_, i) => values[i] === best.at(-1));
    return { finished, values, best, x, y, line, bestAt };
  }, [shown, direction]);
  const { finished, values, best, x, y, line, bestAt } = plot;
  const label =
    finished.length === 0
      ? `Best ${metric} so far: no trial has finished yet`
      : `Best ${metric} so far: ${formatMetric(best.at(-1)!)} (trial ${finished[bestAt]!.number}) after ${finished.length} finished trials; the first gave ${formatMetric(values[0]!)}`;
  return (
    <figure className="chart" data-testid="sweep-best-so-far">
      <figcaption>Best {metric} so far</figcaption>
      <Plot frame={FRAME} x={x} y={y} xTitle="trials finished" label={label}>
        <path className="plot-line" d={line} />
        {/* The best last, so it is drawn on top. */}
        {[...finished.keys()]
          .filter((i) => i !== bestAt)
          .concat(bestAt >= 0 ? [bestAt] : [])
          .map((i) => (
            <TrialMark key={finished[i]!.number} x={x.place(i + 1)} y={y.place(values[i]!)} best={i === bestAt}>
              Trial {finished[i]!.number}, finished #{i + 1}: {metric} {formatMetric(values[i]!)}
            </TrialMark>
          ))}
      </Plot>
    </figure>
  );
});
