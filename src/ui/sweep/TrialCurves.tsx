import { CartesianGrid, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { bestTrial, type StudyState, type Trial } from '../../sweep/study';
import { formatMetric } from '../common/format';

const STYLE: Record<Trial['state'], { stroke: string; dash?: string }> = {
  complete: { stroke: '#93c5fd' },
  running: { stroke: '#60a5fa' },
  waiting: { stroke: '#60a5fa' },
  pruned: { stroke: '#94a3b8', dash: '4 3' },
  failed: { stroke: '#fca5a5', dash: '2 2' },
};

/** Each trial's objective after every epoch, one line per trial: pruned ones dashed grey, the best thick and dark. */
export function TrialCurves({ study }: { study: StudyState }) {
  const { direction, metric } = study.config.objective;
  const best = bestTrial(study.trials, direction);
  // The best trial last, so it is drawn on top.
  const trials = study.trials.filter((t) => t.intermediate.length > 0 && t !== best).concat(best ? [best] : []);
  const rows: Record<string, number>[] = [];
  for (const trial of trials) {
    for (const { step, value } of trial.intermediate) (rows[step - 1] ??= { step })[`t${trial.number}`] = value;
  }
  return (
    <figure className="chart" data-testid="sweep-curves">
      <figcaption>
        {metric} per epoch, each trial a line (dashed grey: pruned{best ? `; dark: the best, trial ${best.number}` : ''})
      </figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={[...rows].filter(Boolean)} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="step" type="number" domain={[1, 'dataMax']} allowDecimals={false} label={{ value: 'epoch', position: 'insideBottomRight', offset: -2 }} />
          <YAxis width={56} tickFormatter={(v: number) => formatMetric(v)} domain={['auto', 'auto']} />
          {trials.map((trial) => {
            const isBest = trial === best;
            const { stroke, dash } = isBest ? { stroke: '#1d4ed8' } : STYLE[trial.state];
            return (
              <Line
                key={trial.number}
                data-testid="trial-curve"
                data-state={isBest ? 'best' : trial.state}
                dataKey={`t${trial.number}`}
                name={`trial ${trial.number}`}
                stroke={stroke}
                strokeDasharray={dash}
                strokeWidth={isBest ? 2.5 : 1}
                // A trial pruned after its first epoch has one point: a dot, as there is no line to draw.
                dot={trial.intermediate.length === 1 ? { r: 2, fill: stroke } : false}
                connectNulls
                isAnimationActive={false}
              />
            );
          })}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
