/**
 * How fast TPE finds good params, through the sweep's own samplers (src/sweep), on three test
 * problems: Branin (2 floats), Hartmann-6 (6 floats) and a mixed space shaped like a small
 * network's (log float, log int, int, float, categorical). For each problem:
 * - the target is the median, over SEEDS seeds, of random search's best value after 100 trials;
 * - per seed, the trials TPE needs until one reaches the target, asked one at a time, and with
 *   4 in flight (each new trial asked while 3 others still run: the constant liar at work;
 *   trials finish oldest first).
 * Prints one JSON line per problem. Run by bench/sweep.mjs.
 */
import { randomSampler } from '../src/sweep/samplers/random';
import type { Sampler } from '../src/sweep/samplers/sampler';
import { tpeSampler } from '../src/sweep/samplers/tpe';
import type { Params } from '../src/sweep/space';
import type { Trial } from '../src/sweep/study';
import type { SearchSpace } from '../src/sweep/studyConfig';
import { completedTrial } from '../src/test/trials';

const SEEDS = 300;
const RANDOM_TRIALS = 100;
/** A seed that has not reached the target by then counts as this many (and is reported as missed). */
const CAP = 300;

interface Problem {
  readonly name: string;
  readonly space: SearchSpace;
  readonly f: (params: Params) => number;
}

const float = (path: string, low: number, high: number, log = false) => ({
  path,
  domain: { type: 'float' as const, low, high, log },
});

const branin: Problem = {
  name: 'branin',
  space: [float('x1', -5, 10), float('x2', 0, 15)],
  f: (p) => {
    const [x1, x2] = [p.x1 as number, p.x2 as number];
    const b = 5.1 / (4 * Math.PI ** 2);
    return (x2 - b * x1 ** 2 + (5 / Math.PI) * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
  },
};

const ALPHA = [1.0, 1.2, 3.0, 3.2];
const A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => v * 1e-4));

const hartmann6: Problem = {
  name: 'hartmann6',
  space: Array.from({ length: 6 }, (_, j) => float(`x${j}`, 0, 1)),
  f: (p) => {
    const x = Array.from({ length: 6 }, (_, j) => p[`x${j}`] as number);
    return -ALPHA.reduce(
      (sum, alpha, i) => sum + alpha * Math.exp(-x.reduce((s, xj, j) => s + A[i]![j]! * (xj - P[i]![j]!) ** 2, 0)),
      0,
    );
  },
};

const OPTIMIZER_PENALTY: Readonly<Record<string, number>> = { adam: 0, rmsprop: 0.15, momentum: 0.3, sgd: 0.6 };

/**
 * A validation loss shaped like a small network's: a best learning rate that depends on the
 * optimiser (SGD wants a larger one), a best width, depth and dropout, and optimisers that differ.
 */
const mixed: Problem = {
  name: 'mixed',
  space: [
    float('lr', 1e-5, 1, true),
    { path: 'units', domain: { type: 'int', low: 4, high: 1024, log: true, step: 1 } },
    { path: 'layers', domain: { type: 'int', low: 1, high: 8, log: false, step: 1 } },
    float('dropout', 0, 0.5),
    { path: 'optimizer', domain: { type: 'categorical', choices: ['sgd', 'momentum', 'adam', 'rmsprop'] } },
  ],
  f: (p) => {
    const optimizer = p.optimizer as string;
    const bestLr = optimizer === 'sgd' || optimizer === 'momentum' ? -1.5 : -2.5;
    return (
      0.5 * (Math.log10(p.lr as number) - bestLr) ** 2 +
      0.1 * (Math.log2(p.units as number) - 7) ** 2 +
      0.05 * ((p.layers as number) - 3) ** 2 +
      2 * ((p.dropout as number) - 0.2) ** 2 +
      OPTIMIZER_PENALTY[optimizer]!
    );
  },
};

/** Values in ask order, `inFlight` at a time, stopping at `limit` trials or once one reaches `stopAt`. */
function run(problem: Problem, sampler: Sampler, limit: number, inFlight = 1, stopAt = -Infinity): number[] {
  const trials: Trial[] = [];
  const values: number[] = [];
  const running: Trial[] = [];
  const ask = () => {
    const number = trials.length;
    const params = sampler.sample(problem.space, trials, number)!;
    const trial: Trial = { ...completedTrial(number, params, 0), state: 'running', value: null };
    trials.push(trial);
    running.push(trial);
  };
  while (values.length < limit) {
    while (running.length < inFlight && trials.length < limit) ask();
    const oldest = running.shift()!;
    const value = problem.f(oldest.params);
    trials[oldest.number] = completedTrial(oldest.number, oldest.params, value);
    values[oldest.number] = value;
    if (value <= stopAt) break;
  }
  return values;
}

const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Trials (1-based, in ask order) until the first value at or below the target; CAP when never. */
function trialsToReach(problem: Problem, sampler: Sampler, target: number, inFlight: number): number {
  const values = run(problem, sampler, CAP, inFlight, target);
  const index = values.findIndex((v) => v <= target);
  return index < 0 ? CAP : index + 1;
}

export function benchProblem(problem: Problem): Record<string, unknown> {
  const seeds = Array.from({ length: SEEDS }, (_, s) => s);
  const started = performance.now();
  const randomBest = seeds.map((s) => Math.min(...run(problem, randomSampler(10_000 + s), RANDOM_TRIALS)));
  const target = median(randomBest);
  const sequential = seeds.map((seed) =>
    trialsToReach(problem, tpeSampler({ seed, direction: 'minimize' }), target, 1),
  );
  const parallel = seeds.map((seed) => trialsToReach(problem, tpeSampler({ seed, direction: 'minimize' }), target, 4));
  const randomNeeded = seeds.map((s) => trialsToReach(problem, randomSampler(20_000 + s), target, 1));
  return {
    bench: 'sweep-tpe',
    problem: problem.name,
    seeds: SEEDS,
    target: Number(target.toPrecision(6)),
    tpeTrialsMedian: median(sequential),
    tpeTrialsMean: Number((sequential.reduce((a, b) => a + b, 0) / SEEDS).toFixed(1)),
    tpe4InFlightTrialsMedian: median(parallel),
    parallelRatio: Number((median(parallel) / median(sequential)).toFixed(2)),
    randomTrialsMedian: median(randomNeeded),
    missedWithin300: {
      tpe: sequential.filter((n) => n >= CAP).length,
      tpe4InFlight: parallel.filter((n) => n >= CAP).length,
    },
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
  };
}

export const PROBLEMS: readonly Problem[] = [branin, hartmann6, mixed];
