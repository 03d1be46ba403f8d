import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  importanceOf,
  keepTopChanges,
  keepTopCounts,
  rankByImportance,
  rankingMismatch,
  rankingScore,
  rankingSplit,
  withSpanShuffled,
  type FeatureRanking,
} from './featureRanking';
import { DEFAULT_DATA_CONFIG, type DataConfig } from './schema';
import { mulberry32 } from './split';

const DATA: DataConfig = { ...DEFAULT_DATA_CONFIG, datasetId: 'd', target: 'y' };

const ranking = (...names: string[]): FeatureRanking => ({
  datasetId: 'd',
  target: 'y',
  rows: 100,
  split: rankingSplit(DATA),
  score: 'accuracy',
  baseline: 0.9,
  repeats: 3,
  features: names.map((name, i) => ({ name, mean: 1 / (i + 1), sd: 0 })),
});

describe('importanceOf', () => {
  it('is the mean and sample sd of the score’s falls from the baseline', () => {
    const importance = importanceOf('age', 0.9, [0.7, 0.8, 0.6]);
    expect(importance.name).toBe('age');
    expect(importance.mean).toBeCloseTo(0.2, 10);
    expect(importance.sd).toBeCloseTo(0.1, 10);
  });

  it('is negative when shuffling the column happened to help', () => {
    expect(importanceOf('noise', 0.5, [0.52, 0.5]).mean).toBeLessThan(0);
  });
});

describe('rankByImportance', () => {
  it('puts the largest fall first, equal falls in name order, and leaves its input alone', () => {
    const features = [
      { name: 'b', mean: 0.1, sd: 0 },
      { name: 'c', mean: 0.3, sd: 0 },
      { name: 'a', mean: 0.1, sd: 0 },
    ];
    expect(rankByImportance(features).map((f) => f.name)).toEqual(['c', 'a', 'b']);
    expect(features.map((f) => f.name)).toEqual(['b', 'c', 'a']);
  });
});

describe('withSpanShuffled', () => {
  it('moves only the span’s inputs, each row’s group whole, the same rows as a permutation', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer(), (count, seed) => {
        const inputSize = 4;
        // Inputs 1 and 2 are a one-hot pair; 0 and 3 are row markers that must stay put.
        const x = new Float32Array(count * inputSize);
        for (let row = 0; row < count; row++) x.set([row, row % 2, 1 - (row % 2), -row], row * inputSize);
        const shuffled = withSpanShuffled(x, count, inputSize, { name: 'c', offset: 1, width: 2 }, mulberry32(seed));
        const moved: number[] = [];
        for (let row = 0; row < count; row++) {
          const [marker, first, second, back] = shuffled.subarray(row * inputSize, (row + 1) * inputSize);
          expect([marker, back]).toEqual([row, -row]);
          expect(first! + second!).toBe(1);
          moved.push(first!);
        }
        expect(moved.sort()).toEqual(Array.from({ length: count }, (_, row) => row % 2).sort());
      }),
    );
  });

  it('gives the same shuffle for the same seed', () => {
    const x = Float32Array.from({ length: 40 }, (_, i) => i);
    const span = { name: 'c', offset: 0, width: 1 };
    expect(withSpanShuffled(x, 40, 1, span, mulberry32(3))).toEqual(withSpanShuffled(x, 40, 1, span, mulberry32(3)));
  });
});

describe('rankingScore', () => {
  it('scores classes by accuracy: a binary head by its probability, several classes by the largest output', () => {
    const binary = rankingScore('binary', Float32Array.of(0, 1, 1, 0), Float32Array.of(0.2, 0.7, 0.4, 0.1), 2);
    expect(binary).toEqual({ ok: true, value: { score: 'accuracy', value: 0.75 } });
    const multi = rankingScore('multiclass', Float32Array.of(2, 0), Float32Array.of(0.1, 0.2, 0.7, 0.3, 0.6, 0.1), 3);
    expect(multi).toEqual({ ok: true, value: { score: 'accuracy', value: 0.5 } });
  });

  it('scores regression by R², and says why when it is undefined', () => {
    const r2 = rankingScore('regression', Float32Array.of(1, 2, 3), Float32Array.of(1, 2, 4), 0);
    expect(r2.ok && r2.value.value).toBeCloseTo(0.5, 6);
    const flat = rankingScore('regression', Float32Array.of(1, 1), Float32Array.of(1, 2), 0);
    expect(flat.ok).toBe(false);
  });
});

describe('keep the top k', () => {
  it('offers all, half and a quarter from 4 features up, without repeats', () => {
    expect(keepTopCounts(3)).toEqual([3]);
    expect(keepTopCounts(4)).toEqual([4, 2, 1]);
    expect(keepTopCounts(10)).toEqual([10, 5, 3]);
    expect(keepTopCounts(5)).toEqual([5, 3, 2]);
  });

  it('leaves out every column below the top k, and nothing when k covers them all', () => {
    const changes = keepTopChanges(ranking('a', 'b', 'c', 'd'), 2);
    expect(changes).toEqual([
      { kind: 'column', choice: { name: 'c', use: 'ignore' } },
      { kind: 'column', choice: { name: 'd', use: 'ignore' } },
    ]);
    expect(keepTopChanges(ranking('a', 'b'), 2)).toEqual([]);
  });
});

describe('rankingMismatch', () => {
  const made = ranking('a', 'b', 'c', 'd');

  it('holds while the data set, its rows, the target and the split are those it was made on', () => {
    expect(rankingMismatch(made, DATA, 100)).toBeUndefined();
    // Column choices are not part of it: keeping the top k must not undo the ranking it came from.
    expect(rankingMismatch(made, { ...DATA, columns: [{ name: 'd', use: 'ignore' }] }, 100)).toBeUndefined();
    expect(rankingMismatch(made, DATA, undefined)).toBeUndefined();
  });

  it('says in a sentence which part of the data changed', () => {
    expect(rankingMismatch(made, { ...DATA, datasetId: 'other' }, 100)).toBe(
      'The feature ranking was made on another data set.',
    );
    expect(rankingMismatch(made, { ...DATA, target: 'c' }, 100)).toBe(
      'The feature ranking was made for the target "y", not "c".',
    );
    expect(rankingMismatch(made, DATA, 120)).toBe(
      'The feature ranking was made when the data set had 100 rows; it has 120 now.',
    );
    expect(rankingMismatch(made, { ...DATA, seed: DATA.seed + 1, testFraction: 0.2 }, 100)).toBe(
      'The feature ranking was made on another split (its seed and test share changed since).',
    );
  });
});
