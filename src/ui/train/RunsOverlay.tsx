import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { thinEvenly } from '../../model/metrics';
import { metricNames, overlayRows } from '../../state/runArchive';
import { useRunArchiveStore } from '../../state/StudioProvider';
import { seriesColour } from '../common/colours';
import { formatMetric } from '../common/format';

/** As MetricCharts: more points than pixels only costs render time. */
const MAX_POINTS = 200;

/** The curves of the runs ticked in the runs table, one colour per run, for one metric at a time. */
export function RunsOverlay() {
  const runs = useRunArchiveStore((s) => s.runs);
  const compared = useRunArchiveStore((s) => s.compared);
  const [chosen, setChosen] = useState('val_loss');
  const picked = compared.flatMap((id) => runs?.filter((run) => run.id === id) ?? []);
  if (picked.length === 0) return null;
  const metrics = metricNames(picked);
  const metric = metrics.includes(chosen) ? chosen : (metrics[0] ?? chosen);
  const rows = thinEvenly(overlayRows(picked, metric), MAX_POINTS);
  return (
    <figure className="chart runs-overlay" data-testid="runs-overlay">
      <figcaption>
        <label>
          Compare{' '}
          <select
            value={metric}
            onChange={(e) => setChosen(e.target.value)}
            aria-label="Metric to compare"
            data-testid="overlay-metric"
          >
            {metrics.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <span className="hint">
          {picked.length} run{picked.length === 1 ? '' : 's'}
        </span>
      </figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart
          data={rows}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
          role="img"
          aria-label={`${metric} by epoch, one line for each run: ${picked.map((run) => run.name).join(', ')}`}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis
            dataKey="epoch"
            type="number"
            domain={['dataMin', 'dataMax']}
            allowDecimals={false}
            label={{ value: 'epoch', position: 'insideBottomRight', offset: -2 }}
          />
          <YAxis
            width={56}
            tickFormatter={(v: number) => formatMetric(v)}
            domain={metric.endsWith('acc') ? [0, 1] : ['auto', 'auto']}
          />
          <Tooltip formatter={(v) => formatMetric(Number(v))} />
          <Legend />
          {picked.map((run, index) => (
            <Line
              key={run.id}
              type="monotone"
              dataKey={run.id}
              name={run.name}
              stroke={seriesColour(index)}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
