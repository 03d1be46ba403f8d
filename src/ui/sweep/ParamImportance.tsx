import { memo, useMemo } from 'react';
import { paramImportance } from '../../sweep/importance';
import type { Trial } from '../../sweep/study';
import type { SearchSpace } from '../../sweep/studyConfig';
import { useThrottledValue } from '../common/useThrottledValue';
import { chartOffsetMs, FINISHED_CHART_INTERVAL_MS, type LabelOf } from './sweepCharts';

const percent = (v: number) => `${Math.round(v * 100)}%`;

/**
 * How much of the objective's spread each param explains (src/sweep/importance.ts), most first: a
 * list of names, shares as text and CSS bars, which reads as it looks and costs next to nothing to redraw.
 */
export const ParamImportance = memo(function ParamImportance({
  complete: latest,
  space,
  labelOf,
}: {
  complete: readonly Trial[];
  space: SearchSpace;
  labelOf: LabelOf;
}) {
  const complete = useThrottledValue(latest, FINISHED_CHART_INTERVAL_MS, chartOffsetMs(3));
  const importance = useMemo(() => paramImportance(space, complete), [space, complete]);
  return (
    <figure className="chart" data-testid="sweep-importance">
      <figcaption>
        Parameter importance (share of the objective's variance each explains alone; {complete.length} complete trials,
        rough while few)
      </figcaption>
      {!importance.ok ? (
        <p className="hint">{importance.error}</p>
      ) : importance.value.every((e) => e.importance === 0) ? (
        <p className="hint">No parameter explains the objective beyond chance yet.</p>
      ) : (
        <ol className="importance-bars" aria-label="Parameter importance, most important first">
          {importance.value.map((e) => (
            <li key={e.path} data-testid="importance-param" data-param={e.path}>
              <span className="importance-label">{labelOf(e.path)}</span>
              <span className="importance-bar" aria-hidden="true">
                <span style={{ width: percent(e.importance) }} />
              </span>
              <span className="importance-value">{percent(e.importance)}</span>
            </li>
          ))}
        </ol>
      )}
    </figure>
  );
});
