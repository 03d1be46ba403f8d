/**
 * TPE's multivariate Parzen estimator: a mixture with one kernel per observed trial plus a prior
 * kernel, each kernel a product over the parameters of a truncated normal (numeric) or a
 * weighted categorical distribution. Bandwidths follow Optuna's rules (each kernel as wide as
 * the larger gap to its neighbours, the outermost kernels to their inner neighbour only, clipped
 * by the "magic clip" to at least range / min(100, kernels + 1)); numbers are handled in log space
 * for log ranges, and stepped ranges by the mass of the step's interval around a value.
 */
import type { Domain, SearchSpace } from '../studyConfig';
import { snap } from './sampler';
import { logGaussMass, truncnormLogPdf, truncnormPpf } from './truncnorm';

export const PRIOR_WEIGHT = 1;

interface NumericKernels {
  readonly type: 'numeric';
  readonly domain: Exclude<Domain, { type: 'categorical' }>;
  /** Centres and widths in the search scale (the log for log ranges). */
  readonly mus: Float64Array;
  readonly sigmas: Float64Array;
  /** The range in the search scale, widened by half a step on each side for stepped ranges. */
  readonly low: number;
  readonly high: number;
  /** log(Φ(b) − Φ(a)) for each kernel over [low, high]: its normaliser. */
  readonly logMass: Float64Array;
}

interface CategoricalKernels {
  readonly type: 'categorical';
  /** Per kernel, the probability of each choice. */
  readonly probabilities: readonly Float64Array[];
}

export interface ParzenEstimator {
  /** Normalised; the last kernel is the prior. */
  readonly weights: Float64Array;
  readonly dimensions: readonly (NumericKernels | CategoricalKernels)[];
}

/**
 * Optuna's default weights for n observations in trial order: equal below 25, otherwise the
 * 25 most recent at 1 and the older ones ramping from 1/n up to 1.
 */
export function observationWeights(n: number): number[] {
  if (n < 25) return Array.from({ length: n }, () => 1);
  const ramp = n - 25;
  return [
    ...Array.from({ length: ramp }, (_, i) => (ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1))),
    ...Array.from({ length: 25 }, () => 1),
  ];
}

const toScale = (domain: Exclude<Domain, { type: 'categorical' }>, x: number) => (domain.log ? Math.log(x) : x);

/** The estimator over `observations` (one row per trial, in trial order; categorical values as choice indices). */
export function parzenEstimator(space: SearchSpace, observations: readonly (readonly number[])[]): ParzenEstimator {
  const n = observations.length;
  const raw = [...observationWeights(n), PRIOR_WEIGHT];
  const total = raw.reduce((sum, w) => sum + w, 0);
  const weights = Float64Array.from(raw, (w) => w / total);
  const dimensions = space.map(({ domain }, d) => {
    const column = observations.map((row) => row[d]!);
    return domain.type === 'categorical'
      ? categoricalKernels(domain.choices.length, column)
      : numericKernels(domain, column);
  });
  return { weights, dimensions };
}

function categoricalKernels(choices: number, observed: readonly number[]): CategoricalKernels {
  const kernels = observed.length + 1;
  // Each observed kernel puts 1 on its choice over a floor of prior_weight / kernels on every
  // choice; the prior kernel is the floor alone, which normalises to uniform.
  const probabilities = Array.from({ length: kernels }, (_, k) => {
    const row = new Float64Array(choices).fill(PRIOR_WEIGHT / kernels);
    if (k < observed.length) row[observed[k]!]! += 1;
    const sum = row.reduce((s, p) => s + p, 0);
    return row.map((p) => p / sum);
  });
  return { type: 'categorical', probabilities };
}

