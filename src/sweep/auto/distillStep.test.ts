import { describe, expect, it } from 'vitest';
import type { Trial, TrialAttrs } from '../study';
import { studentParams } from './autoSpace';
import type { AutoLimits } from './autoStudy';
import { distillStepNote } from './distillStep';
import { candidates } from './leaderboard';

function trial(number: number, value: number, params: number, extra: Partial<Trial> = {}): Trial {
  const attrs: TrialAttrs = { params, float32Bytes: params * 4 + 2000, uint8Bytes: params + 2000, latencyMs: 0.2 };
  return {
    number,
    params: { 'auto.family': 'mlp' },
    state: 'complete',
    value,
    intermediate: [],
    error: null,
    startedAt: 0,
    endedAt: 1,
    attrs,
    ...extra,
  };
}

const OBJECTIVE = { metric: 'val_acc', direction: 'maximize' } as const;
const SEARCHED = [trial(0, 0.97, 12_300), trial(1, 0.9, 1_500)];
const note = (trials: readonly Trial[], limits: AutoLimits = { maxParams: 2000 }, skipped: string | null = null) =>
  distillStepNote(candidates(trials, 'maximize', String), limits, OBJECTIVE, skipped);

describe('the sentence on Auto’s last step', () => {
  it('says what was distilled, from which teacher, and how the two compare', () => {
    const student = trial(2, 0.95, 1_900, { params: studentParams(SEARCHED[0]!.params, 0, 2000), followUp: true });
    expect(note([...SEARCHED, student])).toBe(
      'The best candidate (12,300 params) breaks the 2,000-parameter limit; distilled it into a 1,900-parameter student (candidate 2): val_acc 0.950 vs teacher 0.970.',
    );
    expect(note([...SEARCHED, student], { maxParams: 1000 })).toMatch(
      /The student still breaks the 1,000-parameter limit\.$/,
    );
    const capped = { ...student, attrs: { ...student.attrs, distilCapped: true } };
    expect(note([...SEARCHED, capped])).toMatch(/vs teacher 0\.970\. It was stopped at the step’s time limit/);
    const running = { ...student, state: 'running' as const, value: null };
    expect(note([...SEARCHED, running])).toMatch(/distilling it into a smaller student \(candidate 2\)…$/);
    const failed = {
      ...student,
      state: 'failed' as const,
      value: null,
      error: 'Stopped by you before the student finished.',
    };
    expect(note([...SEARCHED, failed])).toMatch(/failed: Stopped by you/);
  });

  it('says why nothing was distilled: no limits, the best meets them, one within them scores close, or the reason kept', () => {
    expect(note(SEARCHED, {})).toMatch(/No limits are set/);
    expect(note(SEARCHED, { maxParams: 20_000 })).toBe('The best candidate meets the limits: nothing to distil.');
    const close = [...SEARCHED, trial(2, 0.965, 1_200)];
    expect(note(close)).toBe(
      'Candidate 2 meets the limits and scores within 1 % of the best (val_acc 0.965 vs 0.970): nothing to distil.',
    );
    expect(note(SEARCHED)).toBeUndefined();
    expect(note(SEARCHED, { maxParams: 2000 }, 'Nothing was distilled: why.')).toBe('Nothing was distilled: why.');
  });
});
