import { describe, expect, it } from 'vitest';
import { trialThreadBudget, trialWorkerRoles } from './workerMix';

describe('trialWorkerRoles', () => {
  it('gives a real GPU to one worker and the CPU backends to the others', () => {
    expect(trialWorkerRoles(4, true)).toEqual(['any', 'cpu', 'cpu', 'cpu']);
    expect(trialWorkerRoles(4, true).filter((role) => role === 'any')).toHaveLength(1);
  });

  it('lets a single worker use the GPU', () => {
    expect(trialWorkerRoles(1, true)).toEqual(['any']);
  });

  it("leaves every worker to the engine's choice without a real GPU", () => {
    expect(trialWorkerRoles(3, false)).toEqual(['any', 'any', 'any']);
  });

  it('has one role per worker', () => {
    for (const size of [0, 1, 2, 7])
      for (const gpu of [true, false]) expect(trialWorkerRoles(size, gpu)).toHaveLength(size);
  });
});

describe('trialThreadBudget', () => {
  it('gives each trial one thread when there are as many trials as cores, or more', () => {
    expect(trialThreadBudget(2, 2)).toBe(1);
    expect(trialThreadBudget(4, 6)).toBe(1);
  });

  it('shares spare cores out among fewer trials', () => {
    expect(trialThreadBudget(2, 1)).toBe(2);
    expect(trialThreadBudget(8, 3)).toBe(2);
    expect(trialThreadBudget(8, 2)).toBe(4);
  });

  it('never leaves a trial without a thread, or the machine over-subscribed', () => {
    for (const cores of [1, 2, 3, 8, 16])
      for (const workers of [0, 1, 2, 5, 32]) {
        const budget = trialThreadBudget(cores, workers);
        expect(budget).toBeGreaterThanOrEqual(1);
        expect(budget * Math.max(1, workers) <= cores || budget === 1).toBe(true);
      }
  });
});
