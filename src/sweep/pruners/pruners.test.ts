import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEARNING_RATE_SWEEP } from '../../test/sweepConfig';
import type { Intermediate, Trial, TrialState } from '../study';
import type { Direction } from '../studyConfig';
import { ashaPruner } from './asha';
import { prunerKinds } from './index';
import { medianPruner } from './median';

/** A trial with its values at steps 1, 2, 3 … */
function trial(number: number, values: readonly number[], state: TrialState = 'complete'): Trial {
  const intermediate: Intermediate[] = values.map((value, i) => ({ step: i + 1, value }));
  return {
    number,
    params: {},
    state,
    value: state === 'complete' ? values.at(-1)! : null,
    intermediate,
    error: null,
    startedAt: 0,
    endedAt: null,
  };
}

/** Five completed trials whose values at step 1 are 1 … 5 and at step 2 are 0.5 … 2.5. */
const FIVE = [1, 2, 3, 4, 5].map((v, i) => trial(i, [v, v / 2]));

/** Any history: trials in any state, each with values (NaN among them) at rising epochs; the last one is running. */
const histories = fc
  .array(
    fc.record({
      state: fc.constantFrom<TrialState>('waiting', 'running', 'complete', 'pruned', 'failed'),
      steps: fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 12 }),
      values: fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(NaN)), {
        minLength: 12,
        maxLength: 12,
      }),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((drawn) =>
    drawn.map(({ state, steps, values }, number): Trial => {
      const intermediate = [...steps].sort((a, b) => a - b).map((step, i) => ({ step, value: values[i]! }));
      const last = number === drawn.length - 1;
      return deepFreeze({
        number,
        params: {},
        state: last ? 'running' : state,
        value: !last && state === 'complete' ? (intermediate.at(-1)?.value ?? 0) : null,
        intermediate,
        error: null,
        startedAt: 0,
        endedAt: null,
      });
    }),
  );

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) Object.values(value).forEach(deepFreeze);
  return Object.freeze(value);
}

// Every pruner of the catalog.
describe.each(prunerKinds.map((kind) => [kind.id, kind] as const))('the %s pruner', (_id, kind) => {
  it('answers for any history: yes or no, the same when asked again, touching nothing, never before a report', () => {
    const pruner = kind.create(LEARNING_RATE_SWEEP);
    fc.assert(
      fc.property(histories, fc.constantFrom<Direction>('minimize', 'maximize'), (trials, direction) => {
        const trial = trials.at(-1)!;
        const answer = pruner.shouldPrune(trial, trials, direction);
        expect(typeof answer).toBe('boolean');
        expect(pruner.shouldPrune(trial, trials, direction)).toBe(answer);
        const unreported = { ...trial, intermediate: [] };
        expect(pruner.shouldPrune(unreported, [...trials.slice(0, -1), unreported], direction)).toBe(false);
      }),
    );
  });
});

describe('the median pruner', () => {
  const pruner = medianPruner();

  it('prunes nothing before 5 trials have completed', () => {
    const four = FIVE.slice(0, 4);
    const bad = trial(9, [100], 'running');
    expect(pruner.shouldPrune(bad, [...four, bad], 'minimize')).toBe(false);
    const running = [...four, trial(4, [1, 2], 'running'), bad];
    expect(pruner.shouldPrune(bad, running, 'minimize')).toBe(false);
  });

  it('prunes from the first epoch a trial worse than the median at the same step', () => {
    const worse = trial(5, [3.5], 'running');
    expect(pruner.shouldPrune(worse, [...FIVE, worse], 'minimize')).toBe(true);
    const better = trial(5, [2.5], 'running');
    expect(pruner.shouldPrune(better, [...FIVE, better], 'minimize')).toBe(false);
    const equal = trial(5, [3], 'running');
    expect(pruner.shouldPrune(equal, [...FIVE, equal], 'minimize')).toBe(false);
  });

  it('judges a trial by its best value so far, and mirrors for maximising', () => {
    // Median at step 2 is 1.5; this trial is at 2 now but was at 1 before.
    const dipped = trial(5, [1, 2], 'running');
    expect(pruner.shouldPrune(dipped, [...FIVE, dipped], 'minimize')).toBe(false);
    const low = trial(5, [2.5], 'running');
    expect(pruner.shouldPrune(low, [...FIVE, low], 'maximize')).toBe(true);
    const high = trial(5, [3.5], 'running');
    expect(pruner.shouldPrune(high, [...FIVE, high], 'maximize')).toBe(false);
  });

  it('keeps a trial at a step no completed trial reached, and waits out the warm-up', () => {
    const long = trial(5, [9, 9, 9], 'running');
    expect(pruner.shouldPrune(long, [...FIVE, long], 'minimize')).toBe(false);
    const warm = medianPruner({ warmupSteps: 2 });
    const early = trial(5, [9], 'running');
    expect(warm.shouldPrune(early, [...FIVE, early], 'minimize')).toBe(false);
    const later = trial(5, [9, 9], 'running');
    expect(warm.shouldPrune(later, [...FIVE, later], 'minimize')).toBe(true);
  });
});

