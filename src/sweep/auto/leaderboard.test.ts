import { describe, expect, it } from 'vitest';
import type { Trial, TrialAttrs } from '../study';
import {
  applyLimits,
  candidates,
  compareFinalists,
  costFront,
  excess,
  finalists,
  studentParamLimit,
  teacherToDistil,
} from './leaderboard';

function trial(number: number, value: number | null, attrs?: TrialAttrs, state: Trial['state'] = 'complete'): Trial {
  return {
    number,
    params: { 'auto.family': number % 2 ? 'mlp' : 'resnet' },
    state,
    value,
    intermediate: [],
    error: null,
    startedAt: 1000 * number,
    endedAt: state === 'running' ? null : 1000 * number + 500,
    ...(attrs ? { attrs } : {}),
  };
}

const measured = (params: number, kB: number, latencyMs: number) => ({
  params,
  float32Bytes: kB * 1000,
  uint8Bytes: kB * 250,
  latencyMs,
});

const TRIALS = [
  trial(0, 0.9, measured(1000, 4, 0.5)),
  trial(1, null, undefined, 'running'),
  trial(2, 0.95, measured(5000, 20, 0.8)),
  trial(3, 0.8, measured(300, 1.2, 0.3)),
  trial(4, null, undefined, 'pruned'),
  trial(5, 0.85, measured(2000, 8, 0.6)),
];
const label = (params: Trial['params']) => String(params['auto.family']);

describe('the leaderboard', () => {
  it('ranks complete candidates best first, then running, then pruned and failed, with their measures', () => {
    const list = candidates(TRIALS, 'maximize', label);
    expect(list.map((c) => c.trial.number)).toEqual([2, 0, 5, 3, 1, 4]);
    expect(list[0]).toMatchObject({ label: 'resnet', measures: measured(5000, 20, 0.8), ms: 500 });
    expect(list[4]).toMatchObject({ measures: {}, ms: null });
    expect(candidates(TRIALS, 'minimize', label)[0]!.trial.number).toBe(3);
  });

  it('puts the smaller of two equally good candidates first', () => {
    const tied = [trial(0, 1, measured(26_000, 110, 0.06)), trial(1, 1, measured(1_700, 12, 0.05)), trial(2, 0.9)];
    expect(candidates(tied, 'maximize', label).map((c) => c.trial.number)).toEqual([1, 0, 2]);
  });

  it('gives the cross-validated mean and sample standard deviation once a candidate has folds', () => {
    const [c] = candidates(
      [trial(0, 0.9, { ...measured(1, 1, 1), cvFolds: [0.8, 0.9, 1], cvNote: 'k = 3' })],
      'maximize',
      label,
    );
    expect(c!.cv?.mean).toBeCloseTo(0.9, 12);
    expect(c!.cv?.sd).toBeCloseTo(0.1, 12);
    expect(c!.cv?.note).toBe('k = 3');
  });

  it('keeps the candidates within the limits, and when none is, names the closest', () => {
    const list = candidates(TRIALS, 'maximize', label);
    expect(applyLimits(list, { maxKb: 10, maxLatencyMs: 0.6 }).meeting.map((c) => c.trial.number)).toEqual([0, 5, 3]);
    const none = applyLimits(list, { maxParams: 100 });
    expect(none.meeting).toEqual([]);
    expect(none.closest.map((c) => c.trial.number)).toEqual([3, 0, 5]);
    expect(excess(list[0]!, { maxParams: 2500 })).toBe(1);
    expect(applyLimits(list, {}).meeting).toHaveLength(4);
  });

  it('picks the best two finished candidates as finalists, among those within the limits when some are', () => {
    const list = candidates(TRIALS, 'maximize', label);
    expect(finalists(list, {}).map((c) => c.trial.number)).toEqual([2, 0]);
    expect(finalists(list, { maxKb: 10, maxLatencyMs: 0.6 }).map((c) => c.trial.number)).toEqual([0, 5]);
    expect(finalists(list, { maxParams: 100 }).map((c) => c.trial.number)).toEqual([2, 0]);
    expect(finalists(candidates([TRIALS[0]!, TRIALS[1]!], 'maximize', label), {})).toHaveLength(1);
  });

  it('says whether the best beats the runner-up beyond noise once both have folds', () => {
    const [best, runnerUp] = candidates(
      [
        trial(0, 0.9, { cvFolds: [0.9, 0.92, 0.94, 0.91, 0.93] }),
        trial(1, 0.85, { cvFolds: [0.7, 0.71, 0.75, 0.72, 0.73] }),
      ],
      'maximize',
      label,
    );
    const objective = { metric: 'val_acc', direction: 'maximize' } as const;
    // Every fold 0.18 to 0.21 apart, far beyond the 0.01 band.
    expect(compareFinalists(best!, runnerUp!, objective)).toMatch(
      /^resnet \(candidate 0\) is better than mlp \(candidate 1\) beyond noise \(P = 1\.00\)\.$/,
    );
    const unchecked = candidates([trial(2, 0.8)], 'maximize', label)[0]!;
    expect(compareFinalists(best!, unchecked, objective)).toBeUndefined();
  });

  it('draws the front of metric against size or latency: no candidate on it is beaten on both', () => {
    const list = candidates(TRIALS, 'maximize', label);
    expect(costFront(list, 'size', 'maximize').map((c) => c.trial.number)).toEqual([3, 0, 2]);
    expect(costFront(list, 'latency', 'maximize').map((c) => c.trial.number)).toEqual([3, 0, 2]);
    expect(costFront(list, 'size', 'minimize').map((c) => c.trial.number)).toEqual([3]);
  });
});

