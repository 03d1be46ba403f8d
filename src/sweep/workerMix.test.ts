import { describe, expect, it } from 'vitest';
import { trialWorkerRoles } from './workerMix';

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
    for (const size of [0, 1, 2, 7]) for (const gpu of [true, false]) expect(trialWorkerRoles(size, gpu)).toHaveLength(size);
  });
});
