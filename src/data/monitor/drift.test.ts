import { describe, expect, it } from 'vitest';
import { chiSquare, driftLevel, kolmogorovSmirnov, kolmogorovTail, psi, PSI_EMPTY_SHARE } from './drift';

describe('psi', () => {
  it('is 0 for the same distribution', () => {
    expect(psi([0.2, 0.3, 0.5], [0.2, 0.3, 0.5])).toBe(0);
  });

  it('matches the hand-worked value: (0.25 − 0.5)·ln 0.5 + (0.75 − 0.5)·ln 1.5', () => {
    expect(psi([0.5, 0.5], [0.25, 0.75])).toBeCloseTo(0.274653, 6);
  });

  it('takes an empty bin as PSI_EMPTY_SHARE, so it stays finite', () => {
    const e = PSI_EMPTY_SHARE;
    // (1e-4 − 0.5)·ln(1e-4 / 0.5) + (1 − 0.5)·ln 2 = 4.604318
    expect(psi([0.5, 0.5], [0, 1])).toBeCloseTo((e - 0.5) * Math.log(e / 0.5) + 0.5 * Math.log(2), 9);
    expect(psi([0.5, 0.5], [0, 1])).toBeCloseTo(4.604318, 5);
  });
});

describe('driftLevel', () => {
  it('reads PSI against 0.1 and 0.25', () => {
    expect(driftLevel(0.05)).toBe('stable');
    expect(driftLevel(0.1)).toBe('moderate');
    expect(driftLevel(0.25)).toBe('moderate');
    expect(driftLevel(0.31)).toBe('drifted');
  });
});

describe('kolmogorovSmirnov', () => {
  it('is the largest gap between the cumulative shares at the bin edges', () => {
    // cumulative 0.25 0.5 0.75 1 against 0 0.25 0.5 1: the gap is 0.25 at the first three edges.
    const { statistic } = kolmogorovSmirnov([0.25, 0.25, 0.25, 0.25], [0, 0.25, 0.25, 0.5], {
      expected: 100,
      actual: 4,
    });
    expect(statistic).toBeCloseTo(0.25, 12);
  });

  it('gives p = 1 for identical samples and a small p for a large gap between large samples', () => {
    expect(kolmogorovSmirnov([0.5, 0.5], [0.5, 0.5], { expected: 100, actual: 100 }).pValue).toBe(1);
    expect(kolmogorovSmirnov([0.5, 0.5], [0.1, 0.9], { expected: 1000, actual: 1000 }).pValue).toBeLessThan(1e-6);
  });

  it("has Kolmogorov's 5 % and 1 % critical values at λ = 1.358 and 1.628", () => {
    expect(kolmogorovTail(1.358)).toBeCloseTo(0.05, 3);
    expect(kolmogorovTail(1.628)).toBeCloseTo(0.01, 3);
  });
});

describe('chiSquare', () => {
  it('matches the hand-worked 2 × 2 table: 30/10 against 10/10', () => {
    // Expected counts 26.67 13.33 / 13.33 6.67; each (O − E)² = 11.11: χ² = 11.11 · (0.0375 + 0.075 + 0.075 + 0.15) = 3.75.
    const { statistic, pValue } = chiSquare([30, 10], [10, 10]);
    expect(statistic).toBeCloseTo(3.75, 9);
    // χ²(1) tail = 2·(1 − Φ(√3.75)) = 0.0528.
    expect(pValue).toBeCloseTo(0.0528, 4);
  });

  it('leaves out categories neither sample has', () => {
    expect(chiSquare([30, 0, 10], [10, 0, 10]).statistic).toBeCloseTo(3.75, 9);
  });

  it('gives p = 1 for proportional counts', () => {
    const { statistic, pValue } = chiSquare([40, 20, 40], [4, 2, 4]);
    expect(statistic).toBeCloseTo(0, 12);
    expect(pValue).toBeCloseTo(1, 9);
  });
});
