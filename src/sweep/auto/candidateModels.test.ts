import { describe, expect, it } from 'vitest';
import type { FinishedEpoch } from '../../model/run';
import type { Trial, TrialAttrs } from '../study';
import {
  candidateHistory,
  candidateModelKey,
  candidatesKeepingModels,
  curveAttrs,
  MODEL_KEY_ATTR,
  modelKeysToDrop,
} from './candidateModels';
import { candidates } from './leaderboard';

function trial(number: number, value: number | null, attrs?: TrialAttrs, state: Trial['state'] = 'complete'): Trial {
  return {
    number,
    params: {},
    state,
    value,
    intermediate: [],
    error: null,
    startedAt: 0,
    endedAt: 1,
    ...(attrs ? { attrs } : {}),
  };
}

const HISTORY: FinishedEpoch[] = [
  { epoch: 0, logs: { loss: 1.2, acc: 0.4, val_loss: 1.1, val_acc: 0.5 } },
  { epoch: 1, logs: { loss: 0.8, acc: Number.NaN, val_loss: 0.9 } },
];

describe("a candidate's curves", () => {
  it('come back from its attrs epoch by epoch, without a metric some epoch did not log as a number', () => {
    const attrs = curveAttrs(HISTORY);
    expect(attrs['curve.loss']).toEqual([1.2, 0.8]);
    expect(Object.keys(attrs)).not.toContain('curve.val_acc');
    expect(Object.keys(attrs)).not.toContain('curve.acc');
    expect(candidateHistory(trial(0, 0.5, attrs), 'val_acc')).toEqual([
      { epoch: 0, logs: { loss: 1.2, val_loss: 1.1 } },
      { epoch: 1, logs: { loss: 0.8, val_loss: 0.9 } },
    ]);
  });

  it('are the objective per epoch for a trial journalled without curves', () => {
    const old = {
      ...trial(0, 0.8),
      intermediate: [
        { step: 1, value: 0.6 },
        { step: 2, value: 0.8 },
      ],
    };
    expect(candidateHistory(old, 'val_acc')).toEqual([
      { epoch: 0, logs: { val_acc: 0.6 } },
      { epoch: 1, logs: { val_acc: 0.8 } },
    ]);
  });
});

describe('which candidates keep their trained model', () => {
  const withModel = (number: number, value: number, params: number) =>
    trial(number, value, { params, [MODEL_KEY_ATTR]: `model-${number}` });
  const trials = [
    withModel(0, 0.9, 100),
    withModel(1, 0.95, 5000),
    withModel(2, 0.8, 50),
    trial(3, null, {}, 'running'),
  ];
  const list = candidates(trials, 'maximize', () => '');

  it('the best ones, and the best of those meeting the limits', () => {
    expect(candidatesKeepingModels(list, {}, 1)).toEqual(new Set([1]));
    expect(candidatesKeepingModels(list, { maxParams: 60 }, 1)).toEqual(new Set([1, 2]));
  });

  it('drops the kept models of the others, and knows where each kept one lies', () => {
    expect(modelKeysToDrop(list, {})).toEqual([]);
    expect(candidateModelKey(trials[0]!)).toBe('model-0');
    expect(candidateModelKey(trials[3]!)).toBeUndefined();
    const many = Array.from({ length: 12 }, (_, n) => withModel(n, n / 100, 10));
    expect(
      modelKeysToDrop(
        candidates(many, 'maximize', () => ''),
        {},
      ),
    ).toEqual(['model-1', 'model-0']);
  });
});
