import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ClassCurveSet, ClassificationEvaluation } from '../../model/evaluation';
import { seriesColour } from '../common/colours';
import { formatMetric } from '../common/format';
import { metricLabel } from './MetricText';

const CHARTS = [
  { id: 'roc', title: 'ROC curve', area: 'AUC', x: 'false-positive rate', y: 'true-positive rate' },
  { id: 'pr', title: 'Precision–recall curve', area: 'AP', x: 'recall', y: 'precision' },
] as const;

/** ROC and precision–recall curves, one line per class (one-vs-rest), the area in each legend entry. */
export function CurveCharts({ evaluation }: { evaluation: ClassificationEvaluation }) {
  const undefinedCurves = evaluation.curves.filter((c) => c.roc.area.value === null);
  return (
    <section>
      <h3>
        {evaluation.task === 'multiclass'
          ? 'Curves, one class against the rest'
          : `Curves, ${evaluation.labels[1]} as the positive class`}
      </h3>
      <div className="charts">
        {CHARTS.map((chart) => (
          <figure className="chart" key={chart.id} data-testid={`chart-${chart.id}`}>
            <figcaption>{chart.title}</figcaption>
            <ResponsiveContainer width="100%" height={300}>
              <LineChart
                margin={{ top: 8, right: 16, bottom: 16, left: 8 }}
                role="img"
                aria-label={`${chart.y} against ${chart.x}; the legend names each line`}
              >
                <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
                <XAxis
                  type="number"
                  dataKey="x"
                  domain={[0, 1]}
                  label={{ value: chart.x, position: 'insideBottom', offset: -8 }}
                />
                <YAxis
                  type="number"
                  width={64}
                  domain={[0, 1]}
                  label={{ value: chart.y, angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' } }}
                />
                <Tooltip
                  formatter={(v) => formatMetric(Number(v))}
                  labelFormatter={(x) => `${chart.x} ${formatMetric(Number(x))}`}
                />
                <Legend verticalAlign="bottom" wrapperStyle={{ paddingTop: 20 }} />
                {chart.id === 'roc' && (
                  <ReferenceLine
                    segment={[
                      { x: 0, y: 0 },
                      { x: 1, y: 1 },
                    ]}
                    stroke="#94a3b8"
                    strokeDasharray="4 4"
                  />
                )}
                {evaluation.curves.map((set, i) => (
                  <Line
                    key={set.label}
                    data={[...curveOf(set, chart.id).points]}
                    dataKey="y"
                    name={`${set.label} (${chart.area} ${metricLabel(curveOf(set, chart.id).area)})`}
                    stroke={seriesColour(i)}
                    dot={false}
                    // Each PR point's precision holds back to the previous recall: the steps average precision sums.
                    type={chart.id === 'roc' ? 'linear' : 'stepBefore'}
                    isAnimationActive={false}
                  />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </figure>
        ))}
      </div>
      {undefinedCurves.map((c) => (
        <p className="hint" key={c.label}>
          No curve for {c.label}: {c.roc.area.value === null && c.roc.area.undefinedBecause}.
        </p>
      ))}
    </section>
  );
}

function curveOf(set: ClassCurveSet, id: (typeof CHARTS)[number]['id']) {
  return id === 'roc' ? set.roc : set.pr;
}
