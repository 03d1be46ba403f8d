import { describe, expect, it } from 'vitest';
import { derivedSeed, withSeededRandom } from './seededRandom';

describe('withSeededRandom', () => {
  it('repeats the same draws for the same seed, and restores Math.random afterwards, also after a throw', () => {
    const original = Math.random;
    const draws = (seed: number) => withSeededRandom(seed, () => [Math.random(), Math.random(), Math.random()]);
    expect(draws(3)).toEqual(draws(3));
    expect(draws(4)).not.toEqual(draws(3));
    expect(Math.random).toBe(original);
    expect(() =>
      withSeededRandom(1, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(Math.random).toBe(original);
  });
});

describe('derivedSeed', () => {
  it('gives each part of a run its own 32-bit seed, and the same one every time', () => {
    const seeds = ['layer:dense_1', 'layer:dense_2', 'step:0:1', 'step:1:0'].map((part) => derivedSeed(42, part));
    expect(new Set(seeds).size).toBe(4);
    expect(seeds.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 32)).toBe(true);
    expect(derivedSeed(42, 'layer:dense_1')).toBe(seeds[0]);
    expect(derivedSeed(43, 'layer:dense_1')).not.toBe(seeds[0]);
  });
});
