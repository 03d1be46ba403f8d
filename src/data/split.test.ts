import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32, shuffleInPlace, splitRows, splitSizes } from './split';

describe('mulberry32', () => {
  it('gives the same sequence for the same seed, in [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    for (let i = 0; i < 1000; i++) {
      const value = a();
      expect(value).toBe(b());
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('gives different sequences for different seeds, spread evenly', () => {
    const a = mulberry32(1);
    const b = mulberry32(2);
    const draws = Array.from({ length: 10_000 }, () => a());
    expect(draws.slice(0, 5)).not.toEqual(Array.from({ length: 5 }, () => b()));
    const mean = draws.reduce((sum, x) => sum + x, 0) / draws.length;
    expect(mean).toBeCloseTo(0.5, 1);
  });
});

describe('splitRows', () => {
  it('partitions 0 … n-1 into ascending train and validation of the asked size', () => {
    const { train, validation } = splitRows(100, { seed: 42, validationFraction: 0.2 });
    expect(validation.length).toBe(20);
    expect(train.length).toBe(80);
    expect([...train, ...validation].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect([...train]).toEqual([...train].sort((a, b) => a - b));
    expect([...validation]).toEqual([...validation].sort((a, b) => a - b));
  });

  it('is reproducible: same seed ⇒ same split; different seed ⇒ different split', () => {
    const options = { validationFraction: 0.25 };
    expect(splitRows(200, { seed: 3, ...options })).toEqual(splitRows(200, { seed: 3, ...options }));
    expect(splitRows(200, { seed: 3, ...options }).validation).not.toEqual(
      splitRows(200, { seed: 4, ...options }).validation,
    );
  });

  it('stratifies: each class is split in proportion', () => {
    const stratifyBy = Int32Array.from({ length: 150 }, (_, i) => Math.floor(i / 50));
    const { validation } = splitRows(150, { seed: 1, validationFraction: 0.2, stratifyBy });
    const perClass = [0, 1, 2].map((c) => [...validation].filter((i) => stratifyBy[i] === c).length);
    expect(perClass).toEqual([10, 10, 10]);
  });

  it('gives every class with two or more rows at least one validation row, and keeps singletons for training', () => {
    // class 0: 97 rows, class 1: 2 rows, class 2: 1 row; 5% of 2 rounds to 0 but must be 1.
    const stratifyBy = Int32Array.from({ length: 100 }, (_, i) => (i < 97 ? 0 : i < 99 ? 1 : 2));
    const { train, validation } = splitRows(100, { seed: 9, validationFraction: 0.05, stratifyBy });
    expect([...validation].filter((i) => stratifyBy[i] === 1)).toHaveLength(1);
    expect([...validation].filter((i) => stratifyBy[i] === 2)).toHaveLength(0);
    expect([...train]).toContain(99);
  });

  it('holds nothing out when the fraction is 0', () => {
    expect(splitRows(10, { seed: 1, validationFraction: 0 }).validation).toHaveLength(0);
  });

  it('refuses options out of range', () => {
    expect(() => splitRows(10, { seed: 1, validationFraction: 1 })).toThrow(RangeError);
    expect(() => splitRows(10, { seed: 1, validationFraction: -0.1 })).toThrow(RangeError);
    expect(() => splitRows(10, { seed: 1, validationFraction: 0.5, testFraction: 0.5 })).toThrow(RangeError);
    expect(() => splitRows(2.5, { seed: 1, validationFraction: 0.2 })).toThrow(RangeError);
    expect(() => splitRows(3, { seed: 1, validationFraction: 0.2, stratifyBy: new Int32Array(2) })).toThrow(RangeError);
  });

  it('always partitions into three sides, stratified or not (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 300 }),
        fc.double({ min: 0, max: 0.45, noNaN: true }),
        fc.double({ min: 0, max: 0.45, noNaN: true }),
        fc.integer(),
        fc.constantFrom('stratified', 'random', 'sequential'),
        (classes, validationFraction, testFraction, seed, mode) => {
          const n = classes.length;
          const stratifyBy = mode === 'stratified' ? Int32Array.from(classes) : undefined;
          const order = mode === 'sequential' ? 'sequential' : 'random';
          const split = splitRows(n, { seed, validationFraction, testFraction, order, stratifyBy });
          const seen = new Uint8Array(n);
          for (const i of [...split.train, ...split.validation, ...split.test]) seen[i]!++;
          expect(seen.every((count) => count === 1)).toBe(true);
          const predicted = splitSizes(
            stratifyBy ? [...new Set(classes)].map((c) => classes.filter((x) => x === c).length) : [n],
            validationFraction,
            testFraction,
          );
          expect(predicted).toEqual({
            train: split.train.length,
            validation: split.validation.length,
            test: split.test.length,
          });
          if (stratifyBy) {
            for (const c of new Set(classes)) {
              const size = classes.filter((x) => x === c).length;
              const inTrain = [...split.train].filter((i) => classes[i] === c).length;
              expect(inTrain).toBeGreaterThanOrEqual(1);
              if (size >= 3 && validationFraction > 0 && testFraction > 0) {
                expect([...split.validation].filter((i) => classes[i] === c).length).toBeGreaterThanOrEqual(1);
                expect([...split.test].filter((i) => classes[i] === c).length).toBeGreaterThanOrEqual(1);
              }
            }
          }
        },
      ),
    );
  });

  it('holds out a test split that the validation split never overlaps, reproducibly', () => {
    const options = { seed: 5, validationFraction: 0.15, testFraction: 0.15 };
    const split = splitRows(200, options);
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([140, 30, 30]);
    expect(new Set([...split.validation, ...split.test]).size).toBe(60);
    expect(splitRows(200, options)).toEqual(split);
  });

  it('keeps the order in sequential mode: train first, then validation, then test', () => {
    const split = splitRows(10, { seed: 1, validationFraction: 0.2, testFraction: 0.1, order: 'sequential' });
    expect([...split.train]).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect([...split.validation]).toEqual([7, 8]);
    expect([...split.test]).toEqual([9]);
  });

  it('holds out the same validation rows as before when there is no test split', () => {
    // Projects saved before the test split existed must train on the same rows.
    const stratifyBy = Int32Array.from({ length: 150 }, (_, i) => Math.floor(i / 50));
    const split = splitRows(150, { seed: 42, validationFraction: 0.2, stratifyBy });
    const random = mulberry32(42);
    const expectedValidation = [0, 1, 2].flatMap((c) => {
      const stratum = Uint32Array.from({ length: 50 }, (_, i) => c * 50 + i);
      shuffleInPlace(stratum, random);
      return [...stratum.slice(0, 10)];
    });
    expect([...split.validation]).toEqual(expectedValidation.sort((a, b) => a - b));
    expect(split.test).toHaveLength(0);
  });
});

describe('splitSizes', () => {
  it('predicts the sizes splitRows produces, stratified or not', () => {
    const classes = Int32Array.from({ length: 103 }, (_, i) => (i < 50 ? 0 : i < 97 ? 1 : 2));
    const split = splitRows(103, { seed: 3, validationFraction: 0.2, stratifyBy: classes });
    expect(splitSizes([50, 47, 6], 0.2)).toEqual({
      train: split.train.length,
      validation: split.validation.length,
      test: 0,
    });
    expect(splitSizes([150], 0.2, 0.1)).toEqual({ train: 105, validation: 30, test: 15 });
  });
});
