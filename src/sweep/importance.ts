/**
 * Parameter importance, "fANOVA-lite": the objective over the complete trials is fitted as an
 * additive model, mean + Σ f_p(group of param p), by backfitting, where a param's groups are a
 * categorical's choices or a number's range cut into bins holding about equally many trials (so
 * log or linear scale does not matter). A param's importance is the variance of its f_p (its main
 * effect, as in fANOVA's decomposition) less what its k groups would fit of pure noise,
 * (k − 1)/n · σ²_residual, floored at 0; the params' values are then scaled to sum to 1, as
 * Optuna reports importances. Unlike Optuna's fANOVA (over a random forest) it sees main effects
 * only, not interactions.
 */
import type { Result } from '../model/result';
import { activeSpace, isConditional } from './conditions';
import { toInternal } from './samplers/sampler';
import type { Trial } from './study';
import type { SearchSpace } from './studyConfig';

/** Fewer complete trials than this say nothing about importance. */
export const MIN_TRIALS_FOR_IMPORTANCE = 5;
/** Numeric params are cut into at most this many bins (fewer with few trials: about 4 trials a bin). */
const MAX_BINS = 8;
const BACKFITTING_ROUNDS = 20;

export interface ParamImportance {
  readonly path: string;
  /** Share of the explained variance, 0 to 1; the params' shares sum to 1 (all 0 when none explains any). */
  readonly importance: number;
  /** The share of the objective's variance this param's main effect explains, corrected for chance. */
  readonly explained: number;
}

/**
 * Each param's importance over the complete trials, most important first; an error sentence when
 * there are fewer than MIN_TRIALS_FOR_IMPORTANCE of them. In a conditional space, only the params
 * every complete trial has are ranked. Pure; the trials are not modified.
 */
export function paramImportance(searched: SearchSpace, trials: readonly Trial[]): Result<readonly ParamImportance[]> {
  // Trials whose params do not fit the space (changed since) are left out.
  const complete = trials.filter(
    (t) =>
      t.state === 'complete' &&
      t.value !== null &&
      Number.isFinite(t.value) &&
      activeSpace(searched, t.params).every((p) => toInternal(p.domain, t.params[p.path]) !== undefined),
  );
  // In a conditional space, the params every trial has (as Optuna's importance evaluators take
  // the intersection of the trials' spaces): a family's knobs say nothing about other families.
  const space = isConditional(searched)
    ? searched.filter((p) => complete.every((t) => t.params[p.path] !== undefined))
    : searched;
  const n = complete.length;
  if (n < MIN_TRIALS_FOR_IMPORTANCE) {
    return {
      ok: false,
      error: `Parameter importance needs at least ${MIN_TRIALS_FOR_IMPORTANCE} complete trials (${n} so far).`,
    };
  }
  const groups = space.map((param) => {
    const xs = complete.map((t) => toInternal(param.domain, t.params[param.path])!);
    return param.domain.type === 'categorical' ? xs : equalCountBins(xs);
  });
  const ys = complete.map((t) => t.value!);
  const mean = ys.reduce((a, b) => a + b, 0) / n;
  const totalVariance = ys.reduce((sum, y) => sum + (y - mean) ** 2, 0) / n;
  const effects = backfit(
    groups,
    ys.map((y) => y - mean),
  );
  const residual = ys.map((y, i) => y - mean - effects.reduce((sum, f) => sum + f[i]!, 0));
  const freedom = groups.reduce((sum, g) => sum + new Set(g).size - 1, 0);
  const noiseVariance = n - 1 - freedom > 0 ? residual.reduce((sum, r) => sum + r * r, 0) / (n - 1 - freedom) : 0;
  const explained = space.map((param, p) => {
    const k = new Set(groups[p]).size;
    const variance = effects[p]!.reduce((sum, f) => sum + f * f, 0) / n;
    const corrected = Math.max(0, variance - ((k - 1) / n) * noiseVariance);
    return { path: param.path, explained: totalVariance > 0 ? corrected / totalVariance : 0 };
  });
  const total = explained.reduce((sum, e) => sum + e.explained, 0);
  return {
    ok: true,
    value: explained
      .map((e) => ({ ...e, importance: total > 0 ? e.explained / total : 0 }))
      .sort((a, b) => b.importance - a.importance),
  };
}

/**
 * The additive model's terms, one per param: each trial's f_p, centred. Backfitting: each term in
 * turn becomes its groups' means of what the other terms leave, until they settle.
 */
function backfit(groups: readonly (readonly number[])[], centred: readonly number[]): number[][] {
  const effects = groups.map(() => centred.map(() => 0));
  for (let round = 0; round < BACKFITTING_ROUNDS; round++) {
    groups.forEach((group, p) => {
      const partial = centred.map((y, i) => y - effects.reduce((sum, f, q) => (q === p ? sum : sum + f[i]!), 0));
      const sums = new Map<number, { sum: number; count: number }>();
      group.forEach((g, i) => {
        const s = sums.get(g) ?? { sum: 0, count: 0 };
        sums.set(g, { sum: s.sum + partial[i]!, count: s.count + 1 });
      });
      const fitted = group.map((g) => sums.get(g)!.sum / sums.get(g)!.count);
      const offset = fitted.reduce((a, b) => a + b, 0) / fitted.length;
      effects[p] = fitted.map((f) => f - offset);
    });
  }
  return effects;
}

/** Each value's bin: sorted values cut into k runs of about equal length; equal values share a bin. */
function equalCountBins(values: readonly number[]): number[] {
  const k = Math.max(2, Math.min(MAX_BINS, Math.floor(values.length / 4)));
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const bins = new Array<number>(values.length);
  order.forEach((index, rank) => {
    const previous = order[rank - 1];
    bins[index] =
      previous !== undefined && values[previous] === values[index]
        ? bins[previous]!
        : Math.floor((rank * k) / values.length);
  });
  return bins;
}
