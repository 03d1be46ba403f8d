/** Summaries of a handful of numbers: a pruner's median, a latency's median, cross-validation's mean ± sd. */

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)]! + sorted[Math.ceil(mid)]!) / 2;
}

/**
 * The mean and the sample standard deviation (n − 1 in the denominator, as numpy's `std(ddof=1)` and
 * scikit-learn's reports of cross-validation scores): 0 for a single value, NaN for none.
 */
export function meanAndSd(values: readonly number[]): { readonly mean: number; readonly sd: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, sd: 0 };
  return { mean, sd: Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) };
}
