import { describe, expect, it } from 'vitest';
import { LEARNING_RATE_SWEEP } from '../../test/sweepConfig';
import { completedTrial } from '../../test/trials';
import type { Params } from '../space';
import type { Trial } from '../study';
import type { SearchSpace } from '../studyConfig';
import { gridSampler, gridSize, gridValues } from './grid';
import { samplerKinds } from './index';
import { parzenEstimator, parzenLogPdf, sampleParzen } from './parzen';
import { randomSampler } from './random';
import type { Sampler, SamplerKind } from './sampler';
import { splitTrials, tpeSampler } from './tpe';
import { mulberry32 } from '../../data/split';

const SPACE: SearchSpace = [
  { path: 'lr', domain: { type: 'float', low: 1e-4, high: 1, log: true } },
  { path: 'x', domain: { type: 'float', low: -2, high: 3, log: false } },
  { path: 'units', domain: { type: 'int', low: 4, high: 512, log: true, step: 1 } },
  { path: 'depth', domain: { type: 'int', low: 1, high: 9, log: false, step: 2 } },
  { path: 'rate', domain: { type: 'float', low: 0, high: 0.5, log: false, step: 0.05 } },
  { path: 'optimizer', domain: { type: 'categorical', choices: ['adam', 'sgd', 'rmsprop'] } },
];

const objective = (p: Params) =>
  (Math.log10(p.lr as number) + 2) ** 2 +
  ((p.x as number) - 1) ** 2 +
  (Math.log2(p.units as number) - 6) ** 2 / 4 +
  ((p.depth as number) - 3) ** 2 / 8 +
  (p.optimizer === 'adam' ? 0 : 0.5);

function trial(number: number, params: Params, overrides: Partial<Trial> = {}): Trial {
  return completedTrial(number, params, objective(params), overrides);
}

/** `n` trials asked one after another and completed on the objective. */
function history(sampler: Sampler, n: number, space = SPACE): Trial[] {
  const trials: Trial[] = [];
  for (let i = 0; i < n; i++) trials.push(trial(i, sampler.sample(space, trials, i)!));
  return trials;
}

const bestOf = (trials: readonly Trial[]) => Math.min(...trials.map((t) => t.value!));

/** The kind's sampler for a sweep over SPACE with `seed`, minimising. */
const samplerOf = (kind: SamplerKind) => (seed: number) =>
  kind.create({ ...LEARNING_RATE_SWEEP, space: SPACE, seed, objective: { metric: 'val_loss', direction: 'minimize' } });

// Every sampler of the catalog, on a space with every kind of domain.
describe.each(samplerKinds.map((kind) => [kind.id, samplerOf(kind)] as const))('the %s sampler', (_id, make) => {
  it('suggests the same params for the same seed and history, and others for another seed', () => {
    const a = history(make(7), 25);
    const b = history(make(7), 25);
    expect(a.map((t) => t.params)).toEqual(b.map((t) => t.params));
    const c = history(make(8), 25);
    expect(c.map((t) => t.params)).not.toEqual(a.map((t) => t.params));
  });

  it('keeps every value in its range, on its step, and categorical values among the choices', () => {
    for (const t of history(make(3), 40)) {
      for (const { path, domain } of SPACE) {
        const value = t.params[path]!;
        if (domain.type === 'categorical') {
          expect(domain.choices).toContain(value);
          continue;
        }
        expect(typeof value).toBe('number');
        expect(value).toBeGreaterThanOrEqual(domain.low);
        expect(value).toBeLessThanOrEqual(domain.high);
        if (domain.type === 'int') expect(Number.isInteger(value)).toBe(true);
        if (domain.step !== undefined) {
          const k = ((value as number) - domain.low) / domain.step;
          expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-9);
          // Printed as a person would write it: 0.35, not 0.35000000000000003.
          expect(String(value).length).toBeLessThanOrEqual(6);
        }
      }
    }
  });
});

