import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/split';
import { MIN_TRIALS_FOR_IMPORTANCE, paramImportance } from './importance';
import type { Params } from './space';
import type { Trial } from './study';
import type { SearchSpace } from './studyConfig';

const SPACE: SearchSpace = [
  { path: 'training.learningRate', domain: { type: 'float', low: 1e-4, high: 1e-1, log: true } },
  { path: 'nodes.dense_1.params.units', domain: { type: 'int', low: 4, high: 64, log: false, step: 1 } },
  { path: 'training.optimizer', domain: { type: 'categorical', choices: ['adam', 'sgd', 'rmsprop'] } },
];

function trial(number: number, params: Params, value: number | null, state: Trial['state'] = 'complete'): Trial {
  return { number, params, state, value, intermediate: [], error: null, startedAt: 0, endedAt: 1 };
}

/** `count` trials with params drawn uniformly (seeded) and the objective `f` of them. */
function study(
  count: number,
  f: (lr: number, units: number, optimizer: string, noise: number) => number,
  seed = 3,
): Trial[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, number) => {
    const lr = 10 ** (-4 + 3 * random());
    const units = 4 + Math.floor(random() * 61);
    const optimizer = ['adam', 'sgd', 'rmsprop'][Math.floor(random() * 3)]!;
    return trial(
      number,
      { 'training.learningRate': lr, 'nodes.dense_1.params.units': units, 'training.optimizer': optimizer },
      f(lr, units, optimizer, random()),
    );
  });
}

const byPath = (result: ReturnType<typeof paramImportance>) => {
  if (!result.ok) throw new Error(result.error);
  return Object.fromEntries(result.value.map((e) => [e.path, e.importance]));
};

describe('paramImportance', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])(
    'finds the learning rate that shapes a valley when units and optimizer are noise (40 trials, seed %i)',
    (seed) => {
      const trials = study(40, (lr, _units, _optimizer, noise) => (Math.log10(lr) + 2.5) ** 2 + 0.05 * noise, seed);
      const importance = byPath(paramImportance(SPACE, trials));
      expect(importance['training.learningRate']).toBeGreaterThan(0.85);
      expect(importance['nodes.dense_1.params.units']).toBeLessThan(0.1);
      expect(importance['training.optimizer']).toBeLessThan(0.1);
    },
  );

  it('finds a categorical param that matters', () => {
    const offset: Record<string, number> = { adam: 0, sgd: 1, rmsprop: 2 };
    const trials = study(45, (_lr, _units, optimizer, noise) => offset[optimizer]! + 0.2 * noise);
    const importance = byPath(paramImportance(SPACE, trials));
    expect(importance['training.optimizer']).toBeGreaterThan(0.85);
    expect(importance['training.learningRate']).toBeLessThan(0.1);
  });

  it('lists the most important first and sums to 1', () => {
    const result = paramImportance(
      SPACE,
      study(40, (lr, units, _o, noise) => Math.log10(lr) + units / 60 + 0.1 * noise),
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.value.map((e) => e.importance)).toEqual(
      [...result.value.map((e) => e.importance)].sort((a, b) => b - a),
    );
    expect(result.value.reduce((sum, e) => sum + e.importance, 0)).toBeCloseTo(1, 12);
  });

  it('does not depend on the objective’s units, its sign, or on pruned and failed trials', () => {
    const f = (lr: number, units: number, _o: string, noise: number) =>
      (Math.log10(lr) + 2) ** 2 + units / 100 + 0.3 * noise;
    const trials = study(30, f);
    const base = byPath(paramImportance(SPACE, trials));
    const rescaled = trials.map((t) => ({ ...t, value: 1 - 1000 * t.value! }));
    for (const [path, importance] of Object.entries(byPath(paramImportance(SPACE, rescaled))))
      expect(importance).toBeCloseTo(base[path]!, 9);
    const withOthers = [
      ...trials,
      trial(30, trials[0]!.params, null, 'pruned'),
      trial(31, trials[1]!.params, null, 'failed'),
    ];
    expect(byPath(paramImportance(SPACE, withOthers))).toEqual(base);
  });

  it('is all zero when every trial scores the same', () => {
    const importance = byPath(
      paramImportance(
        SPACE,
        study(10, () => 0.5),
      ),
    );
    expect(Object.values(importance)).toEqual([0, 0, 0]);
  });

  it(`needs ${MIN_TRIALS_FOR_IMPORTANCE} complete trials`, () => {
    const trials = study(MIN_TRIALS_FOR_IMPORTANCE - 1, (lr) => lr);
    expect(paramImportance(SPACE, trials)).toEqual({
      ok: false,
      error: `Parameter importance needs at least 5 complete trials (4 so far).`,
    });
    expect(
      paramImportance(
        SPACE,
        study(MIN_TRIALS_FOR_IMPORTANCE, (lr) => lr),
      ).ok,
    ).toBe(true);
  });

  it('ranks, in a conditional space, the params every trial has: the family, not one family’s knobs', () => {
    const space: SearchSpace = [
      { path: 'auto.family', domain: { type: 'categorical', choices: ['mlp', 'resnet-mini'] } },
      ...SPACE.slice(0, 1),
      {
        path: 'auto.mlp.width',
        domain: { type: 'int', low: 8, high: 256, log: true, step: 1 },
        when: { path: 'auto.family', values: ['mlp'] },
      },
    ];
    const random = mulberry32(5);
    const trials = Array.from({ length: 40 }, (_, number) => {
      const family = number % 2 === 0 ? 'mlp' : 'resnet-mini';
      const lr = 10 ** (-4 + 3 * random());
      const params: Params =
        family === 'mlp'
          ? { 'auto.family': family, 'training.learningRate': lr, 'auto.mlp.width': 8 + Math.floor(random() * 200) }
          : { 'auto.family': family, 'training.learningRate': lr };
      return trial(number, params, (family === 'mlp' ? 1 : 0) + 0.1 * random());
    });
    const importance = byPath(paramImportance(space, trials));
    expect(Object.keys(importance).sort()).toEqual(['auto.family', 'training.learningRate']);
    expect(importance['auto.family']).toBeGreaterThan(0.9);
  });
});
