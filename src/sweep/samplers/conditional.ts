/**
 * Sampling a conditional space with any sampler, as Optuna's TPE does with `group=True`: first the
 * params without a condition, then the params their values make active, and so on while new ones
 * become active. Each group is sampled by the study's sampler over the trials that have all of its
 * params, so TPE models a family's knobs from that family's trials only.
 */
import { conditionHolds, isConditional } from '../conditions';
import type { Params } from '../space';
import type { Trial } from '../study';
import type { ParamValue, SearchSpace } from '../studyConfig';
import type { Sampler } from './sampler';

/**
 * The params for trial `number`: the active params of `space` only. A pure function of its
 * inputs, as `Sampler.sample` is; undefined when the sampler finds a group used up.
 */
export function sampleActive(
  sampler: Sampler,
  space: SearchSpace,
  trials: readonly Trial[],
  number: number,
): Params | undefined {
  if (sampler.takesConditionalSpace || !isConditional(space)) return sampler.sample(space, trials, number);
  const params: Record<string, ParamValue> = {};
  const done = new Set<string>();
  for (let group = 0; ; group++) {
    const next = space.filter((param) => !done.has(param.path) && conditionHolds(param, params));
    if (next.length === 0) return params;
    for (const param of next) done.add(param.path);
    const having = trials.filter((trial) => next.every((param) => trial.params[param.path] !== undefined));
    const drawn = sampler.sample(next, having, number, group);
    if (!drawn) return undefined;
    Object.assign(params, drawn);
  }
}
