import type { Params } from '../sweep/space';
import type { Trial } from '../sweep/study';

/** A trial that completed with `value`, started and ended at time 0, unless `overrides` say otherwise. */
export function completedTrial(number: number, params: Params, value: number, overrides: Partial<Trial> = {}): Trial {
  return {
    number,
    params,
    state: 'complete',
    value,
    intermediate: [],
    error: null,
    startedAt: 0,
    endedAt: 0,
    ...overrides,
  };
}
