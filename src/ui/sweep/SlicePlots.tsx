import { memo } from 'react';
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { CategoricalDomain, ParamValue, SearchParam, SearchSpace } from '../../sweep/space';
import { bestTrial, type Objective, type Trial } from '../../sweep/study';
import { formatMetric, formatValue } from '../common/format';
import { useThrottledValue } from '../common/useThrottledValue';
import { chartOffsetMs, FINISHED_CHART_INTERVAL_MS, type LabelOf } from './sweepCharts';

/** The Sweep view's charts before the slices, each drawn at its own offset. */
const CHARTS_BEFORE = 4;

/** The objective against each searched param, one small scatter per param (log axes for log ranges). */
export function SlicePlots({ complete, space, objective, labelOf }: { complete: readonly Trial[]; space: SearchSpace; objective: Objective; labelOf: LabelOf }) {
  return (
    <section className="slice-plots" data-testid="sweep-slices" aria-label="Slice plots">
      {space.map((param, i) => (
        <Slice key={param.path} index={CHARTS_BEFORE + i} param={param} complete={complete} objective={objective} label={labelOf(param.path)} />
      ))}
    </section>
  );
}

/** A categorical's choices in axis order: numbers (batch sizes) ascending, as numbers read; names as listed. */
export function axisChoices(domain: CategoricalDomain): readonly ParamValue[] {
  return domain.choices.every((c) => typeof c === 'number') ? [...domain.choices].sort((a, b) => Number(a) - Number(b)) : domain.choices;
}

const Slice = memo(function Slice({ index, param, complete, objective, label }: { index: number; param: SearchParam; complete: readonly Trial[]; objective: Objective; label: string }) {
  const trials = useThrottledValue(complete, FINISHED_CHART_INTERVAL_MS, chartOffsetMs(index));
  const { domain, path } = param;
  const best = bestTrial(trials, objective.direction);
  const categorical = domain.type === 'categorical';
  const choices = categorical ? axisChoices(domain).map((c) => formatValue(c)) : [];
  // Category axes match by text, and list categories in the order the data first brings them: the
  // points go in axis order, so that numbers as choices read ascending.
  const x = (t: Trial) => (categorical ? formatValue(t.params[path]!) : Number(t.params[path]));
  const points = (list: readonly Trial[]) =>
    list
      .filter((t) => t.params[path] !== undefined)
      .map((t) => ({ x: x(t), y: t.value!, trial: t.number }))
      .sort((a, b) => (categorical ? choices.indexOf(String(a.x)) - choices.indexOf(String(b.x)) : 0));
  return (
    <figure className="chart slice" data-testid="sweep-slice" data-param={path}>
      <figcaption>
        {objective.metric} by {label}
      </figcaption>
      <ResponsiveContainer width="100%" height={160}>
        <ScatterChart margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          {categorical ? (
            <XAxis dataKey="x" type="category" allowDuplicatedCategory={false} domain={choices} />
          ) : (
            <XAxis dataKey="x" type="number" scale={domain.log ? 'log' : 'linear'} domain={[domain.low, domain.high]} allowDecimals={domain.type !== 'int'} tickFormatter={(v: number) => formatValue(v)} />
          )}
          <YAxis dataKey="y" width={50} domain={['auto', 'auto']} tickFormatter={(v: number) => formatMetric(v)} />
          <Tooltip formatter={(v, name) => (name === 'x' ? formatValue(v as ParamValue) : typeof v === 'number' ? formatMetric(v) : String(v))} />
          <Scatter data={points(trials.filter((t) => t !== best))} name="trial" fill="#60a5fa" isAnimationActive={false} />
          {best && <Scatter data={points([best])} name="best" fill="#1d4ed8" shape="diamond" isAnimationActive={false} />}
        </ScatterChart>
      </ResponsiveContainer>
    </figure>
  );
});
