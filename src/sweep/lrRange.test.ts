import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/split';
import { DEFAULT_LR_RANGE, lrRangeRates, proposeLearningRate } from './lrRange';

describe('lrRangeRates', () => {
  it('grows exponentially from min to max', () => {
    const rates = lrRangeRates(1e-6, 1, 7);
    expect(rates.map((r) => Math.log10(r))).toEqual([-6, -5, -4, -3, -2, -1, 0].map((e) => expect.closeTo(e, 10)));
  });

  it('refuses a range that is not one', () => {
    expect(() => lrRangeRates(0, 1, 10)).toThrow(RangeError);
    expect(() => lrRangeRates(1, 0.1, 10)).toThrow(RangeError);
  });
});

describe('proposeLearningRate', () => {
  /** A typical curve: flat at tiny rates, falling fastest around 1e-3, lowest near 1e-2, exploding past 0.1; noisy. */
  function syntheticCurve(seed: number) {
    const random = mulberry32(seed);
    const rates = lrRangeRates(1e-6, 1, 200);
    const losses = rates.map((rate) => {
      const x = Math.log10(rate);
      const learnt = 1.8 / (1 + Math.exp(-(x + 3) * 4));
      const exploded = x > -1.5 ? Math.exp((x + 1.5) * 6) - 1 : 0;
      return 2.3 - learnt + exploded + (random() - 0.5) * 0.05;
    });
    return { rates, losses };
  }

  it('proposes a rate near the steepest fall of the loss, before it diverges', () => {
    for (const seed of [1, 2, 3]) {
      const { rates, losses } = syntheticCurve(seed);
      const result = proposeLearningRate(rates, losses);
      if (!result.ok) throw new Error(result.error);
      expect(result.value.rate).toBeGreaterThan(3e-4);
      expect(result.value.rate).toBeLessThan(3e-3);
      expect(result.value.divergedAt).toBeGreaterThan(0.05);
    }
  });

  it('reads past batch-to-batch noise at the tiny rates (a regression on a few hundred rows)', () => {
    // Each batch's loss differs by up to ±40 % of the mean from the next, as few rows' squared errors do,
    // while the model learns nothing below 1e-4: the early wobble is no fall to propose a rate from.
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = mulberry32(seed);
      const rates = lrRangeRates(DEFAULT_LR_RANGE.min, DEFAULT_LR_RANGE.max, DEFAULT_LR_RANGE.steps);
      const losses = rates.map((rate) => {
        const x = Math.log10(rate);
        const learnt = 0.85 / (1 + Math.exp(-(x + 2.5) * 4));
        const exploded = x > -0.5 ? Math.exp((x + 0.5) * 6) - 1 : 0;
        return (1 - learnt + exploded) * (1 + (random() - 0.5) * 0.8);
      });
      const result = proposeLearningRate(rates, losses);
      if (!result.ok) throw new Error(result.error);
      expect(result.value.rate).toBeGreaterThan(3e-4);
      expect(result.value.rate).toBeLessThan(3e-2);
    }
  });

  it('stops at a loss that is not a number', () => {
    const rates = lrRangeRates(1e-4, 1, 6);
    const result = proposeLearningRate(rates, [2, 1.5, 1, 0.8, Number.NaN, 0.1]);
    expect(result.ok && result.value.divergedAt).toBe(rates[4]);
    expect(result.ok && result.value.smoothed).toHaveLength(4);
  });

  it('says so when the loss never falls', () => {
    const rates = lrRangeRates(1e-5, 1e-1, 50);
    const result = proposeLearningRate(
      rates,
      rates.map(() => 1),
    );
    expect(result).toEqual({
      ok: false,
      error:
        'The loss did not fall at any rate from 0.00001 to 0.1: the model may not be able to learn this data as it is, or the range needs to be wider.',
    });
  });
});
