/**
 * The confusion matrix as a figure: rectangles and texts placed in pixels, drawn as SVG here (the
 * HTML model card) and onto an OffscreenCanvas in the training worker (the PNG beside the
 * Markdown card). One layout, two renderers, so both images show the same thing.
 */
import type { ConfusionMatrix } from '../metrics';
import { escapeHtml } from './escape';

export interface FigureRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** CSS colour. */
  readonly fill: string;
}

export interface FigureText {
  /** Where the text is anchored; for `vertical` text, before turning it a quarter anticlockwise about this point. */
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly size: number;
  readonly anchor: 'start' | 'middle' | 'end';
  readonly fill: string;
  readonly vertical: boolean;
}

export interface Figure {
  readonly width: number;
  readonly height: number;
  /** What the figure shows, in words (alt text). */
  readonly title: string;
  readonly rects: readonly FigureRect[];
  readonly texts: readonly FigureText[];
}

const TARGET_SIDE = 480;
const MIN_CELL = 14;
const MAX_CELL = 56;
/** Longer class names are cut with an ellipsis: the figure is for reading at a glance. */
const MAX_LABEL_CHARS = 24;
const LABEL_SIZE = 12;
/** A sans-serif character is about this wide per pixel of font size (to size the label margins). */
const CHAR_WIDTH = 0.6;
const AXIS_TITLE_BAND = 24;
const GAP = 6;
const INK = '#111827';
/** The UI's heat-map blue (ConfusionMatrix.tsx), mixed with white by the cell's share of its row. */
const BLUE = [37, 99, 235] as const;

/**
 * Lays out `counts[actual][predicted]` with the true classes down the side and the predicted ones
 * across the top (their names turned upright), each cell shaded by its share of the true class's
 * rows and labelled with its count when the cell is large enough to hold it.
 */
export function confusionFigure(labels: readonly string[], counts: ConfusionMatrix): Figure {
  const k = labels.length;
  const cell = Math.max(MIN_CELL, Math.min(MAX_CELL, Math.floor(TARGET_SIDE / Math.max(1, k))));
  const names = labels.map(shortLabel);
  const labelBand = Math.ceil(Math.max(0, ...names.map((name) => name.length)) * CHAR_WIDTH * LABEL_SIZE) + GAP;
  const left = AXIS_TITLE_BAND + labelBand;
  const top = AXIS_TITLE_BAND + labelBand;
  const side = k * cell;
  const countSize = Math.max(9, Math.min(14, Math.round(cell * 0.3)));
  const text = (x: number, y: number, value: string, more: Partial<FigureText> = {}): FigureText => ({
    x,
    y,
    text: value,
    size: LABEL_SIZE,
    anchor: 'middle',
    fill: INK,
    vertical: false,
    ...more,
  });

  const rects: FigureRect[] = [];
  const texts: FigureText[] = [
    text(left + side / 2, AXIS_TITLE_BAND / 2, 'Predicted class'),
    text(AXIS_TITLE_BAND / 2, top + side / 2, 'True class', { vertical: true }),
  ];
  names.forEach((name, i) => {
    texts.push(text(left - GAP, top + (i + 0.5) * cell, name, { anchor: 'end' }));
    texts.push(text(left + (i + 0.5) * cell, top - GAP, name, { anchor: 'start', vertical: true }));
  });
  counts.forEach((row, actual) => {
    const support = row.reduce((a, b) => a + b, 0);
    row.forEach((count, predicted) => {
      const share = support === 0 ? 0 : count / support;
      const x = left + predicted * cell;
      const y = top + actual * cell;
      rects.push({ x, y, width: cell, height: cell, fill: shade(share) });
      if (cell >= 20)
        texts.push(
          text(x + cell / 2, y + cell / 2, String(count), { size: countSize, fill: share > 0.5 ? '#ffffff' : INK }),
        );
    });
  });
  // Hairlines between the cells, so empty (white) cells still read as a grid.
  for (let i = 0; i <= k; i++) {
    rects.push({ x: left, y: top + i * cell, width: side, height: 1, fill: '#d1d5db' });
    rects.push({ x: left + i * cell, y: top, width: 1, height: side + 1, fill: '#d1d5db' });
  }
  return {
    width: left + side + GAP + 1,
    height: top + side + GAP + 1,
    title: `Confusion matrix of ${k} classes: rows are the true class, columns the predicted class`,
    rects,
    texts,
  };
}

function shortLabel(label: string): string {
  const chars = [...label];
  return chars.length <= MAX_LABEL_CHARS ? label : `${chars.slice(0, MAX_LABEL_CHARS - 1).join('')}…`;
}

/** White at 0, the heat-map blue at 1. */
export function shade(share: number): string {
  const [r, g, b] = BLUE.map((c) => Math.round(255 - share * (255 - c)));
  return `rgb(${r}, ${g}, ${b})`;
}

/** The figure as an SVG element for an HTML page (inline, so no namespace); every text escaped. */
export function figureSvg(figure: Figure): string {
  const rects = figure.rects.map(
    (r) => `<rect x="${r.x}" y="${r.y}" width="${r.width}" height="${r.height}" fill="${r.fill}"/>`,
  );
  const texts = figure.texts.map((t) => {
    const turn = t.vertical ? ` transform="rotate(-90 ${t.x} ${t.y})"` : '';
    return `<text x="${t.x}" y="${t.y}" font-size="${t.size}" text-anchor="${t.anchor}" dominant-baseline="central" fill="${t.fill}"${turn}>${escapeHtml(t.text)}</text>`;
  });
  return [
    `<svg width="${figure.width}" height="${figure.height}" viewBox="0 0 ${figure.width} ${figure.height}" role="img" aria-label="${escapeHtml(figure.title)}" font-family="system-ui, sans-serif">`,
    `<rect width="${figure.width}" height="${figure.height}" fill="#ffffff"/>`,
    ...rects,
    ...texts,
    '</svg>',
  ].join('\n');
}
