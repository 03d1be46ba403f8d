import { describe, expect, it } from 'vitest';
import { driftFigure } from './driftFigure';
import type { Drift } from './report';

const drift: Drift = {
  psi: 0.5,
  level: 'drifted',
  sentence: 'age has drifted: PSI 0.5 > 0.25',
  bins: [
    { label: '≤ 30', reference: 0.5, batch: 0.25 },
    { label: '> 30', reference: 0.5, batch: 0.75 },
  ],
};

describe('driftFigure', () => {
  it('draws a training and a batch bar per bin, as tall as their shares, under the sentence', () => {
    const figure = driftFigure('age', drift);
    const bars = figure.rects.slice(1);
    expect(bars).toHaveLength(4);
    // The tallest share (0.75) fills the plot; 0.25 is a third of it, 0.5 two thirds.
    const [training0, batch0, training1, batch1] = bars.map((bar) => bar.height);
    expect(batch0! * 3).toBeCloseTo(batch1!, 9);
    expect(training0! * 1.5).toBeCloseTo(batch1!, 9);
    expect(training1).toBeCloseTo(training0!, 9);
    expect(figure.texts.map((t) => t.text)).toEqual(expect.arrayContaining([drift.sentence, '≤ 30', '> 30']));
    expect(figure.title).toBe('age: share of rows per bin, training beside batch');
  });
});
