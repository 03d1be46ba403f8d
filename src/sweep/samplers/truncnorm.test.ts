import { describe, expect, it } from 'vitest';
import { logGaussMass, logNdtr, ndtr, truncnormLogPdf, truncnormPpf } from './truncnorm';

describe('the normal distribution in log space', () => {
  it('matches tabulated values of Φ', () => {
    expect(ndtr(0)).toBe(0.5);
    expect(ndtr(1)).toBeCloseTo(0.8413447460685429, 14);
    expect(ndtr(-3)).toBeCloseTo(0.0013498980316301, 15);
    expect(ndtr(-1.96)).toBeCloseTo(0.024997895148220435, 14);
  });

  it('gives log Φ far in the left tail, where Φ itself underflows', () => {
    expect(ndtr(-40)).toBe(0);
    // The asymptotic series: log Φ(−x) = −x²/2 − log x − ½ log 2π + log(1 − 1/x² + 3/x⁴ − …).
    const x = 40;
    const series =
      -(x * x) / 2 - Math.log(x) - 0.5 * Math.log(2 * Math.PI) + Math.log(1 - 1 / x ** 2 + 3 / x ** 4 - 15 / x ** 6);
    expect(logNdtr(-x)).toBeCloseTo(series, 9);
    expect(logNdtr(-1)).toBeCloseTo(Math.log(ndtr(-1)), 14);
    expect(logNdtr(5)).toBeCloseTo(Math.log1p(-ndtr(-5)), 14);
  });

  it('gives log masses of intervals in either tail and across the middle', () => {
    expect(logGaussMass(-1, 1)).toBeCloseTo(Math.log(0.6826894921370859), 13);
    expect(logGaussMass(2, 3)).toBeCloseTo(Math.log(ndtr(3) - ndtr(2)), 12);
    expect(logGaussMass(-3, -2)).toBeCloseTo(logGaussMass(2, 3), 12);
    expect(Number.isFinite(logGaussMass(-61, -60))).toBe(true);
    expect(logGaussMass(-61, -60)).toBeCloseTo(logNdtr(-60), 1);
  });

  it('inverts the truncated CDF: the quantile q of [a, b] has a share q of its mass below it', () => {
    const cases: [number, number][] = [
      [-2, 1],
      [-0.5, 3],
      [0.2, 5],
      [-40, 0.1],
      [-1e-3, 1e-3],
    ];
    for (const [a, b] of cases) {
      for (const q of [0.001, 0.1, 0.5, 0.9, 0.999]) {
        const x = truncnormPpf(q, a, b);
        expect(x).toBeGreaterThanOrEqual(a);
        expect(x).toBeLessThanOrEqual(b);
        const below = x <= a ? 0 : Math.exp(logGaussMass(a, x) - logGaussMass(a, b));
        expect(below).toBeCloseTo(q, 6);
      }
    }
  });

  it('gives the truncated density, normalised over its interval and −∞ outside it', () => {
    const n = 10_000;
    let integral = 0;
    for (let i = 0; i < n; i++)
      integral += Math.exp(truncnormLogPdf(-1 + (3 * (i + 0.5)) / n, 0.5, 0.7, -1, 2)) * (3 / n);
    expect(integral).toBeCloseTo(1, 6);
    expect(truncnormLogPdf(2.5, 0.5, 0.7, -1, 2)).toBe(-Infinity);
  });
});
