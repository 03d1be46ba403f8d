import { describe, expect, it } from 'vitest';
import { meanAndSd, median } from './statistics';

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('meanAndSd', () => {
  it('gives the sample standard deviation, as reports of cross-validation scores do', () => {
    // Mean 5; squared deviations 9 + 1 + 1 + 9 = 20; 20 / 3.
    const { mean, sd } = meanAndSd([2, 4, 6, 8]);
    expect(mean).toBe(5);
    expect(sd).toBeCloseTo(Math.sqrt(20 / 3), 12);
    expect(meanAndSd([0.9])).toEqual({ mean: 0.9, sd: 0 });
  });
});
