import { describe, expect, it } from 'vitest';
import { confusionFigure, figureSvg, shade } from './confusionFigure';

const labels = ['setosa', 'versicolor', 'virginica'];
const counts = [
  [5, 0, 0],
  [0, 3, 1],
  [0, 2, 2],
];

/** The cell rectangles: the ones as large as they are tall and more than a hairline. */
const cellsOf = (figure: ReturnType<typeof confusionFigure>) =>
  figure.rects.filter((r) => r.width === r.height && r.width > 1);

describe('confusionFigure', () => {
  const figure = confusionFigure(labels, counts);

  it('draws one cell per (true, predicted) pair, row by row, inside the figure', () => {
    const cells = cellsOf(figure);
    expect(cells).toHaveLength(9);
    for (const cell of cells) {
      expect(cell.x).toBeGreaterThanOrEqual(0);
      expect(cell.y).toBeGreaterThanOrEqual(0);
      expect(cell.x + cell.width).toBeLessThanOrEqual(figure.width);
      expect(cell.y + cell.height).toBeLessThanOrEqual(figure.height);
    }
    // Row-major: the second cell is right of the first, the fourth below it.
    expect(cells[1]!.x - cells[0]!.x).toBe(cells[0]!.width);
    expect(cells[3]!.y - cells[0]!.y).toBe(cells[0]!.height);
  });

  it('shades each cell by its share of the true class: a whole row in one cell is full blue, an empty cell white', () => {
    const fills = cellsOf(figure).map((cell) => cell.fill);
    expect(fills[0]).toBe(shade(1));
    expect(fills[0]).toBe('rgb(37, 99, 235)');
    expect(fills[1]).toBe('rgb(255, 255, 255)');
    expect(fills[4]).toBe(shade(3 / 4));
    expect(fills[8]).toBe(shade(1 / 2));
  });

  it('writes each count in its cell, and each class name down the side and across the top (upright)', () => {
    const texts = figure.texts.map((t) => t.text);
    expect(texts.filter((t) => /^\d+$/.test(t)).map(Number)).toEqual(counts.flat());
    for (const label of labels) {
      const placed = figure.texts.filter((t) => t.text === label);
      expect(placed.map((t) => t.vertical).sort()).toEqual([false, true]);
    }
    expect(texts).toContain('Predicted class');
    expect(texts).toContain('True class');
  });

  it('cuts very long class names, and leaves counts out of cells too small to hold them', () => {
    const many = Array.from({ length: 40 }, (_, i) => `a very long class name number ${i}`);
    const big = confusionFigure(
      many,
      many.map((_, i) => many.map((__, j) => (i === j ? 1 : 0))),
    );
    expect(big.texts.some((t) => t.text === 'a very long class name …')).toBe(true);
    expect(big.texts.some((t) => /^\d+$/.test(t.text))).toBe(false);
    expect(cellsOf(big)).toHaveLength(1600);
  });
});

describe('figureSvg', () => {
  it('is an inline SVG image whose texts are escaped and turned as laid out', () => {
    const svg = figureSvg(
      confusionFigure(
        ['<script>x</script>', 'a & b'],
        [
          [1, 0],
          [0, 1],
        ],
      ),
    );
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-label="Confusion matrix of 2 classes/);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('>&lt;script&gt;x&lt;/script&gt;</text>');
    expect(svg).toContain('>a &amp; b</text>');
    expect(svg).toMatch(/transform="rotate\(-90 [\d.]+ [\d.]+\)"/);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });
});
