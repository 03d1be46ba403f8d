/**
 * The Tree-structured Parzen Estimator (Bergstra et al., 2011) with Optuna's TPESampler defaults:
 * random trials until 10 have finished; then the finished trials are split into the best
 * γ(n) = min(⌈0.1·n⌉, 25) ("below") and the rest ("above"), a multivariate Parzen estimator is
 * fitted to each (l and g), 24 candidates are drawn from l and the one maximising l(x)/g(x) is
 * suggested. Pruned trials count: after the complete ones, those that got further (then with the
 * better last value) rank higher. Trials still running are put "above" with no value (the
 * constant liar), so parallel suggestions stay away from what is already being tried.
 */
import { isConditional } from '../conditions';
import { isBetter, lastStep, type Trial } from '../study';
import type { SearchSpace, Direction } from '../studyConfig';
import { parzenEstimator, parzenLogPdf, sampleParzen } from './parzen';
import { sampleUniformParams, toExternal, toInternal, trialRandom, type Sampler, type SamplerKind } from './sampler';

export interface TpeOptions {
  readonly seed: number;
  readonly direction: Direction;
  /** Random trials until this many have completed or been pruned. Default 10. */
  readonly startupTrials?: number;
  /** Candidates drawn from l(x) per suggestion. Default 24. */
  readonly eiCandidates?: number;
  /** Count trials in flight as bad (the constant liar). Default true. */
  readonly constantLiar?: boolean;
}

const STARTUP_TRIALS = 10;
const EI_CANDIDATES = 24;

export const tpe: SamplerKind = {
  id: 'tpe',
  label: 'TPE (Bayesian)',
  help: `Random for the first ${STARTUP_TRIALS} trials, then params likely among the best trials so far and unlikely among the rest (Optuna's TPESampler). The usual choice.`,
  create: ({ seed, objective }) => tpeSampler({ seed, direction: objective.direction }),
  // group=True: Optuna's TPE then samples a conditional space a group at a time, as sampleActive does.
  optuna: ({ seed, space }, seedExpression = String(seed)) =>
    `optuna.samplers.TPESampler(n_startup_trials=${STARTUP_TRIALS}, n_ei_candidates=${EI_CANDIDATES}, multivariate=True,${isConditional(space) ? ' group=True,' : ''} constant_liar=True, seed=${seedExpression})`,
};

export const gamma = (n: number): number => Math.min(Math.ceil(0.1 * n), 25);

export function tpeSampler(options: TpeOptions): Sampler {
  const {
    seed,
    direction,
    startupTrials = STARTUP_TRIALS,
    eiCandidates = EI_CANDIDATES,
    constantLiar = true,
  } = options;
  return {
    sample(space, trials, number, group) {
      const random = trialRandom(seed, number, group);
      const usable = trials.filter((trial) => rowOf(space, trial) !== undefined);
      const finished = usable.filter((trial) => trial.state === 'complete' || trial.state === 'pruned');
      if (finished.length < startupTrials || space.length === 0) return sampleUniformParams(space, random);
      const inFlight = constantLiar
        ? usable.filter((trial) => trial.state === 'running' || trial.state === 'waiting')
        : [];
      const { below, above } = splitTrials(finished, gamma(finished.length), direction);
      const byNumber = (a: Trial, b: Trial) => a.number - b.number;
      const l = parzenEstimator(
        space,
        below.sort(byNumber).map((trial) => rowOf(space, trial)!),
      );
      const g = parzenEstimator(
        space,
        [...above, ...inFlight].sort(byNumber).map((trial) => rowOf(space, trial)!),
      );
      let best: number[] | undefined;
      let bestScore = -Infinity;
      for (const candidate of sampleParzen(l, random, eiCandidates)) {
        const score = parzenLogPdf(l, candidate) - parzenLogPdf(g, candidate);
        if (best === undefined || score > bestScore) [best, bestScore] = [candidate, score];
      }
      return Object.fromEntries(space.map((param, d) => [param.path, toExternal(param.domain, best![d]!)]));
    },
  };
}

/** The trial's params as numbers in space order, or undefined when one is missing or out of the space. */
function rowOf(space: SearchSpace, trial: Trial): number[] | undefined {
  const row: number[] = [];
  for (const param of space) {
    const x = toInternal(param.domain, trial.params[param.path]);
    if (x === undefined) return undefined;
    row.push(x);
  }
  return row;
}

/**
 * The best `nBelow` finished trials and the rest: complete trials by value first, then pruned
 * ones by how far they got and their last value (a NaN last value ranks last among equals in
 * steps; a pruned trial that never reported ranks after every one that did).
 */
export function splitTrials(
  trials: readonly Trial[],
  nBelow: number,
  direction: Direction,
): { below: Trial[]; above: Trial[] } {
  const complete = trials.filter((t) => t.state === 'complete' && t.value !== null);
  const pruned = trials.filter((t) => t.state === 'pruned' || (t.state === 'complete' && t.value === null));
  complete.sort((a, b) =>
    isBetter(a.value!, b.value!, direction) ? -1 : isBetter(b.value!, a.value!, direction) ? 1 : 0,
  );
  const sign = direction === 'minimize' ? 1 : -1;
  const score = (trial: Trial): [number, number] => {
    const step = lastStep(trial);
    if (step === undefined) return [1, 0];
    const value = trial.intermediate.at(-1)!.value;
    return [-step, Number.isNaN(value) ? Infinity : sign * value];
  };
  pruned.sort((a, b) => {
    const [sa, va] = score(a);
    const [sb, vb] = score(b);
    return sa - sb || va - vb;
  });
  const fromComplete = Math.min(nBelow, complete.length);
  const fromPruned = Math.min(nBelow - fromComplete, pruned.length);
  return {
    below: [...complete.slice(0, fromComplete), ...pruned.slice(0, fromPruned)],
    above: [...complete.slice(fromComplete), ...pruned.slice(fromPruned)],
  };
}
