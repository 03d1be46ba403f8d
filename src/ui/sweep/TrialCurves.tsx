import { useMemo, useState } from 'react';
import type uPlot from 'uplot';
import { bestTrial, type StudyState, type Trial } from '../../sweep/study';
import { useThrottledValue } from '../common/useThrottledValue';
import { LiveCurve, type CurveSeries } from '../train/LiveCurve';
import { chartOffsetMs } from './sweepCharts';

/** The one chart that follows every epoch report: at most this often. */
const CURVES_INTERVAL_MS = 1000;

const STYLE: Record<Trial['state'], Omit<CurveSeries, 'label'>> = {
  complete: { colour: 'var(--chart-trial)', width: 1 },
  running: { colour: 'var(--chart-trial-running)', width: 1 },
  waiting: { colour: 'var(--chart-trial-running)', width: 1 },
  pruned: { colour: '#94a3b8', width: 1, dash: [4, 3] },
  failed: { colour: '#fca5a5', width: 1, dash: [2, 2] },
};
/** The accent's text colour: dark on a light page, light on a dark one, so the best stands out in either. */
const BEST_STYLE: Omit<CurveSeries, 'label'> = { colour: 'var(--accent-text)', width: 2.5 };

/**
 * Each trial's objective after every epoch, one line per trial: pruned ones dashed grey, the best
 * thick, in the accent's text colour. Drawn by uPlot on a canvas, as the Train view's curves are:
 * with a hundred trials Recharts spent most of the main thread redrawing one SVG line each.
 */
export function TrialCurves({ study: live }: { study: StudyState }) {
  const study = useThrottledValue(live, CURVES_INTERVAL_MS, chartOffsetMs(0));
  const { direction, metric } = study.config.objective;
  const best = bestTrial(study.trials, direction);
  const { data, series: drawn } = useMemo(() => {
    // The best trial last, so it is drawn on top.
    const trials = study.trials.filter((t) => t.intermediate.length > 0 && t !== best).concat(best ? [best] : []);
    const steps = Math.max(0, ...trials.map((t) => t.intermediate.at(-1)!.step));
    const columns = trials.map((trial) => {
      const column: (number | null)[] = new Array(steps).fill(null);
      for (const { step, value } of trial.intermediate) column[step - 1] = value;
      return column;
    });
    const series: CurveSeries[] = trials.map((trial) => ({
      label: `trial ${trial.number}`,
      ...(trial === best ? BEST_STYLE : STYLE[trial.state]),
      // A trial pruned after its first epoch has one point: a dot, as there is no line to draw.
      dots: trial.intermediate.length === 1,
    }));
    return { data: [Array.from({ length: steps }, (_, i) => i + 1), ...columns] as uPlot.AlignedData, series };
  }, [study.trials, best]);
  // The same series while only the values change: a new series array builds the uPlot chart anew
  // (~10 ms), new values are only set on it. They change when a trial starts, ends or becomes the best.
  const series = useSameWhileEqual(drawn, JSON.stringify(drawn));
  return (
    <figure className="chart" data-testid="sweep-curves" data-curves={series.length} data-best={best?.number}>
      <figcaption>
        {metric} per epoch, each trial a line (dashed grey: pruned{best ? `; bold: the best, trial ${best.number}` : ''}
        )
      </figcaption>
      <LiveCurve
        data={data}
        series={series}
        height={220}
        label={`${metric} per epoch of each trial`}
        emptyText="Each trial's curve starts after its first epoch."
      />
    </figure>
  );
}

/** `value` as first given, until `key` (its content) changes: a new object with the same content keeps the old one. */
function useSameWhileEqual<T>(value: T, key: string): T {
  const [kept, setKept] = useState({ key, value });
  if (kept.key !== key) {
    setKept({ key, value });
    return value;
  }
  return kept.value;
}
