import { describe, expect, it } from 'vitest';
import {
  bestSoFar,
  categoryAxis,
  labelledTicks,
  logTicks,
  niceTicks,
  numericAxis,
  rangeTicks,
  stepPath,
  valueAxis,
} from './plotLayout';

describe('niceTicks', () => {
  it('steps of 1, 2 or 5 × 10ⁿ that hold every value', () => {
    expect(niceTicks(0.83, 0.97)).toEqual([0.8, 0.85, 0.9, 0.95, 1]);
    expect(niceTicks(0.1, 0.3)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3]);
    expect(niceTicks(3, 97)).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('whole numbers when asked, and an axis around a single value', () => {
    expect(niceTicks(1, 3, 5, true)).toEqual([1, 2, 3]);
    expect(niceTicks(0.5, 0.5)).toEqual([0.44, 0.46, 0.48, 0.5, 0.52, 0.54, 0.56]);
    expect(niceTicks(0, 0)).toEqual([-1, -0.5, 0, 0.5, 1]);
  });
});

describe('logTicks and rangeTicks', () => {
  it('powers of ten, with 2× and 5× over a short range', () => {
    expect(logTicks(1e-5, 1e-1)).toEqual([1e-5, 1e-4, 1e-3, 1e-2, 1e-1]);
    expect(logTicks(0.001, 0.1)).toEqual([0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1]);
  });

  it('keeps inside a searched range, else gives its ends', () => {
    expect(rangeTicks(16, 128, { integers: true })).toEqual([20, 40, 60, 80, 100, 120]);
    expect(rangeTicks(0.003, 0.004, { log: true })).toEqual([0.003, 0.004]);
    expect(rangeTicks(1, 1, { integers: true })).toEqual([1]);
  });
});

describe('axes', () => {
  it('places values linearly, on a log scale, and choices in the middle of their bands', () => {
    const linear = numericAxis({ low: 0, high: 10, ticks: [0, 5, 10], format: String }, [40, 240]);
    expect(linear.place(5)).toBe(140);
    expect(linear.ticks.map((t) => [t.label, t.at])).toEqual([
      ['0', 40],
      ['5', 140],
      ['10', 240],
    ]);
    const log = numericAxis({ low: 0.001, high: 0.1, log: true, ticks: [], format: String }, [0, 100]);
    expect(log.place(0.01)).toBeCloseTo(50);
    // y runs upwards: from the bottom of the frame to its top.
    const y = valueAxis([0.83, 0.97], [150, 10], String);
    expect(y.place(0.8)).toBe(150);
    expect(y.place(1)).toBe(10);
    expect(categoryAxis(['16', '32', '64', '128'], [0, 400]).ticks.map((t) => t.at)).toEqual([50, 150, 250, 350]);
  });

  it('labels only ticks that do not overlap', () => {
    const ticks = [0, 10, 20, 100].map((at) => ({ value: at, at, label: '0.001' }));
    expect(labelledTicks(ticks).map((t) => t.at)).toEqual([0, 100]);
  });
});

describe('best so far', () => {
  it('keeps the best value after each, in the objective direction', () => {
    expect(bestSoFar([0.5, 0.4, 0.7, 0.6], (a, b) => a > b)).toEqual([0.5, 0.5, 0.7, 0.7]);
    expect(bestSoFar([0.5, 0.4, 0.7, 0.3], (a, b) => a < b)).toEqual([0.5, 0.4, 0.4, 0.3]);
    expect(
      stepPath([
        [0, 10],
        [5, 4],
      ]),
    ).toBe('M0,10H5V4');
  });
});
