import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paretoFront, type Objective } from './pareto';

interface Candidate {
  readonly accuracy: number;
  readonly kilobytes: number;
}
const objectives: Objective<Candidate>[] = [
  { value: (c) => c.accuracy, goal: 'max' },
  { value: (c) => c.kilobytes, goal: 'min' },
];

describe('paretoFront', () => {
  it('keeps the candidates nothing beats on both accuracy and size', () => {
    const candidates = [
      { accuracy: 0.9, kilobytes: 100 },
      { accuracy: 0.95, kilobytes: 400 },
      { accuracy: 0.85, kilobytes: 150 }, // worse and bigger than the first
      { accuracy: 0.8, kilobytes: 20 },
      { accuracy: 0.95, kilobytes: 500 }, // as good as the second, bigger
    ];
    expect(paretoFront(candidates, objectives)).toEqual([0, 1, 3]);
  });

  it('keeps ties and leaves out what is not a number', () => {
    const candidates = [
      { accuracy: 0.9, kilobytes: 100 },
      { accuracy: 0.9, kilobytes: 100 },
      { accuracy: Number.NaN, kilobytes: 1 },
    ];
    expect(paretoFront(candidates, objectives)).toEqual([0, 1]);
  });

  it('no front member is dominated, and every other candidate is', () => {
    const candidate = fc.record({
      accuracy: fc.double({ min: 0, max: 1, noNaN: true }),
      kilobytes: fc.integer({ min: 1, max: 1000 }),
    });
    fc.assert(
      fc.property(fc.array(candidate, { minLength: 1, maxLength: 30 }), (candidates) => {
        const front = new Set(paretoFront(candidates, objectives));
        const beats = (a: Candidate, b: Candidate) =>
          a.accuracy >= b.accuracy &&
          a.kilobytes <= b.kilobytes &&
          (a.accuracy > b.accuracy || a.kilobytes < b.kilobytes);
        candidates.forEach((c, i) => {
          expect(candidates.some((other) => beats(other, c))).toBe(!front.has(i));
        });
      }),
    );
  });
});
