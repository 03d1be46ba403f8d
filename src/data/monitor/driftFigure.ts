/**
 * One drift as a figure for the downloaded report: the training and batch shares of each bin as
 * bars side by side, laid out as the model card's figures are (drawn by engine/export/figurePng.ts).
 */
import type { Figure, FigureRect, FigureText } from '../../model/card/confusionFigure';
import { formatValue } from '../../model/format';
import type { Drift } from './report';

const WIDTH = 480;
const HEIGHT = 260;
const LEFT = 44;
const RIGHT = 12;
const TOP = 40;
/** Room under the bars for the bins' names, written upwards. */
const BOTTOM = 80;
const TRAINING = '#2563eb';
const BATCH = '#ea580c';
const INK = '#1e293b';
/** Longer bin names are cut with an ellipsis. */
const MAX_LABEL = 14;

export function driftFigure(title: string, drift: Drift): Figure {
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const top = Math.max(0.01, ...drift.bins.flatMap((bin) => [bin.reference, bin.batch]));
  const slot = plotWidth / Math.max(1, drift.bins.length);
  const barWidth = Math.max(1, (slot * 0.8) / 2);
  const baseline = TOP + plotHeight;
  const bar = (x: number, share: number, fill: string): FigureRect => {
    const height = (share / top) * plotHeight;
    return { x, y: baseline - height, width: barWidth, height, fill };
  };
  const text = (x: number, y: number, value: string, more: Partial<FigureText> = {}): FigureText => ({
    x,
    y,
    text: value,
    size: 11,
    anchor: 'start',
    fill: INK,
    vertical: false,
    ...more,
  });
  const rects: FigureRect[] = [{ x: LEFT, y: baseline, width: plotWidth, height: 1, fill: INK }];
  const texts: FigureText[] = [
    text(LEFT, 12, `${drift.sentence}`, { size: 12 }),
    text(LEFT, 28, 'training', { fill: TRAINING }),
    text(LEFT + 64, 28, 'batch', { fill: BATCH }),
    text(LEFT - 4, TOP, `${formatValue(top * 100)} %`, { anchor: 'end', size: 10 }),
    text(LEFT - 4, baseline, '0 %', { anchor: 'end', size: 10 }),
  ];
  drift.bins.forEach((bin, i) => {
    const x = LEFT + i * slot + slot * 0.1;
    rects.push(bar(x, bin.reference, TRAINING), bar(x + barWidth, bin.batch, BATCH));
    const label = bin.label.length > MAX_LABEL ? `${bin.label.slice(0, MAX_LABEL - 1)}…` : bin.label;
    texts.push(text(x + barWidth, baseline + 6, label, { size: 10, anchor: 'end', vertical: true }));
  });
  return {
    width: WIDTH,
    height: HEIGHT,
    title: `${title}: share of rows per bin, training beside batch`,
    rects,
    texts,
  };
}
