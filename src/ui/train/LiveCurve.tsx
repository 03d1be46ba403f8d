import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { resolveCssColour, useShownColourScheme } from '../common/colourScheme';
import { formatMetric } from '../common/format';

export interface CurveSeries {
  readonly label: string;
  /** A CSS colour, or a styles.css variable (`var(--accent-text)`), resolved for the scheme shown. */
  readonly colour: string;
  /** Line width in CSS pixels; 1.5 when omitted. */
  readonly width?: number;
  /** Dash and gap lengths, for lines set apart (a pruned trial). */
  readonly dash?: readonly number[];
  /** Draw a dot at each value: for a series that may hold a single point, which draws no line. */
  readonly dots?: boolean;
}

/** A fixed lower bound and a fixed or data-driven upper one (accuracy in [0, 1], a rate from 0). */
export type CurveRange = readonly [number, number | 'auto'];

interface LiveCurveProps {
  /** Epochs (1-based), then one column per series; null where that epoch has no value. */
  readonly data: uPlot.AlignedData;
  /** Stable between redraws: a change draws the chart anew. */
  readonly series: readonly CurveSeries[];
  readonly range?: CurveRange;
  readonly height: number;
  readonly label: string;
  /** Shown over the empty chart, before the first epoch. */
  readonly emptyText: string;
  /** The index into `data` of the epoch under the pointer; null once it leaves. */
  readonly onHover?: (index: number | null) => void;
}

/** uPlot draws on a canvas, which CSS cannot colour: styles.css's colours, resolved for the scheme shown. */
function axisStyle(element: Element): uPlot.Axis {
  const line = { stroke: resolveCssColour(element, 'var(--chart-grid)'), width: 1 };
  return {
    stroke: resolveCssColour(element, 'var(--muted)'),
    font: '11px system-ui, sans-serif',
    labelFont: '12px system-ui, sans-serif',
    grid: line,
    ticks: line,
  };
}

/** Whole epochs only: uPlot's default steps include fractions. */
const EPOCH_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000];

/**
 * A live curve chart, drawn by uPlot on a canvas. Recharts drew the same curves in ~20 ms of
 * main-thread time per redraw (its store recomputes every selector for new data) and ~0.2 s the
 * first time: long tasks while training (bench/longtasks.mjs). uPlot redraws in about a millisecond.
 */
export function LiveCurve({ data, series, range, height, label, emptyText, onHover }: LiveCurveProps) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const hover = useRef(onHover);
  const latestData = useRef(data);
  // The chart is drawn anew in the other scheme's colours.
  const colourScheme = useShownColourScheme();
  useEffect(() => {
    hover.current = onHover;
    latestData.current = data;
  });

  useEffect(() => {
    const element = container.current!;
    const axis = axisStyle(element);
    const chart = new uPlot(
      {
        width: element.clientWidth,
        height,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          x: { time: false },
          ...(range && { y: { range: (_self, _min, max) => [range[0], range[1] === 'auto' ? max : range[1]] } }),
        },
        axes: [
          { ...axis, label: 'epoch', labelSize: 16, incrs: EPOCH_STEPS },
          // Wide enough for formatMetric's longest, "0.00750".
          { ...axis, size: 60, values: (_self, ticks) => ticks.map((tick) => formatMetric(tick)) },
        ],
        series: [
          { label: 'epoch' },
          ...series.map(({ label, colour: given, width = 1.5, dash, dots = false }) => {
            const colour = given.startsWith('var(') ? resolveCssColour(element, given) : given;
            return {
              label,
              stroke: colour,
              width,
              ...(dash && { dash: [...dash] }),
              points: dots ? { show: true, size: 4, fill: colour } : { show: false },
              spanGaps: true,
            };
          }),
        ],
        hooks: { setCursor: [(self) => hover.current?.(self.cursor.idx ?? null)] },
      },
      latestData.current,
      element,
    );
    plot.current = chart;
    const resize = new ResizeObserver(([entry]) =>
      chart.setSize({ width: Math.floor(entry!.contentRect.width), height }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [series, range, height, colourScheme]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return (
    <div className="live-curve">
      <div ref={container} role="img" aria-label={label} data-plotted={data[0].length} />
      {data[0].length === 0 && (
        <p className="live-curve-empty">
          <span>{emptyText}</span>
        </p>
      )}
    </div>
  );
}