describe('Auto’s last step: distilling when the limits ask for it', () => {
  // Best first: 0.95 with 5,000 parameters, then 0.9 with 1,000 and 0.8 with 300.
  const rows = candidates(TRIALS, 'maximize', String);

  it('distils the best when it breaks a limit and nothing within the limits comes within 1 % of it', () => {
    expect(teacherToDistil(rows, { maxParams: 2000 })?.trial.number).toBe(2);
    expect(teacherToDistil(rows, { maxKb: 10 })?.trial.number).toBe(2);
  });

  it('distils nothing without limits, when the best meets them, or when one within them scores close to it', () => {
    expect(teacherToDistil(rows, {})).toBeUndefined();
    expect(teacherToDistil(rows, { maxParams: 5000 })).toBeUndefined();
    const close = candidates([...TRIALS, trial(9, 0.945, measured(900, 3.6, 0.4))], 'maximize', String);
    expect(teacherToDistil(close, { maxParams: 2000 })).toBeUndefined();
    const notClose = candidates([...TRIALS, trial(9, 0.93, measured(900, 3.6, 0.4))], 'maximize', String);
    expect(teacherToDistil(notClose, { maxParams: 2000 })?.trial.number).toBe(2);
  });

  it('reads a loss the same way: within 1 % above the best loss is close', () => {
    const losses = [trial(0, 0.2, measured(5000, 20, 0.8)), trial(1, 0.201, measured(300, 1.2, 0.3))];
    const ranked = candidates(losses, 'minimize', String);
    expect(teacherToDistil(ranked, { maxParams: 1000 })).toBeUndefined();
    const far = candidates([losses[0]!, trial(1, 0.25, measured(300, 1.2, 0.3))], 'minimize', String);
    expect(teacherToDistil(far, { maxParams: 1000 })?.trial.number).toBe(0);
  });

  it('takes neither a distilled student (a follow-up of the search) as a teacher nor among the finalists', () => {
    const student = { ...trial(6, 0.97, measured(1800, 7.2, 0.4)), followUp: true as const };
    const withStudent = candidates([...TRIALS, student], 'maximize', String);
    expect(withStudent[0]!.trial.number).toBe(6);
    expect(teacherToDistil(withStudent, { maxParams: 500 })?.trial.number).toBe(2);
    expect(finalists(withStudent, { maxParams: 2000 }).map((c) => c.trial.number)).toEqual([0, 5]);
  });

  it('sizes the student by the parameter limit or the float32 weights the size limit holds, whichever is less', () => {
    expect(studentParamLimit({ maxParams: 2000 })).toBe(2000);
    expect(studentParamLimit({ maxKb: 4 })).toBe(1000);
    expect(studentParamLimit({ maxParams: 2000, maxKb: 4 })).toBe(1000);
    expect(studentParamLimit({ maxLatencyMs: 1 })).toBeUndefined();
  });
});
