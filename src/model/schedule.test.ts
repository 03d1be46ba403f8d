import { describe, expect, it } from 'vitest';
import { learningRateAt, type ScheduleConfig } from './schedule';

const base: ScheduleConfig = {
  learningRate: 0.1,
  schedule: 'constant',
  decayEvery: 10,
  decayRate: 0.5,
  warmupEpochs: 0,
  cosineRestartEvery: 0,
  minLearningRate: 0,
};
const curve = (config: Partial<ScheduleConfig>, epochs: number) =>
  Array.from({ length: epochs }, (_, e) => learningRateAt({ ...base, ...config }, e, epochs));

describe('learningRateAt', () => {
  it('constant', () => expect(curve({}, 3)).toEqual([0.1, 0.1, 0.1]));

  it('step decay halves every decayEvery epochs', () => {
    const lr = curve({ schedule: 'step', decayEvery: 2 }, 6);
    expect(lr).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
  });

  it('exponential decay multiplies by decayRate each epoch', () => {
    const lr = curve({ schedule: 'exponential', decayRate: 0.9 }, 3);
    expect(lr[0]).toBeCloseTo(0.1);
    expect(lr[1]).toBeCloseTo(0.09);
    expect(lr[2]).toBeCloseTo(0.081);
  });

  it('cosine goes from the full rate to the floor over the run', () => {
    const lr = curve({ schedule: 'cosine', minLearningRate: 0.01 }, 5);
    // progress 0, 0.2, 0.4, 0.6, 0.8: 0.01 + 0.045·(1 + cos(π·p))
    expect(lr[0]).toBeCloseTo(0.1);
    expect(lr[2]).toBeCloseTo(0.01 + 0.045 * (1 + Math.cos(0.4 * Math.PI)));
    expect(lr[4]).toBeCloseTo(0.01 + 0.045 * (1 + Math.cos(0.8 * Math.PI)));
  });

  it('cosine with warm restarts starts again from the full rate', () => {
    const lr = curve({ schedule: 'cosine', cosineRestartEvery: 3 }, 7);
    expect(lr[0]).toBeCloseTo(0.1);
    expect(lr[3]).toBeCloseTo(0.1);
    expect(lr[6]).toBeCloseTo(0.1);
    expect(lr[1]).toBeCloseTo(0.05 * (1 + Math.cos(Math.PI / 3)));
  });

  it('warm-up ramps linearly before the schedule', () => {
    const lr = curve({ schedule: 'step', decayEvery: 2, warmupEpochs: 3 }, 6);
    [0.025, 0.05, 0.075].forEach((expected, e) => expect(lr[e]).toBeCloseTo(expected));
    expect(lr.slice(3)).toEqual([0.1, 0.1, 0.05]);
  });
});
