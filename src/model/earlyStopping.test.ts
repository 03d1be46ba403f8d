import { describe, expect, it } from 'vitest';
import { EarlyStopping } from './earlyStopping';

describe('EarlyStopping', () => {
  it('stops after `patience` epochs without improvement and remembers the best', () => {
    const rule = new EarlyStopping({ metric: 'val_loss', patience: 2, minDelta: 0 });
    const losses = [1.0, 0.8, 0.85, 0.79, 0.81, 0.82];
    const verdicts = losses.map((v, epoch) => rule.observe(epoch, { val_loss: v }));
    expect(verdicts.map((v) => v.improved)).toEqual([true, true, false, true, false, false]);
    expect(verdicts.map((v) => v.stop)).toEqual([false, false, false, false, false, true]);
    expect(rule.bestSoFar).toEqual({ epoch: 3, value: 0.79 });
  });

  it('accuracy improves upwards, and minDelta ignores tiny gains', () => {
    const rule = new EarlyStopping({ metric: 'val_acc', patience: 1, minDelta: 0.01 });
    expect(rule.observe(0, { val_acc: 0.8 }).improved).toBe(true);
    expect(rule.observe(1, { val_acc: 0.805 })).toEqual({ improved: false, stop: true });
  });

  it('an epoch without the metric never counts as an improvement', () => {
    const rule = new EarlyStopping({ metric: 'val_loss', patience: 3, minDelta: 0 });
    expect(rule.observe(0, { loss: 1 }).improved).toBe(false);
  });
});

describe('EarlyStopping state', () => {
  it('a rule rebuilt from another one’s state goes on exactly as the original does', () => {
    const config = { metric: 'val_loss', patience: 3, minDelta: 0.01 };
    const losses = [1.0, 0.8, 0.85, 0.795, 0.81, 0.82, 0.7, 0.71, 0.72, 0.73];
    const original = new EarlyStopping(config);
    losses.slice(0, 5).forEach((v, epoch) => original.observe(epoch, { val_loss: v }));
    const resumed = new EarlyStopping(config, original.state);
    const rest = losses
      .slice(5)
      .map((v, i) => [original.observe(5 + i, { val_loss: v }), resumed.observe(5 + i, { val_loss: v })] as const);
    for (const [expected, actual] of rest) expect(actual).toEqual(expected);
    expect(resumed.bestSoFar).toEqual({ epoch: 6, value: 0.7 });
    // Patience ran out at the last epoch: 0.71, 0.72, 0.73 never beat 0.7 by 0.01.
    expect(rest.at(-1)![1].stop).toBe(true);
  });

  it('the state before any improvement has no best', () => {
    const rule = new EarlyStopping({ metric: 'val_loss', patience: 3, minDelta: 0 });
    rule.observe(0, { loss: 1 });
    expect(rule.state).toEqual({ waited: 1 });
  });
});
