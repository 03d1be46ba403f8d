import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { paramLabel, type SearchParam } from '../../sweep/space';
import { bestTrial, type StudyState, type Trial } from '../../sweep/study';
import { formatMetric } from '../common/format';

/** The objective against each searched param, one small scatter per param (log axes for log ranges). */
export function SlicePlots({ study }: { study: StudyState }) {
  const { space, objective } = study.config;
  const complete = study.trials.filter((t) => t.state === 'complete' && t.value !== null);
  const best = bestTrial(study.trials, objective.direction);
  return (
    <section className="slice-plots" data-testid="sweep-slices" aria-label="Slice plots">
      {space.map((param) => (
        <Slice key={param.path} param={param} trials={complete} best={best} metric={objective.metric} />
      ))}
    </section>
  );
}

function Slice({ param, trials, best, metric }: { param: SearchParam; trials: readonly Trial[]; best: Trial | undefined; metric: string }) {
  const { domain, path } = param;
  const categorical = domain.type === 'categorical';
  // Category axes match by text: true/false and numbers as choices become their names.
  const x = (t: Trial) => (categorical ? String(t.params[path]) : Number(t.params[path]));
  const points = (list: readonly Trial[]) => list.filter((t) => t.params[path] !== undefined).map((t) => ({ x: x(t), y: t.value!, trial: t.number }));
  return (
    <figure className="chart slice" data-testid="sweep-slice" data-param={path}>
      <figcaption>
        {metric} by {paramLabel(path)}
      </figcaption>
      <ResponsiveContainer width="100%" height={160}>
        <ScatterChart margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          {categorical ? (
            <XAxis dataKey="x" type="category" allowDuplicatedCategory={false} domain={domain.choices.map(String)} />
          ) : (
            <XAxis dataKey="x" type="number" scale={domain.log ? 'log' : 'linear'} domain={[domain.low, domain.high]} tickFormatter={(v: number) => formatMetric(v)} />
          )}
          <YAxis dataKey="y" width={50} domain={['auto', 'auto']} tickFormatter={(v: number) => formatMetric(v)} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? formatMetric(v) : String(v))} />
          <Scatter data={points(trials.filter((t) => t !== best))} name="trial" fill="#60a5fa" isAnimationActive={false} />
          {best && <Scatter data={points([best])} name="best" fill="#1d4ed8" shape="diamond" isAnimationActive={false} />}
        </ScatterChart>
      </ResponsiveContainer>
    </figure>
  );
}
