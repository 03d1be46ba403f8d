/**
 * Drift statistics: how far a new batch's distribution of one column has moved from the training
 * data's, both given over the same bins. The reference keeps bins, not rows (it travels in
 * metadata.json), so every statistic here works on binned distributions.
 */
import jstat from 'jstat';

/**
 * An empty bin's share is taken as this in PSI: ln(0) would make any bin the batch leaves empty
 * (or newly fills) infinitely drifted. 1e-4 is the usual choice (one row in ten thousand).
 */
export const PSI_EMPTY_SHARE = 1e-4;
/** Below STABLE_PSI a column is stable, above DRIFTED_PSI it has drifted, between the two it has moved moderately. */
export const STABLE_PSI = 0.1;
export const DRIFTED_PSI = 0.25;

export type DriftLevel = 'stable' | 'moderate' | 'drifted';

/**
 * Population stability index: Σ (actual − expected) · ln(actual / expected) over the bins, each
 * share at least PSI_EMPTY_SHARE. Both lists are shares of the same bins (each summing to 1).
 */
export function psi(expected: readonly number[], actual: readonly number[]): number {
  let sum = 0;
  expected.forEach((share, bin) => {
    const e = Math.max(share, PSI_EMPTY_SHARE);
    const a = Math.max(actual[bin] ?? 0, PSI_EMPTY_SHARE);
    sum += (a - e) * Math.log(a / e);
  });
  return sum;
}

export function driftLevel(psiValue: number): DriftLevel {
  return psiValue < STABLE_PSI ? 'stable' : psiValue <= DRIFTED_PSI ? 'moderate' : 'drifted';
}

export interface TestResult {
  readonly statistic: number;
  /** The probability of a difference at least this large between two samples of one distribution. */
  readonly pValue: number;
}

/**
 * The two-sample Kolmogorov–Smirnov statistic of binned samples: the largest gap between the two
 * cumulative shares at the bins' edges (a lower bound of the statistic of the rows themselves,
 * exact when no two rows share a bin edge's side differently). Its p-value is Kolmogorov's
 * asymptotic distribution at D·√(n·m / (n + m)), n and m the samples' sizes.
 */
export function kolmogorovSmirnov(
  expected: readonly number[],
  actual: readonly number[],
  sizes: { readonly expected: number; readonly actual: number },
): TestResult {
  let cumulativeExpected = 0;
  let cumulativeActual = 0;
  let statistic = 0;
  expected.forEach((share, bin) => {
    cumulativeExpected += share;
    cumulativeActual += actual[bin] ?? 0;
    statistic = Math.max(statistic, Math.abs(cumulativeExpected - cumulativeActual));
  });
  const effective = (sizes.expected * sizes.actual) / (sizes.expected + sizes.actual);
  return { statistic, pValue: kolmogorovTail(statistic * Math.sqrt(effective)) };
}

/** P(K > λ) for Kolmogorov's distribution: 2 Σ (−1)^(j−1) e^(−2 j² λ²); the series has converged by j = 100. */
export function kolmogorovTail(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let j = 1; j <= 100; j++) sum += (j % 2 === 1 ? 1 : -1) * Math.exp(-2 * j * j * lambda * lambda);
  return Math.min(1, Math.max(0, 2 * sum));
}

/**
 * Pearson's χ² test of homogeneity of the 2 × k table of counts (the training rows', the batch's)
 * per category. Categories neither has are left out; dof = categories kept − 1.
 */
export function chiSquare(expectedCounts: readonly number[], actualCounts: readonly number[]): TestResult {
  const kept = expectedCounts.map((e, bin) => [e, actualCounts[bin] ?? 0] as const).filter(([e, a]) => e + a > 0);
  const expectedTotal = kept.reduce((sum, [e]) => sum + e, 0);
  const actualTotal = kept.reduce((sum, [, a]) => sum + a, 0);
  const total = expectedTotal + actualTotal;
  if (kept.length < 2 || expectedTotal === 0 || actualTotal === 0) return { statistic: 0, pValue: 1 };
  let statistic = 0;
  for (const [e, a] of kept) {
    const share = (e + a) / total;
    statistic += (e - expectedTotal * share) ** 2 / (expectedTotal * share);
    statistic += (a - actualTotal * share) ** 2 / (actualTotal * share);
  }
  return { statistic, pValue: 1 - jstat.jStat.chisquare.cdf(statistic, kept.length - 1) };
}
