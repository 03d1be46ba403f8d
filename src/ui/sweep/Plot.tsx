import type { ReactNode } from 'react';
import { labelledTicks, xSpan, ySpan, type Axis, type Frame } from './plotLayout';

/** Trials as dots; the best one a larger diamond, on top. */
export function TrialMark({ x, y, best, children }: { x: number; y: number; best?: boolean; children: ReactNode }) {
  const [cx, cy] = [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
  return best ? (
    <path className="plot-best" data-testid="plot-best" d={`M${cx},${cy - 6}l6,6l-6,6l-6,-6z`}>
      <title>{children}</title>
    </path>
  ) : (
    <circle className="plot-point" cx={cx} cy={cy} r={3}>
      <title>{children}</title>
    </circle>
  );
}

/**
 * A small plot in plain SVG, scaled to its container's width: grid lines at every tick, the tick
 * labels that fit, the axes' titles, then `children` (drawn in the frame's user units). Colours are
 * styles.css's (`.plot`), so both colour schemes apply with no redraw. The `label` is what a screen
 * reader reads in place of the picture: say what it shows.
 */
export function Plot({
  frame,
  x,
  y,
  xTitle,
  label,
  children,
}: {
  frame: Frame;
  x: Axis;
  y: Axis;
  xTitle: string;
  label: string;
  children: ReactNode;
}) {
  const [left, right] = xSpan(frame);
  const [bottom, top] = ySpan(frame);
  return (
    <svg className="plot" viewBox={`0 0 ${frame.width} ${frame.height}`} width="100%" role="img" aria-label={label}>
      <g className="plot-grid">
        {y.ticks.map((t) => (
          <line key={`y${t.value}`} x1={left} x2={right} y1={t.at} y2={t.at} />
        ))}
        {x.ticks.map((t) => (
          <line key={`x${t.value}`} x1={t.at} x2={t.at} y1={top} y2={bottom} />
        ))}
      </g>
      <path className="plot-axis" d={`M${left},${top}V${bottom}H${right}`} />
      <g className="plot-ticks" data-testid="plot-y-ticks" textAnchor="end">
        {y.ticks.map((t) => (
          <text key={t.value} x={left - 4} y={t.at} dy="0.32em">
            {t.label}
          </text>
        ))}
      </g>
      <g className="plot-ticks" data-testid="plot-x-ticks" textAnchor="middle">
        {labelledTicks(x.ticks).map((t) => (
          <text key={t.value} x={t.at} y={bottom + 13}>
            {t.label}
          </text>
        ))}
      </g>
      <text className="plot-title" x={right} y={frame.height - 3} textAnchor="end">
        {xTitle}
      </text>
      {children}
    </svg>
  );
}
