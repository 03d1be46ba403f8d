import {
  Bar,
  BarChart,
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { RegressionEvaluation } from '../../model/evaluation';
import { formatCount, formatMetric } from '../common/format';
import { MetricText } from './MetricText';

export function RegressionResults({ evaluation }: { evaluation: RegressionEvaluation }) {
  const { metrics, pairs, residuals, target } = evaluation;
  const [low, high] = roundedRange(pairs.flatMap((p) => [p.actual, p.predicted]));
  const bins = residuals.map((bin) => ({ ...bin, centre: (bin.from + bin.to) / 2 }));
  return (
    <div className="evaluate-sections">
      <section>
        <dl className="facts evaluate-facts">
          <dt>MSE</dt>
          <dd data-testid="eval-mse">{formatMetric(metrics.mse)}</dd>
          <dt>RMSE</dt>
          <dd data-testid="eval-rmse">{formatMetric(metrics.rmse)}</dd>
          <dt>MAE</dt>
          <dd data-testid="eval-mae">{formatMetric(metrics.mae)}</dd>
          <dt>R²</dt>
          <dd>
            <MetricText metric={metrics.r2} testId="eval-r2" />
          </dd>
        </dl>
        <p className="hint">
          RMSE and MAE are in the units of {target}. R² is the share of {target}’s variance the model explains: 1 is
          perfect, 0 is no better than always predicting the mean, below 0 is worse.
        </p>
      </section>
      <div className="charts">
        <figure className="chart" data-testid="chart-scatter">
          <figcaption>
            Predicted against actual {target}
            {pairs.length < evaluation.count && (
              <span className="latest">
                {formatCount(pairs.length)} of {formatCount(evaluation.count)} rows
              </span>
            )}
          </figcaption>
          <ResponsiveContainer width="100%" height={300}>
            <ScatterChart
              margin={{ top: 8, right: 16, bottom: 16, left: 0 }}
              role="img"
              aria-label={`${formatCount(pairs.length)} rows as points, actual ${target} across and predicted up; on the dashed line the two are equal`}
            >
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis
                type="number"
                dataKey="actual"
                name="actual"
                domain={[low, high]}
                tickFormatter={formatMetric}
                label={{ value: 'actual', position: 'insideBottom', offset: -8 }}
              />
              <YAxis
                type="number"
                dataKey="predicted"
                name="predicted"
                width={64}
                domain={[low, high]}
                tickFormatter={formatMetric}
                label={{ value: 'predicted', angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' } }}
              />
              <Tooltip formatter={(v) => formatMetric(Number(v))} />
              {/* On y = x every prediction would be exact. */}
              <ReferenceLine
                segment={[
                  { x: low, y: low },
                  { x: high, y: high },
                ]}
                stroke="#94a3b8"
                strokeDasharray="4 4"
              />
              <Scatter data={[...pairs]} fill="#2563eb" isAnimationActive={false} />
            </ScatterChart>
          </ResponsiveContainer>
        </figure>
        <figure className="chart" data-testid="chart-residuals">
          <figcaption>Residuals (actual − predicted)</figcaption>
          <ResponsiveContainer width="100%" height={300}>
            <BarChart
              data={bins}
              margin={{ top: 8, right: 16, bottom: 16, left: 0 }}
              barCategoryGap={1}
              role="img"
              aria-label={`How many rows fall in each of ${bins.length} ranges of the residual`}
            >
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis
                dataKey="centre"
                tickFormatter={formatMetric}
                label={{ value: 'residual', position: 'insideBottom', offset: -8 }}
              />
              <YAxis allowDecimals={false} width={40} />
              <Tooltip
                labelFormatter={(_, payload) => {
                  const bin = payload[0]?.payload as (typeof bins)[number] | undefined;
                  return bin ? `${formatMetric(bin.from)} to ${formatMetric(bin.to)}` : '';
                }}
              />
              <Bar dataKey="count" name="rows" fill="#ea580c" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      </div>
    </div>
  );
}

/**
 * One range for both axes, so that y = x is the diagonal, widened to whole steps of the power of
 * ten below its span (3.18…8.2 → 3…9) so the ticks read as round numbers.
 */
function roundedRange(values: readonly number[]): [number, number] {
  const low = Math.min(...values);
  const high = Math.max(...values);
  const step = 10 ** Math.floor(Math.log10(high - low || 1));
  const from = Math.floor(low / step) * step;
  return [from, Math.max(Math.ceil(high / step) * step, from + step)];
}
