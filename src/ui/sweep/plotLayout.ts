/**
 * The Sweep view's small plots laid out in SVG user units, once per finished trial: scales and tick
 * values for linear, log and category axes. Pure (no DOM), so the charts' maths is tested in Vitest
 * and a redraw is a few hundred SVG attributes, with no measuring of the page.
 */

/** A plot's size in SVG user units and the room its axes take (left for y ticks, bottom for x ticks). */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export interface Tick {
  readonly value: number;
  /** Where it sits along its axis, in user units. */
  readonly at: number;
  readonly label: string;
}

export interface Axis {
  /** A value's place along the axis, in user units; values outside the axis's range fall outside the frame. */
  readonly place: (value: number) => number;
  readonly ticks: readonly Tick[];
}

/** The x pixels (left to right) and y pixels (bottom to top) of a frame's plotting area. */
export const xSpan = (f: Frame): readonly [number, number] => [f.left, f.width - f.right];
export const ySpan = (f: Frame): readonly [number, number] => [f.height - f.bottom, f.top];

/** 1, 2 or 5 times a power of ten, the nearest to `rough` on a log scale (d3's tick steps). */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  return (fraction >= Math.sqrt(50) ? 10 : fraction >= Math.sqrt(10) ? 5 : fraction >= Math.sqrt(2) ? 2 : 1) * power;
}

/** Removes the binary noise of multiples of a step (0.30000000000000004 → 0.3). */
const tidy = (v: number): number => Number(v.toPrecision(12));

/**
 * About `count` evenly stepped values from `min` to `max`, at round numbers (steps of 1, 2 or 5 × 10ⁿ),
 * the first at or below `min` and the last at or above `max`: an axis that holds every value with room.
 * Whole numbers only when `integers`. A single value gets an axis around it.
 */
export function niceTicks(min: number, max: number, count = 5, integers = false): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max < min) [min, max] = [max, min];
  if (max === min) {
    const half = min === 0 ? 1 : Math.abs(min) * 0.1;
    [min, max] = [min - half, max + half];
  }
  let step = niceStep((max - min) / Math.max(1, count - 1));
  if (integers) step = Math.max(1, Math.round(step));
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  return Array.from({ length: last - first + 1 }, (_, i) => tidy((first + i) * step));
}

/**
 * Tick values from `low` to `high` (both > 0) for a log axis: the powers of ten in range, with 2× and
 * 5× between them when the range spans fewer than three decades, and the ends when it holds no more than one.
 */
export function logTicks(low: number, high: number): number[] {
  if (!(low > 0 && high > low)) return low > 0 ? [low] : [];
  const decades = Math.log10(high / low);
  const multiples = decades < 3 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let power = Math.floor(Math.log10(low)); power <= Math.ceil(Math.log10(high)); power++) {
    for (const m of multiples) {
      const v = tidy(m * 10 ** power);
      if (v >= low * (1 - 1e-9) && v <= high * (1 + 1e-9)) ticks.push(v);
    }
  }
  return ticks.length >= 2 ? ticks : [low, ...ticks.filter((t) => t !== low && t !== high), high];
}

/** A numeric axis over [low, high] (a log scale when `log`), onto the user units `span` (from, to). */
export function numericAxis(
  {
    low,
    high,
    log = false,
    ticks,
    format,
  }: { low: number; high: number; log?: boolean; ticks: readonly number[]; format: (v: number) => string },
  [from, to]: readonly [number, number],
): Axis {
  const f = log ? Math.log : (v: number) => v;
  const [a, b] = [f(low), f(high)];
  const place = (v: number) => (b > a ? from + ((f(v) - a) / (b - a)) * (to - from) : (from + to) / 2);
  return { place, ticks: ticks.map((value) => ({ value, at: place(value), label: format(value) })) };
}

/** A value axis for data: round ticks around every value (the objective's axis). */
export function valueAxis(
  values: readonly number[],
  span: readonly [number, number],
  format: (v: number) => string,
  options: { count?: number; integers?: boolean } = {},
): Axis {
  const finite = values.filter(Number.isFinite);
  const ticks =
    finite.length === 0
      ? niceTicks(0, 1, options.count)
      : niceTicks(Math.min(...finite), Math.max(...finite), options.count, options.integers);
  return numericAxis({ low: ticks[0]!, high: ticks.at(-1)!, ticks, format }, span);
}

/** Choices evenly spaced along `span`, each in the middle of its band; `place` takes a choice's index. */
export function categoryAxis(labels: readonly string[], [from, to]: readonly [number, number]): Axis {
  const band = (to - from) / Math.max(1, labels.length);
  const place = (index: number) => from + (index + 0.5) * band;
  return { place, ticks: labels.map((label, i) => ({ value: i, at: place(i), label })) };
}

/** The best value so far after each one, in order (a step line's heights). */
export function bestSoFar(values: readonly number[], better: (a: number, b: number) => boolean): number[] {
  const best: number[] = [];
  for (const v of values) best.push(best.length === 0 || better(v, best.at(-1)!) ? v : best.at(-1)!);
  return best;
}

/** An SVG path through points as steps: level until the next point's x, then straight up or down to it. */
export function stepPath(points: readonly (readonly [number, number])[]): string {
  return points.map(([x, y], i) => (i === 0 ? `M${round(x)},${round(y)}` : `H${round(x)}V${round(y)}`)).join('');
}

const round = (v: number) => Math.round(v * 10) / 10;

/**
 * Ticks from `low` to `high` and no further (a searched range's own ends): round values inside it,
 * on a log scale when `log`, whole numbers when `integers`; the ends themselves when fewer than two fit.
 */
export function rangeTicks(
  low: number,
  high: number,
  { log = false, integers = false }: { log?: boolean; integers?: boolean } = {},
): number[] {
  const inside = (log ? logTicks(low, high) : niceTicks(low, high, 5, integers)).filter(
    (t) => t >= low - 1e-12 && t <= high + 1e-12,
  );
  return inside.length >= 2 ? inside : low === high ? [low] : [low, high];
}

/**
 * The ticks whose labels can be written without overlapping, about `charWidth` user units a
 * character, the first always kept: grid lines can use every tick, labels only these.
 */
export function labelledTicks(ticks: readonly Tick[], charWidth = 6): Tick[] {
  const kept: Tick[] = [];
  let end = Number.NEGATIVE_INFINITY;
  for (const tick of [...ticks].sort((a, b) => a.at - b.at)) {
    const half = (tick.label.length * charWidth) / 2;
    if (tick.at - half < end) continue;
    kept.push(tick);
    end = tick.at + half + charWidth;
  }
  return kept;
}
