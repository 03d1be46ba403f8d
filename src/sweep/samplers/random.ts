/** Random search: every trial drawn uniformly (log-uniformly on log ranges), independent of the others. */
import { sampleUniformParams, trialRandom, type Sampler, type SamplerKind } from './sampler';

export const random: SamplerKind = {
  id: 'random',
  label: 'random',
  help: 'Each trial drawn on its own, uniformly (log-uniformly on log ranges): a baseline that any number of workers can share.',
  create: ({ seed }) => randomSampler(seed),
  optuna: ({ seed }, seedExpression = String(seed)) => `optuna.samplers.RandomSampler(seed=${seedExpression})`,
};

export function randomSampler(seed: number): Sampler {
  return {
    sample: (space, _trials, number, group) => sampleUniformParams(space, trialRandom(seed, number, group)),
  };
}
