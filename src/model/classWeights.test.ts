import { describe, expect, it } from 'vitest';
import { balancedClassWeights } from './classWeights';

describe('balancedClassWeights', () => {
  it('gives each class n / (k · its count), worked out by hand', () => {
    // 6 rows: class 0 ×4, class 1 ×1, class 2 ×1 → 6/(3·4), 6/(3·1), 6/(3·1).
    expect(Array.from(balancedClassWeights([0, 0, 1, 0, 2, 0], 3))).toEqual([0.5, 2, 2]);
  });

  it('makes every class weigh the same in total', () => {
    const labels = [...Array(95).fill(0), ...Array(5).fill(1)];
    const weights = balancedClassWeights(labels, 2);
    expect(95 * weights[0]!).toBeCloseTo(5 * weights[1]!, 4);
  });

  it('is 1 for every class when the classes are balanced, 0 for a class with no rows, and skips non-labels', () => {
    expect(Array.from(balancedClassWeights([0, 1, 0, 1], 2))).toEqual([1, 1]);
    // Two counted rows, both class 0: 2 / (3 · 2).
    expect(Array.from(balancedClassWeights([0, 0, Number.NaN, 7], 3))).toEqual([Math.fround(1 / 3), 0, 0]);
  });
});
