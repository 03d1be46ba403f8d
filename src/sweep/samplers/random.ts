/** Random search: every trial drawn uniformly (log-uniformly on log ranges), independent of the others. */
import { sampleUniformParams, trialRandom, type Sampler } from './sampler';

export function randomSampler(seed: number): Sampler {
  return { sample: (space, _trials, number) => sampleUniformParams(space, trialRandom(seed, number)) };
}
