import { describe, expect, it } from 'vitest';
import { compareOnFolds, describeComparison } from './compareOnFolds';

// Expected values worked with scipy.stats.t(k − 1, loc = mean, scale = sqrt((1/k + 1/(k − 1)) · s²)).
describe('compareOnFolds', () => {
  const base = [0.8, 0.82, 0.79, 0.81, 0.8];

  it('gives the posterior probabilities of better, equivalent and worse', () => {
    const differences = [0.02, 0.01, 0.03, 0.0, 0.02];
    const result = compareOnFolds(
      base.map((b, i) => b + differences[i]!),
      base,
      { rope: 0.01, higherIsBetter: true },
    );
    expect(result.better).toBeCloseTo(0.7616896664, 6);
    expect(result.equivalent).toBeCloseTo(0.2246634549, 6);
    expect(result.worse).toBeCloseTo(0.0136468787, 6);
    expect(result.verdict).toBe('undecided');
  });

  it('is confident when every fold agrees by more than the ROPE', () => {
    const differences = [0.05, 0.04, 0.06, 0.05, 0.045];
    const result = compareOnFolds(
      base.map((b, i) => b + differences[i]!),
      base,
      { rope: 0.01, higherIsBetter: true },
    );
    expect(result.better).toBeCloseTo(0.9992849933, 6);
    expect(result.verdict).toBe('better');
  });

  it('calls tiny differences practically equivalent', () => {
    const differences = [0.002, -0.001, 0.001, 0.0, 0.003];
    const result = compareOnFolds(
      base.map((b, i) => b + differences[i]!),
      base,
      { rope: 0.01, higherIsBetter: true },
    );
    expect(result.equivalent).toBeCloseTo(0.9992272093, 6);
    expect(result.verdict).toBe('equivalent');
  });

  it('reads lower as better for a loss', () => {
    const losses = [0.5, 0.52, 0.49, 0.51, 0.5];
    const result = compareOnFolds(
      losses.map((l) => l - 0.05),
      losses,
      { rope: 0.01, higherIsBetter: false },
    );
    expect(result).toMatchObject({ better: 1, worse: 0, verdict: 'better' });
  });

  it('refuses scores that are not paired by fold', () => {
    expect(() => compareOnFolds([0.8], [0.7], { rope: 0.01, higherIsBetter: true })).toThrow(RangeError);
    expect(() => compareOnFolds([0.8, 0.9], [0.7], { rope: 0.01, higherIsBetter: true })).toThrow(RangeError);
  });
});

describe('describeComparison', () => {
  it('says the verdict in words', () => {
    const names = { first: 'MLP', second: 'ResNet-mini' };
    const options = { rope: 0.01, metric: 'accuracy' };
    expect(describeComparison({ better: 0.97, equivalent: 0.03, worse: 0, verdict: 'better' }, names, options)).toBe(
      'MLP is better than ResNet-mini beyond noise (P = 0.97).',
    );
    expect(
      describeComparison({ better: 0.01, equivalent: 0.98, worse: 0.01, verdict: 'equivalent' }, names, options),
    ).toBe('MLP and ResNet-mini are practically equivalent: their accuracy differs by less than 0.01 (P = 0.98).');
  });
});
