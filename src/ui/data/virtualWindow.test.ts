import { describe, expect, it } from 'vitest';
import { MAX_SCROLL_HEIGHT, scrollExtent, scrollTopForRow, visibleRows } from './virtualWindow';

const small = { rowCount: 1000, rowHeight: 24, viewportHeight: 240 };
const million = { rowCount: 1_000_000, rowHeight: 24, viewportHeight: 240 };

describe('virtualWindow', () => {
  it('render the rows in view and the overscan, starting where the first rendered row belongs', () => {
    expect(scrollExtent(small)).toEqual({ height: 24_000, scale: 1 });
    expect(visibleRows(small, 0, 5)).toEqual({ first: 0, end: 15, top: 0 });
    // 10 px into row 41: rows 41–51 show (11 of them, the first and last in part).
    expect(visibleRows(small, 41 * 24 + 10, 5)).toEqual({ first: 36, end: 57, top: 36 * 24 });
  });

  it('clip at both ends, also for a scroll position past them (a resize, elastic scrolling)', () => {
    expect(visibleRows(small, -50, 5)).toEqual({ first: 0, end: 15, top: 0 });
    const end = visibleRows(small, 1e9, 5);
    expect(end).toEqual({ first: 985, end: 1000, top: 985 * 24 });
    expect(visibleRows({ ...small, rowCount: 3 }, 0, 5)).toEqual({ first: 0, end: 3, top: 0 });
    expect(visibleRows({ ...small, rowCount: 0 }, 0, 5)).toEqual({ first: 0, end: 0, top: 0 });
  });

  it('scale the scroll range beyond the height limit, so that the last position shows the last row at the bottom', () => {
    const { height, scale } = scrollExtent(million);
    expect(height).toBe(MAX_SCROLL_HEIGHT);
    expect(scale).toBeCloseTo((24_000_000 - 240) / (MAX_SCROLL_HEIGHT - 240), 12);

    const last = visibleRows(million, height - 240, 0);
    expect(last.end).toBe(1_000_000);
    // The last row's bottom is the content's bottom.
    expect(last.top + (last.end - last.first) * 24).toBeCloseTo(height, 6);

    // Half-way through the scroll range is half-way through the rows.
    const middle = visibleRows(million, (height - 240) / 2, 0);
    expect(middle.first).toBe(Math.floor((24_000_000 - 240) / 2 / 24));
    // The first row in view starts above the top by less than a row.
    expect((height - 240) / 2 - middle.top).toBeGreaterThanOrEqual(0);
    expect((height - 240) / 2 - middle.top).toBeLessThan(24);
  });

  it('give the scroll position that brings a row to the top, in plain and scaled ranges', () => {
    expect(scrollTopForRow(small, 41)).toBe(41 * 24);
    expect(scrollTopForRow(small, 999)).toBe(24_000 - 240);
    for (const row of [0, 1, 123_456, 500_000, 999_990, 999_999]) {
      const scrollTop = scrollTopForRow(million, row);
      const window = visibleRows(million, scrollTop, 0);
      // The row (or, near the end, the last screenful's first) starts exactly at the top of the view.
      expect(window.first).toBe(Math.min(row, 1_000_000 - 10));
      expect(window.top).toBeCloseTo(scrollTop, 3);
    }
  });
});