describe('random search', () => {
  it('draws log ranges log-uniformly: as many values in each decade', () => {
    const sampler = randomSampler(1);
    const space: SearchSpace = [{ path: 'lr', domain: { type: 'float', low: 1e-4, high: 1, log: true } }];
    const values = Array.from({ length: 4000 }, (_, i) => sampler.sample(space, [], i)!.lr as number);
    const belowHundredth = values.filter((v) => v < 1e-2).length / values.length;
    expect(belowHundredth).toBeGreaterThan(0.45);
    expect(belowHundredth).toBeLessThan(0.55);
  });

  it('gives every value of a stepped int range the same chance, the ends included', () => {
    const sampler = randomSampler(2);
    const space: SearchSpace = [{ path: 'k', domain: { type: 'int', low: 1, high: 4, log: false, step: 1 } }];
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[(sampler.sample(space, [], i)!.k as number) - 1]!++;
    for (const count of counts) expect(count / 4000).toBeCloseTo(0.25, 1);
  });
});

describe('grid search', () => {
  it('takes every choice, every value of a short stepped range and 5 points of a continuous one', () => {
    expect(gridValues({ type: 'categorical', choices: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(gridValues({ type: 'int', low: 1, high: 9, log: false, step: 2 })).toEqual([1, 3, 5, 7, 9]);
    expect(gridValues({ type: 'float', low: 0, high: 1, log: false })).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const logs = gridValues({ type: 'float', low: 1e-4, high: 1, log: true }) as number[];
    expect(logs).toHaveLength(5);
    logs.forEach((v, i) => expect(Math.log10(v)).toBeCloseTo(-4 + i, 9));
    expect(gridValues({ type: 'int', low: 1, high: 1000, log: false, step: 1 })).toEqual([1, 251, 501, 750, 1000]);
  });

  it('visits every combination once, in a shuffled order, then reports the space used up', () => {
    const space: SearchSpace = [
      { path: 'a', domain: { type: 'categorical', choices: ['x', 'y', 'z'] } },
      { path: 'b', domain: { type: 'int', low: 1, high: 4, log: false, step: 1 } },
    ];
    expect(gridSize(space)).toBe(12);
    const trials = history(gridSampler(5), 12, space);
    const keys = trials.map((t) => `${t.params.a}${t.params.b}`);
    expect(new Set(keys).size).toBe(12);
    const natural = ['x', 'y', 'z'].flatMap((a) => [1, 2, 3, 4].map((b) => `${a}${b}`));
    expect(keys).not.toEqual(natural);
    expect(gridSampler(5).sample(space, trials, 12)).toBeUndefined();
  });
});

describe('TPE', () => {
  it('suggests at random until 10 trials have finished, then from the model', () => {
    const tpe = tpeSampler({ seed: 4, direction: 'minimize' });
    const random = randomSampler(4);
    const trials = history(tpe, 10);
    expect(trials.map((t) => t.params)).toEqual(history(random, 10).map((t) => t.params));
    expect(tpe.sample(SPACE, trials, 10)).not.toEqual(random.sample(SPACE, trials, 10));
  });

  it('finds better params than random search in 60 trials on most of 10 seeds', () => {
    const seeds = Array.from({ length: 10 }, (_, s) => s);
    const wins = seeds.filter(
      (seed) =>
        bestOf(history(tpeSampler({ seed, direction: 'minimize' }), 60)) < bestOf(history(randomSampler(seed), 60)),
    );
    expect(wins.length).toBeGreaterThanOrEqual(8);
  });

  it('maximises when told to', () => {
    const negated = (seed: number) => {
      const sampler = tpeSampler({ seed, direction: 'maximize' });
      const trials: Trial[] = [];
      for (let i = 0; i < 60; i++) {
        const params = sampler.sample(SPACE, trials, i)!;
        trials.push(trial(i, params, { value: -objective(params) }));
      }
      return -Math.max(...trials.map((t) => t.value!));
    };
    const seeds = Array.from({ length: 10 }, (_, s) => s);
    expect(
      seeds.filter((seed) => negated(seed) < bestOf(history(randomSampler(seed), 60))).length,
    ).toBeGreaterThanOrEqual(8);
  });

  it('steers away from params already running (the constant liar)', () => {
    const space: SearchSpace = [{ path: 'x', domain: { type: 'float', low: 0, high: 1, log: false } }];
    const done = Array.from({ length: 30 }, (_, i) => {
      const x = (i + 0.5) / 30;
      return trial(i, { x }, { value: (x - 0.5) ** 2 });
    });
    const running = Array.from({ length: 8 }, (_, i) => trial(30 + i, { x: 0.5 }, { state: 'running', value: null }));
    const distance = (constantLiar: boolean) => {
      const sampler = tpeSampler({ seed: 1, direction: 'minimize', constantLiar });
      const draws = Array.from({ length: 20 }, (_, i) =>
        Math.abs((sampler.sample(space, [...done, ...running], 38 + i)!.x as number) - 0.5),
      );
      return draws.reduce((a, b) => a + b, 0) / draws.length;
    };
    expect(distance(true)).toBeGreaterThan(1.5 * distance(false));
  });

  it('ranks complete trials by value, then pruned ones by how far they got, and leaves running ones out', () => {
    const at = (step: number, value: number) => [{ step, value }];
    const trials = [
      trial(0, {}, { value: 3 }),
      trial(1, {}, { value: 1 }),
      trial(2, {}, { state: 'pruned', value: null, intermediate: at(1, 0.1) }),
      trial(3, {}, { state: 'pruned', value: null, intermediate: at(3, 5) }),
      trial(4, {}, { state: 'pruned', value: null, intermediate: at(3, 4) }),
      trial(5, {}, { state: 'pruned', value: null, intermediate: [] }),
    ];
    const numbers = (list: readonly Trial[]) => list.map((t) => t.number);
    const split = splitTrials(trials, 4, 'minimize');
    expect(numbers(split.below)).toEqual([1, 0, 4, 3]);
    expect(numbers(split.above)).toEqual([2, 5]);
    expect(numbers(splitTrials(trials, 1, 'maximize').below)).toEqual([0]);
  });
});

describe('the Parzen estimator', () => {
  const observations = [
    [0.002, 0.5, 16, 3, 0.1, 0],
    [0.3, -1.9, 500, 9, 0.45, 2],
    [0.0001, 2.9, 4, 1, 0, 1],
  ];
  const estimator = parzenEstimator(SPACE, observations);

  it('is a probability distribution: its density integrates to 1 over a continuous range, its mass sums to 1 over a stepped one', () => {
    const x = parzenEstimator(
      [SPACE[1]!],
      observations.map((row) => [row[1]!]),
    );
    const n = 20_000;
    let integral = 0;
    for (let i = 0; i < n; i++) integral += Math.exp(parzenLogPdf(x, [-2 + (5 * (i + 0.5)) / n])) * (5 / n);
    expect(integral).toBeCloseTo(1, 4);
    const units = parzenEstimator(
      [SPACE[2]!],
      observations.map((row) => [row[2]!]),
    );
    let mass = 0;
    for (let u = 4; u <= 512; u++) mass += Math.exp(parzenLogPdf(units, [u]));
    expect(mass).toBeCloseTo(1, 6);
    const rate = parzenEstimator(
      [SPACE[4]!],
      observations.map((row) => [row[4]!]),
    );
    let rateMass = 0;
    for (let k = 0; k <= 10; k++) rateMass += Math.exp(parzenLogPdf(rate, [k * 0.05]));
    expect(rateMass).toBeCloseTo(1, 6);
  });

  it('draws more often near the observations than far from them', () => {
    const x = parzenEstimator([SPACE[1]!], [[0.5], [0.6], [0.55]]);
    const draws = sampleParzen(x, mulberry32(9), 2000).map(([v]) => v!);
    const within = (centre: number) => draws.filter((v) => Math.abs(v - centre) < 0.5).length;
    expect(within(0.55)).toBeGreaterThan(3 * within(-1.5));
    expect(within(0.55)).toBeGreaterThan(3 * within(2.5));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...draws)).toBeLessThanOrEqual(3);
  });

  it('stays finite far in the tails, where densities underflow', () => {
    const many = Array.from({ length: 200 }, (_, i) => [0.001, 0.5 + i * 1e-4, 16, 3, 0.1, 0]);
    const crowded = parzenEstimator(SPACE, many);
    expect(Number.isFinite(parzenLogPdf(crowded, [1, -2, 512, 9, 0.5, 2]))).toBe(true);
    expect(Number.isFinite(parzenLogPdf(estimator, [1, -2, 512, 9, 0.5, 2]))).toBe(true);
  });
});
