/**
 * Asynchronous successive halving, as Optuna's SuccessiveHalvingPruner: rung r is reached after
 * minResource·η^r epochs (1, 3, 9, 27 … by default). A trial reaching a rung goes on only if its
 * value there is among the best 1/η of the values every trial has had at that rung so far
 * (itself included; while fewer than η have been there, only if it is the best). Nothing
 * waits for a rung to fill, so parallel trials never idle.
 *
 * A trial's value at a rung is its value at the first epoch at or past the rung, read from the
 * history rather than kept aside, so the pruner is a pure function of the trials.
 *
 * Given a cost (Auto's trade-off aim: a candidate's parameter count), a rung ranks its trials by
 * non-dominated sorting on (value, cost) instead of by value alone, as multi-objective ASHA does
 * (Schmucker et al., "Multi-objective asynchronous successive halving", 2021): front 0 is the
 * trials no other beats on both, front 1 those only front 0 beats, and so on. A trial goes on when
 * fewer than the best 1/η of the rung are on better fronts, so a small model a little behind the
 * best goes on beside it, and the budget goes to the whole front rather than to the single best.
 * A weighted sum of the two would need a rate of exchange between accuracy and parameters that no
 * one can state in advance; the sort needs none.
 */
import { lastStep, type Trial } from '../study';
import type { Direction } from '../studyConfig';
import type { Pruner, PrunerKind } from './pruner';

export interface AshaOptions {
  /** Epochs before the first rung. Default 1. */
  readonly minResource?: number;
  /** η. Default 3. */
  readonly reductionFactor?: number;
  /** Rungs skipped at the start (s in the paper). Default 0. */
  readonly minEarlyStoppingRate?: number;
  /** A second objective to minimise beside the value, known from the trial's params (its parameter count). */
  readonly cost?: (trial: Trial) => number;
}

const MIN_RESOURCE = 1;
const REDUCTION_FACTOR = 3;

export const asha: PrunerKind = {
  id: 'asha',
  label: 'ASHA (successive halving)',
  help: `At epochs ${MIN_RESOURCE}, ${MIN_RESOURCE * REDUCTION_FACTOR}, ${MIN_RESOURCE * REDUCTION_FACTOR ** 2} …, keeps a trial only if it is among the best 1/${REDUCTION_FACTOR} of the trials that reached that epoch.`,
  create: () => ashaPruner(),
  optuna: () =>
    `optuna.pruners.SuccessiveHalvingPruner(min_resource=${MIN_RESOURCE}, reduction_factor=${REDUCTION_FACTOR})`,
  ray: {
    scheduler: 'ASHAScheduler',
    create: (_config, maxEpochs) =>
      `ASHAScheduler(time_attr="training_iteration", max_t=${maxEpochs}, grace_period=${MIN_RESOURCE}, reduction_factor=${REDUCTION_FACTOR})`,
  },
};

export function ashaPruner(options: AshaOptions = {}): Pruner {
  const { minResource = MIN_RESOURCE, reductionFactor = REDUCTION_FACTOR, minEarlyStoppingRate = 0, cost } = options;
  const rungStep = (rung: number) => minResource * reductionFactor ** (minEarlyStoppingRate + rung);
  return {
    shouldPrune(trial, trials, direction) {
      const step = lastStep(trial);
      if (step === undefined) return false;
      const value = trial.intermediate.at(-1)!.value;
      const previousStep = trial.intermediate.at(-2)?.step ?? -Infinity;
      // The rungs this report reaches for the first time, lowest first.
      for (let rung = 0; rungStep(rung) <= step; rung++) {
        if (rungStep(rung) <= previousStep) continue;
        if (Number.isNaN(value)) return true;
        const others = trials.filter((t) => t.number !== trial.number);
        const promoted = cost
          ? onLeadingFronts(
              [value, cost(trial)],
              others.flatMap((t) => rungValue(t, rungStep(rung)).map((v) => [v, cost(t)] as const)),
              reductionFactor,
              direction,
            )
          : promotable(
              value,
              [value, ...others.flatMap((t) => rungValue(t, rungStep(rung)))],
              reductionFactor,
              direction,
            );
        if (!promoted) return true;
      }
      return false;
    },
  };
}

/** The trial's value at the first epoch at or past `step`; none when it never got there. */
function rungValue(trial: Trial, step: number): number[] {
  const point = trial.intermediate.find((p) => p.step >= step);
  return point ? [point.value] : [];
}

function promotable(value: number, competing: number[], reductionFactor: number, direction: Direction): boolean {
  const index = promotedCount(competing.length, reductionFactor) - 1;
  competing.sort((a, b) => a - b);
  return direction === 'minimize' ? value <= competing[index]! : value >= competing[competing.length - 1 - index]!;
}

/** At most the best ⌊n/η⌋ (at least the best one) of the n values at a rung go on. */
const promotedCount = (competing: number, reductionFactor: number) =>
  Math.max(1, Math.floor(competing / reductionFactor));

/**
 * Whether `own` (value, cost) is among the trials that go on: fewer of the rung's trials than
 * promotedCount lie on better non-dominated fronts than its own. With every cost equal this is
 * `promotable`: a front is then the trials of one value.
 */
function onLeadingFronts(
  own: readonly [number, number],
  others: readonly (readonly [number, number])[],
  reductionFactor: number,
  direction: Direction,
): boolean {
  const sign = direction === 'minimize' ? 1 : -1;
  // Both objectives as costs to minimise; a NaN value is the worst there is.
  const points = [own, ...others].map(([value, cost]) => [Number.isNaN(value) ? Infinity : sign * value, cost]);
  const dominates = (a: readonly number[], b: readonly number[]) =>
    a[0]! <= b[0]! && a[1]! <= b[1]! && (a[0]! < b[0]! || a[1]! < b[1]!);
  const fronts = nonDominatedFronts(points, dominates);
  const better = fronts.filter((front) => front < fronts[0]!).length;
  return better < promotedCount(points.length, reductionFactor);
}

/** Each point's front in non-dominated sorting (Deb et al.'s NSGA-II): 0 for the points nothing dominates, and so on. */
function nonDominatedFronts<P>(points: readonly P[], dominates: (a: P, b: P) => boolean): number[] {
  const fronts = points.map(() => -1);
  for (let front = 0, left = points.length; left > 0; front++) {
    const current = points.flatMap((point, i) =>
      fronts[i] === -1 && !points.some((other, j) => fronts[j] === -1 && j !== i && dominates(other, point)) ? [i] : [],
    );
    current.forEach((i) => (fronts[i] = front));
    left -= current.length;
  }
  return fronts;
}
