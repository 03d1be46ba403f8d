/**
 * Asynchronous successive halving, as Optuna's SuccessiveHalvingPruner: rung r is reached after
 * minResource·η^r epochs (1, 3, 9, 27 … by default). A trial reaching a rung goes on only if its
 * value there is among the best 1/η of the values every trial has had at that rung so far
 * (itself included; while fewer than η have been there, only if it is the best). Nothing
 * waits for a rung to fill, so parallel trials never idle.
 *
 * A trial's value at a rung is its value at the first epoch at or past the rung, read from the
 * history rather than kept aside, so the pruner is a pure function of the trials.
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
  const { minResource = MIN_RESOURCE, reductionFactor = REDUCTION_FACTOR, minEarlyStoppingRate = 0 } = options;
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
        const competing = [
          value,
          ...trials.flatMap((t) => (t.number === trial.number ? [] : rungValue(t, rungStep(rung)))),
        ];
        if (!promotable(value, competing, reductionFactor, direction)) return true;
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
  const index = Math.max(0, Math.floor(competing.length / reductionFactor) - 1);
  competing.sort((a, b) => a - b);
  return direction === 'minimize' ? value <= competing[index]! : value >= competing[competing.length - 1 - index]!;
}