describe('the ASHA pruner (η = 3, rungs at epochs 1, 3, 9 …)', () => {
  const pruner = ashaPruner();

  it('promotes the first trial to reach a rung', () => {
    const first = trial(0, [10], 'running');
    expect(pruner.shouldPrune(first, [first], 'minimize')).toBe(false);
  });

  it('while fewer than η trials have reached a rung, promotes only the best', () => {
    const first = trial(0, [5]);
    const worse = trial(1, [6], 'running');
    expect(pruner.shouldPrune(worse, [first, worse], 'minimize')).toBe(true);
    const better = trial(1, [4], 'running');
    expect(pruner.shouldPrune(better, [first, better], 'minimize')).toBe(false);
  });

  it('promotes the top third of the values at a rung, the trial itself counted', () => {
    const nine = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((v, i) => trial(i, [v]));
    // Ten values at rung 0: the best ⌊10/3⌋ = 3 go on.
    const third = trial(9, [2.5], 'running');
    expect(pruner.shouldPrune(third, [...nine, third], 'minimize')).toBe(false);
    const fourth = trial(9, [3.5], 'running');
    expect(pruner.shouldPrune(fourth, [...nine, fourth], 'minimize')).toBe(true);
    const top = trial(9, [7.5], 'running');
    expect(pruner.shouldPrune(top, [...nine, top], 'maximize')).toBe(false);
    const fourthFromTop = trial(9, [6.5], 'running');
    expect(pruner.shouldPrune(fourthFromTop, [...nine, fourthFromTop], 'maximize')).toBe(true);
  });

  it('decides only when a rung is reached: not at epoch 2, again at epoch 3', () => {
    // At epoch 3 (rung 1) three others have been: values 1, 2 and 3.
    const others = [trial(0, [1, 1, 1]), trial(1, [2, 2, 2]), trial(2, [3, 3, 3])];
    const between = trial(3, [0, 50], 'running');
    expect(pruner.shouldPrune(between, [...others, between], 'minimize')).toBe(false);
    const atRung = trial(3, [0, 50, 50], 'running');
    expect(pruner.shouldPrune(atRung, [...others, atRung], 'minimize')).toBe(true);
    const goodAtRung = trial(3, [0, 50, 0.5], 'running');
    expect(pruner.shouldPrune(goodAtRung, [...others, goodAtRung], 'minimize')).toBe(false);
  });

  it('counts at a rung the trials pruned there, and only those that reached it', () => {
    // Rung 1 (epoch 3): only trial 0 got there; trial 1 was pruned at epoch 1 with a value of 0.
    const others = [trial(0, [1, 1, 2]), trial(1, [0], 'pruned')];
    const atFirstRung = trial(2, [0.5], 'running');
    expect(pruner.shouldPrune(atFirstRung, [...others, atFirstRung], 'minimize')).toBe(true);
    expect(pruner.shouldPrune(atFirstRung, [others[0]!, atFirstRung], 'minimize')).toBe(false);
    const close = trial(2, [0.5, 1, 2.5], 'running');
    expect(pruner.shouldPrune(close, [...others, close], 'minimize')).toBe(true);
    const best = trial(2, [0.5, 1, 1.5], 'running');
    expect(pruner.shouldPrune(best, [...others, best], 'minimize')).toBe(false);
  });
});

describe('the ASHA pruner aiming at the trade-off (value and cost ranked by non-dominated sorting)', () => {
  const sized = (number: number, value: number, size: number, state: TrialState = 'complete'): Trial => ({
    ...trial(number, [value], state),
    params: { size },
  });
  const pruner = ashaPruner({ cost: (t) => Number(t.params.size) });
  // Accuracies at rung 0 (maximised) and parameter counts: 0.95 with 10,000 parameters is the best
  // alone; 0.90 with 500 and 0.80 with 100 are on the front with it; the rest are behind it.
  const eight = [
    sized(0, 0.95, 10_000),
    sized(1, 0.9, 500),
    sized(2, 0.8, 100),
    sized(3, 0.85, 20_000),
    sized(4, 0.7, 5_000),
    sized(5, 0.6, 8_000),
    sized(6, 0.75, 9_000),
    sized(7, 0.5, 30_000),
  ];

  it('promotes a small model that only the trade-off puts on the front, which the metric alone prunes', () => {
    const small = sized(8, 0.82, 50, 'running');
    // Nine at the rung: ⌊9/3⌋ = 3 go on. By accuracy alone 0.82 is fifth.
    expect(ashaPruner().shouldPrune(small, [...eight, small], 'maximize')).toBe(true);
    expect(pruner.shouldPrune(small, [...eight, small], 'maximize')).toBe(false);
  });

  it('prunes a model as large as the best and less accurate: three others lie on a better front', () => {
    const behind = sized(8, 0.88, 12_000, 'running');
    // By accuracy alone 0.88 is third of nine and goes on; 0.95 with 10,000 dominates it, and front 0 has three.
    expect(ashaPruner().shouldPrune(behind, [...eight, behind], 'maximize')).toBe(false);
    expect(pruner.shouldPrune(behind, [...eight, behind], 'maximize')).toBe(true);
  });

  it('reads a minimised value as a cost too: a lower loss is better', () => {
    const losses = eight.map((t) => ({ ...t, intermediate: [{ step: 1, value: 1 - t.intermediate[0]!.value }] }));
    const small = { ...sized(8, 0.18, 50, 'running') };
    expect(pruner.shouldPrune(small, [...losses, small], 'minimize')).toBe(false);
    const behind = sized(8, 0.12, 12_000, 'running');
    expect(pruner.shouldPrune(behind, [...losses, behind], 'minimize')).toBe(true);
  });

  it('with every cost alike, promotes as by the value alone', () => {
    const alike = ashaPruner({ cost: () => 1 });
    const nine = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((v, i) => trial(i, [v]));
    for (const value of [0.5, 2.5, 3, 3.5, 9.5]) {
      const last = trial(9, [value], 'running');
      for (const direction of ['minimize', 'maximize'] as const)
        expect(alike.shouldPrune(last, [...nine, last], direction)).toBe(
          ashaPruner().shouldPrune(last, [...nine, last], direction),
        );
    }
  });
});
