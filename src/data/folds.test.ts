import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossValidationFolds, foldOfSplit, trainingPositions } from './folds';
import { splitRows } from './split';

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

describe('foldOfSplit', () => {
  const y = classes(40, 25, 15);
  const split = splitRows(y.length, { seed: 3, validationFraction: 0.2, testFraction: 0.15, stratifyBy: y });
  const nonTest = [...split.train, ...split.validation].sort((a, b) => a - b);
  const fold = (index: number, seed = 3) => {
    const result = foldOfSplit(split, { folds: 5, index }, { seed, stratifyBy: y });
    if (!result.ok) throw new Error(result.error);
    return result.value;
  };

  it('validates on each fold of the non-test positions once, trains on the rest, and never touches the test positions', () => {
    const folds = [0, 1, 2, 3, 4].map((index) => fold(index));
    const validated = folds.flatMap(({ validation }) => [...validation]).sort((a, b) => a - b);
    expect(validated).toEqual(nonTest);
    for (const { train, validation, test, folds: made } of folds) {
      expect(test).toEqual(split.test);
      expect([...train, ...validation].sort((a, b) => a - b)).toEqual(nonTest);
      expect(made).toEqual({ count: 5 });
    }
  });

  it('gives the same folds for the same seed, and other folds for another', () => {
    expect(fold(2)).toEqual(fold(2));
    expect([...fold(2, 4).validation]).not.toEqual([...fold(2).validation]);
  });

  it('says so when the fold asked for cannot be made', () => {
    const rare = classes(20, 3);
    const few = splitRows(rare.length, { seed: 1, validationFraction: 0.2, stratifyBy: rare });
    const options = { seed: 1, stratifyBy: rare, stratumName: (s: number) => ['cat', 'dog'][s]! };
    expect(foldOfSplit(few, { folds: 5, index: 2 }, options)).toMatchObject({
      ok: true,
      value: {
        folds: {
          count: 3,
          reduced: '3 folds instead of 5: the class "dog" has only 3 rows, and every fold needs one.',
        },
      },
    });
    expect(foldOfSplit(few, { folds: 5, index: 3 }, options)).toEqual({
      ok: false,
      error:
        'Fold 4 of 5 cannot be made: 3 folds instead of 5: the class "dog" has only 3 rows, and every fold needs one.',
    });
  });
});
