import { describe, expect, it } from 'vitest';
import { autoSettingsProblem, autoStudyConfig, defaultAutoSettings, MIN_AUTO_MINUTES } from './autoStudy';

const settings = defaultAutoSettings(4);

describe('Auto settings', () => {
  it('propose three minutes on one worker per thread but one, and can start with them', () => {
    expect(settings).toMatchObject({ minutes: 3, parallel: 3, limits: {} });
    expect(defaultAutoSettings(1).parallel).toBe(1);
    expect(autoSettingsProblem(settings)).toBeUndefined();
    expect(autoSettingsProblem({ ...settings, minutes: MIN_AUTO_MINUTES, limits: { maxKb: 8 } })).toBeUndefined();
  });

  it('say in words why a budget of 0, one below the minimum, no worker or a limit of 0 cannot start', () => {
    expect(autoSettingsProblem({ ...settings, minutes: 0 })).toBe('The time budget must be above 0 minutes; it is 0.');
    expect(autoSettingsProblem({ ...settings, minutes: Number.NaN })).toBe('Enter the time budget in minutes.');
    expect(autoSettingsProblem({ ...settings, minutes: 0.2 })).toMatch(/at least 0.5 minutes.*it is 0.2/);
    expect(autoSettingsProblem({ ...settings, parallel: 0 })).toMatch(/At least 1 candidate/);
    expect(autoSettingsProblem({ ...settings, limits: { maxLatencyMs: 0 } })).toBe(
      'The latency limit must be above 0, or left empty for none; it is 0.',
    );
    expect(autoSettingsProblem({ ...settings, limits: { maxParams: -5 } })).toMatch(/^The parameter limit/);
  });

  it('become a TPE study with ASHA pruning on the task’s validation metric, for the budget’s minutes', () => {
    const space = [
      { path: 'training.learningRate', domain: { type: 'float', low: 0.001, high: 0.1, log: true } },
    ] as const;
    expect(autoStudyConfig(space, 'multiclass', { ...settings, minutes: 10 })).toEqual({
      space,
      objective: { metric: 'val_acc', direction: 'maximize' },
      sampler: 'tpe',
      pruner: 'asha',
      seed: 42,
      budget: { minutes: 10 },
      parallel: 3,
      aim: 'metric',
    });
    expect(autoStudyConfig(space, 'regression', settings).objective).toEqual({
      metric: 'val_loss',
      direction: 'minimize',
    });
  });
});
