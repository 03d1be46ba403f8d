import { memo, useMemo } from 'react';
import { bestTrial, type Trial } from '../../sweep/study';
import type { CategoricalDomain, ParamValue, SearchParam, SearchSpace, Objective } from '../../sweep/studyConfig';
import { formatMetric, formatValue } from '../common/format';
import { useThrottledValue } from '../common/useThrottledValue';
import { Plot, TrialMark } from './Plot';
import { Staged } from './Staged';
import { categoryAxis, numericAxis, rangeTicks, valueAxis, xSpan, ySpan, type Axis, type Frame } from './plotLayout';
import { chartOffsetMs, FINISHED_CHART_INTERVAL_MS, type LabelOf } from './sweepCharts';

/** The Sweep view's charts before the slices, each drawn at its own offset. */
const CHARTS_BEFORE = 4;

/** About the size it is shown at (.slice-plots' columns), so that its text reads at about its own size. */
const FRAME: Frame = { width: 250, height: 160, left: 42, right: 10, top: 8, bottom: 30 };

/** The objective against each searched param, one small scatter per param (log axes for log ranges). */
export function SlicePlots({
  complete,
  space,
  objective,
  labelOf,
}: {
  complete: readonly Trial[];
  space: SearchSpace;
  objective: Objective;
  labelOf: LabelOf;
}) {
  return (
    <section className="slice-plots" data-testid="sweep-slices" aria-label="Slice plots">
      {space.map((param, i) => (
        <Staged key={param.path} index={CHARTS_BEFORE + i} minHeight={180}>
          <Slice
            index={CHARTS_BEFORE + i}
            param={param}
            complete={complete}
            objective={objective}
            label={labelOf(param.path)}
          />
        </Staged>
      ))}
    </section>
  );
}

/** A categorical's choices in axis order: numbers (batch sizes) ascending, as numbers read; names as listed. */
export function axisChoices(domain: CategoricalDomain): readonly ParamValue[] {
  return domain.choices.every((c) => typeof c === 'number')
    ? [...domain.choices].sort((a, b) => Number(a) - Number(b))
    : domain.choices;
}

/** The param's axis, and where a trial's value sits on it (undefined: the trial has no value for it). */
function paramAxis({ domain, path }: SearchParam): { axis: Axis; at: (t: Trial) => number | undefined } {
  const span = xSpan(FRAME);
  if (domain.type === 'categorical') {
    const labels = axisChoices(domain).map((c) => formatValue(c));
    const axis = categoryAxis(labels, span);
    return {
      axis,
      at: (t) =>
        t.params[path] === undefined || !labels.includes(formatValue(t.params[path]!))
          ? undefined
          : axis.place(labels.indexOf(formatValue(t.params[path]!))),
    };
  }
  const ticks = rangeTicks(domain.low, domain.high, { log: domain.log, integers: domain.type === 'int' });
  const axis = numericAxis({ low: domain.low, high: domain.high, log: domain.log, ticks, format: formatValue }, span);
  return { axis, at: (t) => (typeof t.params[path] === 'number' ? axis.place(t.params[path] as number) : undefined) };
}

/** One param's slice: plain SVG laid out once per finished trial (Recharts took 50–100 ms a redraw). */
const Slice = memo(function Slice({
  index,
  param,
  complete,
  objective,
  label,
}: {
  index: number;
  param: SearchParam;
  complete: readonly Trial[];
  objective: Objective;
  label: string;
}) {
  const trials = useThrottledValue(complete, FINISHED_CHART_INTERVAL_MS, chartOffsetMs(index));
  const { metric, direction } = objective;
  const { path } = param;
  const plot = useMemo(() => {
    const { axis: x, at } = paramAxis(param);
    const points = trials.flatMap((t) => {
      const px = at(t);
      return px === undefined ? [] : [{ trial: t, x: px }];
    });
    const y = valueAxis(
      points.map((p) => p.trial.value!),
      ySpan(FRAME),
      formatMetric,
    );
    const best = bestTrial(
      points.map((p) => p.trial),
      direction,
    );
    // The best last, so it is drawn on top.
    points.sort((a, b) => Number(a.trial === best) - Number(b.trial === best));
    return { x, y, points, best };
  }, [param, trials, direction]);
  const { x, y, points, best } = plot;
  const summary =
    best === undefined
      ? `${metric} by ${label}: no trial has finished yet`
      : `${metric} by ${label}, ${points.length} finished trials: the best, ${formatMetric(best.value!)} (trial ${best.number}), at ${label} ${formatValue(best.params[path]!)}`;
  return (
    <figure className="chart slice" data-testid="sweep-slice" data-param={path}>
      <figcaption>
        {metric} by {label}
      </figcaption>
      <Plot frame={FRAME} x={x} y={y} xTitle={label} label={summary}>
        {points.map(({ trial, x: px }) => (
          <TrialMark key={trial.number} x={px} y={y.place(trial.value!)} best={trial === best}>
            Trial {trial.number}: {label} {formatValue(trial.params[path]!)}, {metric} {formatMetric(trial.value!)}
          </TrialMark>
        ))}
      </Plot>
    </figure>
  );
});