function numericKernels(domain: Exclude<Domain, { type: 'categorical' }>, observed: readonly number[]): NumericKernels {
  const half = (domain.step ?? 0) / 2;
  const low = toScale(domain, domain.low - half);
  const high = toScale(domain, domain.high + half);
  const n = observed.length;
  const mus = new Float64Array(n + 1);
  const sigmas = new Float64Array(n + 1);
  observed.forEach((x, i) => (mus[i] = toScale(domain, x)));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => mus[a]! - mus[b]!);
  const sorted = [low, ...order.map((i) => mus[i]!), high];
  const minSigma = (high - low) / Math.min(100, n + 2);
  const maxSigma = high - low;
  order.forEach((i, rank) => {
    const left = sorted[rank + 1]! - sorted[rank]!;
    const right = sorted[rank + 2]! - sorted[rank + 1]!;
    // The outermost kernels ignore the range's ends (Optuna's consider_endpoints = false).
    let sigma = Math.max(left, right);
    if (n >= 2 && rank === 0) sigma = right;
    if (n >= 2 && rank === n - 1) sigma = left;
    sigmas[i] = Math.min(maxSigma, Math.max(minSigma, sigma));
  });
  mus[n] = 0.5 * (low + high);
  sigmas[n] = high - low;
  const logMass = mus.map((mu, k) => logGaussMass((low - mu) / sigmas[k]!, (high - mu) / sigmas[k]!));
  return { type: 'numeric', domain, mus, sigmas, low, high, logMass };
}

/** `size` points drawn from the mixture: a kernel by weight, then each parameter from that kernel. */
export function sampleParzen(estimator: ParzenEstimator, random: () => number, size: number): number[][] {
  const cumulative = cumulativeOf(estimator.weights);
  return Array.from({ length: size }, () => {
    const k = pick(cumulative, random());
    return estimator.dimensions.map((dimension) => {
      if (dimension.type === 'categorical') return pick(cumulativeOf(dimension.probabilities[k]!), random());
      const { mus, sigmas, low, high, domain } = dimension;
      const mu = mus[k]!;
      const sigma = sigmas[k]!;
      const z = truncnormPpf(random(), (low - mu) / sigma, (high - mu) / sigma);
      const x = z * sigma + mu;
      return snap(domain, domain.log ? Math.exp(x) : x);
    });
  });
}

function cumulativeOf(probabilities: Float64Array): Float64Array {
  const out = new Float64Array(probabilities.length);
  let sum = 0;
  probabilities.forEach((p, i) => (out[i] = sum += p));
  return out;
}

/** The first index whose cumulative probability exceeds u (the last when rounding leaves u above all). */
function pick(cumulative: Float64Array, u: number): number {
  const total = cumulative[cumulative.length - 1]!;
  for (let i = 0; i < cumulative.length; i++) if (u * total < cumulative[i]!) return i;
  return cumulative.length - 1;
}

/** log density of the mixture at a point (categorical values as indices), summed over kernels in log space. */
export function parzenLogPdf(estimator: ParzenEstimator, x: readonly number[]): number {
  const { weights, dimensions } = estimator;
  const perKernel = Array.from(weights, (w) => Math.log(w));
  for (const [d, dimension] of dimensions.entries()) {
    const value = x[d]!;
    if (dimension.type === 'categorical') {
      dimension.probabilities.forEach((row, k) => (perKernel[k]! += Math.log(row[value]!)));
      continue;
    }
    const { domain, mus, sigmas, low, high, logMass } = dimension;
    if (domain.step === undefined) {
      const t = toScale(domain, value);
      for (let k = 0; k < mus.length; k++)
        perKernel[k]! += truncnormLogPdf(t, mus[k]!, sigmas[k]!, low, high, logMass[k]);
      continue;
    }
    // A stepped value stands for the interval of half a step either side of it.
    const left = toScale(domain, value - domain.step / 2);
    const right = toScale(domain, value + domain.step / 2);
    for (let k = 0; k < mus.length; k++) {
      const mu = mus[k]!;
      const sigma = sigmas[k]!;
      perKernel[k]! += logGaussMass((left - mu) / sigma, (right - mu) / sigma) - logMass[k]!;
    }
  }
  const max = Math.max(...perKernel);
  if (max === -Infinity) return -Infinity;
  return max + Math.log(perKernel.reduce((sum, v) => sum + Math.exp(v - max), 0));
}
