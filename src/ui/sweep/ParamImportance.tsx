import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { paramImportance } from '../../sweep/importance';
import type { SearchSpace } from '../../sweep/space';
import type { Trial } from '../../sweep/study';
import { useThrottledValue } from '../common/useThrottledValue';
import { chartOffsetMs, FINISHED_CHART_INTERVAL_MS, type LabelOf } from './sweepCharts';

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** How much of the objective's spread each param explains (src/sweep/importance.ts), as bars. */
export const ParamImportance = memo(function ParamImportance({ complete: latest, space, labelOf }: { complete: readonly Trial[]; space: SearchSpace; labelOf: LabelOf }) {
  const complete = useThrottledValue(latest, FINISHED_CHART_INTERVAL_MS, chartOffsetMs(3));
  const importance = useMemo(() => paramImportance(space, complete), [space, complete]);
  return (
    <figure className="chart" data-testid="sweep-importance">
      <figcaption>
        Parameter importance (share of the objective's variance each explains alone; {complete.length} complete trials, rough while few)
      </figcaption>
      {!importance.ok ? (
        <p className="hint">{importance.error}</p>
      ) : importance.value.every((e) => e.importance === 0) ? (
        <p className="hint">No parameter explains the objective beyond chance yet.</p>
      ) : (
        <ResponsiveContainer width="100%" height={Math.max(80, 28 * space.length + 40)}>
          <BarChart data={importance.value.map((e) => ({ label: labelOf(e.path), importance: e.importance }))} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" horizontal={false} />
            <XAxis type="number" domain={[0, 1]} tickFormatter={percent} />
            <YAxis type="category" dataKey="label" width={150} />
            <Tooltip formatter={(v) => percent(Number(v))} />
            <Bar dataKey="importance" name="importance" fill="#2563eb" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
});
