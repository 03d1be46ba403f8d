import { describe, expect, it } from 'vitest';
import { LEARNING_RATE_SWEEP } from '../../test/sweepConfig';
import { completedTrial } from '../../test/trials';
import { activeSpace } from '../conditions';
import type { Params } from '../space';
import type { Trial } from '../study';
import type { SearchSpace } from '../studyConfig';
import { sampleActive } from './conditional';
import { gridSize } from './grid';
import { samplerKinds } from './index';
import type { Sampler, SamplerKind } from './sampler';

/** Two families with knobs of their own, one knob nested under another choice. */
const SPACE: SearchSpace = [
  { path: 'family', domain: { type: 'categorical', choices: ['a', 'b'] } },
  { path: 'lr', domain: { type: 'float', low: 1e-3, high: 1e-1, log: true } },
  {
    path: 'a.units',
    domain: { type: 'int', low: 1, high: 100, log: false, step: 1 },
    when: { path: 'family', values: ['a'] },
  },
  { path: 'b.rate', domain: { type: 'float', low: 0, high: 1, log: false }, when: { path: 'family', values: ['b'] } },
  {
    path: 'b.act',
    domain: { type: 'categorical', choices: ['relu', 'tanh'] },
    when: { path: 'family', values: ['b'] },
  },
  {
    path: 'b.slope',
    domain: { type: 'float', low: 0, high: 1, log: false },
    when: { path: 'b.act', values: ['relu'] },
  },
];

/** Family b is better by far at its best; within each family a knob has an optimum. */
const objective = (p: Params): number =>
  p['family'] === 'a'
    ? 1 + (((p['a.units'] as number) - 60) / 100) ** 2
    : 0.2 + ((p['b.rate'] as number) - 0.3) ** 2 + (p['b.act'] === 'relu' ? 0 : 0.3);

const complete = (number: number, params: Params): Trial => completedTrial(number, params, objective(params));

function history(sampler: Sampler, n: number): Trial[] {
  const trials: Trial[] = [];
  for (let number = 0; number < n; number++) {
    const params = sampleActive(sampler, SPACE, trials, number);
    if (!params) break;
    trials.push(complete(number, params));
  }
  return trials;
}

const samplerOf = (kind: SamplerKind, seed: number) =>
  kind.create({ ...LEARNING_RATE_SWEEP, space: SPACE, seed, objective: { metric: 'val_loss', direction: 'minimize' } });

describe.each(samplerKinds.map((kind) => [kind.id, kind] as const))(
  'the %s sampler on a conditional space',
  (_id, kind) => {
    it('asks the same candidates for the same seed, and others for another seed', () => {
      const a = history(samplerOf(kind, 5), 30).map((t) => t.params);
      expect(history(samplerOf(kind, 5), 30).map((t) => t.params)).toEqual(a);
      expect(history(samplerOf(kind, 6), 30).map((t) => t.params)).not.toEqual(a);
    });

    it('gives each trial its active params only, every one within its range', () => {
      for (const { params } of history(samplerOf(kind, 9), 40)) {
        const active = activeSpace(SPACE, params);
        expect(Object.keys(params).sort()).toEqual(active.map((p) => p.path).sort());
        for (const param of active) {
          const value = params[param.path]!;
          if (param.domain.type === 'categorical') expect(param.domain.choices).toContain(value);
          else {
            expect(value).toBeGreaterThanOrEqual(param.domain.low);
            expect(value).toBeLessThanOrEqual(param.domain.high);
          }
        }
      }
    });
  },
);

describe('sampling a conditional space a group at a time', () => {
  it('samples each group over the trials that have its params, with a random stream of its own', () => {
    const calls: { paths: string[]; trials: number[]; group: number | undefined }[] = [];
    const spy: Sampler = {
      sample(space, trials, _number, group) {
        calls.push({ paths: space.map((p) => p.path), trials: trials.map((t) => t.number), group });
        return Object.fromEntries(
          space.map((p) => [p.path, p.domain.type === 'categorical' ? p.domain.choices[0]! : p.domain.low]),
        );
      },
    };
    const trials = [
      complete(0, { family: 'a', lr: 0.01, 'a.units': 5 }),
      complete(1, { family: 'b', lr: 0.01, 'b.rate': 0.5, 'b.act': 'tanh' }),
    ];
    // The spy picks the first choice everywhere: family a, then relu is never reached.
    expect(sampleActive(spy, SPACE, trials, 2)).toEqual({ family: 'a', lr: 1e-3, 'a.units': 1 });
    expect(calls).toEqual([
      { paths: ['family', 'lr'], trials: [0, 1], group: 0 },
      { paths: ['a.units'], trials: [0], group: 1 },
    ]);
  });

  it('draws a family’s knobs independently of the draw that chose the family', () => {
    const random = samplerKinds.find((kind) => kind.id === 'random')!;
    const units = history(samplerOf(random, 1), 200)
      .filter((t) => t.params['family'] === 'a')
      .map((t) => t.params['a.units'] as number);
    expect(units.filter((u) => u <= 50).length).toBeGreaterThan(units.length / 4);
    expect(units.filter((u) => u > 50).length).toBeGreaterThan(units.length / 4);
  });

  it('TPE concentrates on the better family, and on the better values of its knobs', () => {
    const tpe = samplerKinds.find((kind) => kind.id === 'tpe')!;
    for (const seed of [1, 2, 3]) {
      const later = history(samplerOf(tpe, seed), 60).slice(20);
      const b = later.filter((t) => t.params['family'] === 'b');
      expect(b.length / later.length).toBeGreaterThan(0.7);
      expect(b.filter((t) => t.params['b.act'] === 'relu').length / b.length).toBeGreaterThan(0.6);
    }
  });

  it('the grid tries every combination of every branch once, then stops', () => {
    const grid = samplerKinds.find((kind) => kind.id === 'grid')!;
    const space: SearchSpace = SPACE.filter((p) => p.path !== 'lr' && p.path !== 'b.rate');
    const sampler = samplerOf(grid, 3);
    const trials: Trial[] = [];
    for (let number = 0; ; number++) {
      const params = sampleActive(sampler, space, trials, number);
      if (!params) break;
      trials.push(complete(number, params));
    }
    // a: 5 values of units; b: tanh, or relu with 5 slopes.
    expect(gridSize(space)).toBe(5 + 1 + 5);
    expect(trials).toHaveLength(11);
    expect(new Set(trials.map((t) => JSON.stringify(t.params))).size).toBe(11);
  });
});
