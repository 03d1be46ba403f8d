/**
 * The Sampler contract, the SamplerKind a sampler is offered as, and what every sampler shares:
 * a generator per trial and the mapping between a domain's values and the numbers samplers
 * compute with.
 */
import { mulberry32 } from '../../data/split';
import type { Params } from '../space';
import type { Trial } from '../study';
import type { Domain, ParamValue, SearchSpace, SamplerName, StudyConfig } from '../studyConfig';

export interface Sampler {
  /**
   * The params for trial `number`, given every trial so far (running and waiting ones too: TPE's
   * constant liar counts them as bad so that parallel trials spread out). A pure function of
   * (seed, space, trials, number): the same inputs give the same params, so a replayed study
   * asks what it asked before. Undefined when the space is used up (a grid fully tried).
   *
   * A conditional space is sampled a group at a time by `sampleActive` (./conditional.ts): `space`
   * is then one group, `trials` those that have its params, and `group` its position (0 for the
   * first group and for a space without conditions): draw from `trialRandom(seed, number, group)`
   * so that later groups do not reuse the first group's random numbers.
   */
  sample(space: SearchSpace, trials: readonly Trial[], number: number, group?: number): Params | undefined;
  /**
   * True when `sample` takes a conditional space whole (and returns its active params only);
   * otherwise `sampleActive` hands it one group of params at a time.
   */
  readonly takesConditionalSpace?: boolean;
}

/**
 * Everything the studio knows about a sampler, in one object in one file of this folder, listed
 * in `index.ts`. The Sweep view, the scheduler and the Python export ask it; none of them
 * switches on `id`. It takes every domain `space.ts` has (float, int, categorical; log; step):
 * `samplers.test.ts` gives each kind all of them.
 */
export interface SamplerKind {
  /** Stored in sweep journals and project files (`SAMPLERS` in ../configSchema.ts): never rename it. */
  readonly id: SamplerName;
  /** Its name in the Sweep view's Sampler list. */
  readonly label: string;
  /** How it picks the next params, in a sentence or two (the Sampler list's tooltip). */
  readonly help: string;
  /** The sampler a sweep with `config` runs: seeded with `config.seed`. */
  create(config: StudyConfig): Sampler;
  /**
   * The same sampler in Optuna, as a Python expression with the same settings and seed: the sweep's
   * Python export passes it to `optuna.create_study(sampler=…)` and to Ray Tune's `OptunaSearch(sampler=…)`.
   * `seed` is a Python expression in place of `config.seed` (the Optuna script's `--seed`: processes that share
   * a study need seeds of their own, or they sample alike).
   */
  optuna(config: StudyConfig, seed?: string): string;
  /** A sentence the Sweep view shows under the settings while this sampler is chosen (the grid's size against the budget). */
  note?(config: StudyConfig): string;
}

/**
 * A generator of its own for each trial (and each group of a conditional space), so suggestions
 * do not depend on how many draws came before.
 */
export function trialRandom(seed: number, number: number, group = 0): () => number {
  return mulberry32((seed ^ Math.imul(number + 1, 0x9e3779b9) ^ Math.imul(group, 0x85ebca6b)) >>> 0);
}

/** Decimals of a step such as 0.01, so values on its grid print as 0.3, not 0.30000000000000004. */
function decimalsOf(step: number): number {
  const text = String(step);
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent) return Number(exponent[1]) + (text.split('e')[0]!.split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}

/** The nearest value of a numeric domain to x: on its step grid, within [low, high]. */
export function snap(domain: Exclude<Domain, { type: 'categorical' }>, x: number): number {
  const { low, high, step } = domain;
  if (step === undefined) return Math.min(high, Math.max(low, x));
  const k = Math.round((x - low) / step);
  const onGrid = Number((low + k * step).toFixed(Math.min(20, decimalsOf(step) + decimalsOf(low))));
  // The last grid point at or below high, when (high − low) is not a multiple of step.
  const last = Number(
    (low + Math.floor((high - low) / step + 1e-9) * step).toFixed(Math.min(20, decimalsOf(step) + decimalsOf(low))),
  );
  return Math.min(last, Math.max(low, onGrid));
}

/**
 * A value drawn uniformly from the domain (log-uniformly for log ranges). Stepped domains
 * draw over [low − step/2, high + step/2] and round, so every grid point is equally likely.
 */
export function sampleUniform(domain: Domain, random: () => number): ParamValue {
  if (domain.type === 'categorical') return domain.choices[Math.floor(random() * domain.choices.length)]!;
  const half = (domain.step ?? 0) / 2;
  const [low, high] = domain.log
    ? [Math.log(domain.low - half), Math.log(domain.high + half)]
    : [domain.low - half, domain.high + half];
  const x = low + random() * (high - low);
  return snap(domain, domain.log ? Math.exp(x) : x);
}

export function sampleUniformParams(space: SearchSpace, random: () => number): Params {
  return Object.fromEntries(space.map((param) => [param.path, sampleUniform(param.domain, random)]));
}

/** A categorical value's index, a number as it is; undefined when the value does not belong (a changed space). */
export function toInternal(domain: Domain, value: ParamValue | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (domain.type === 'categorical') {
    const index = domain.choices.indexOf(value);
    return index < 0 ? undefined : index;
  }
  return typeof value === 'number' ? value : undefined;
}

export function toExternal(domain: Domain, x: number): ParamValue {
  return domain.type === 'categorical' ? domain.choices[x]! : snap(domain, x);
}
