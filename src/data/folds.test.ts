import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossValidationFolds, trainingPositions } from './folds';

const classes = (...counts: number[]) => Int32Array.from(counts.flatMap((count, c) => Array(count).fill(c)));

describe('crossValidationFolds', () => {
  it('holds out every position exactly once, folds within one of each other in size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.integer({ min: 2, max: 10 }), fc.integer(), (n, k, seed) => {
        const result = crossValidationFolds(n, { folds: k, seed });
        if (!result.ok) throw new Error(result.error);
        const all = result.value.heldOut.flatMap((fold) => [...fold]).sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
        const sizes = result.value.heldOut.map((fold) => fold.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('gives each fold its share of every class', () => {
    const result = crossValidationFolds(150, { folds: 5, seed: 7, stratifyBy: classes(100, 40, 10) });
    if (!result.ok) throw new Error(result.error);
    const y = classes(100, 40, 10);
    for (const fold of result.value.heldOut) {
      const counts = [0, 0, 0];
      for (const position of fold) counts[y[position]!]!++;
      expect(counts).toEqual([20, 8, 2]);
    }
  });

  it('is the same for the same seed and differs for another', () => {
    const y = classes(30, 30);
    const folds = (seed: number) => {
      const result = crossValidationFolds(60, { folds: 5, seed, stratifyBy: y });
      if (!result.ok) throw new Error(result.error);
      return result.value.heldOut.map((fold) => [...fold]);
    };
    expect(folds(1)).toEqual(folds(1));
    expect(folds(2)).not.toEqual(folds(1));
  });

  it('makes fewer folds when a class is too small, and says why', () => {
    const result = crossValidationFolds(43, {
      folds: 5,
      seed: 1,
      stratifyBy: classes(40, 3),
      stratumName: (s) => ['cat', 'dog'][s]!,
    });
    expect(result.ok && result.value.heldOut.length).toBe(3);
    expect(result.ok && result.value.reduced).toBe(
      '3 folds instead of 5: the class "dog" has only 3 rows, and every fold needs one.',
    );
  });

  it('refuses, in words, a class with a single row', () => {
    expect(
      crossValidationFolds(11, { folds: 5, seed: 1, stratifyBy: classes(10, 1), stratumName: () => 'rare' }),
    ).toEqual({
      ok: false,
      error: 'Cross-validation needs at least 2 rows of every class: the class "rare" has only 1 row.',
    });
  });
});

describe('trainingPositions', () => {
  it('is every position the fold does not hold out', () => {
    expect([...trainingPositions(6, Uint32Array.of(1, 4))]).toEqual([0, 2, 3, 5]);
  });
});
