import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RowPage } from '../../data/rows';
import type { Result } from '../../model/result';
import { createRowPageStore, PAGE_ROWS } from './rowPages';

const ROWS = 10_000;
const rowText = (row: number) => [`r${row}`];

/** A data worker whose answers the test releases, recording what was asked. */
function fakeWorker() {
  const asked: [number, number][] = [];
  const pending: (() => void)[] = [];
  const readRows = (start: number, count: number) => {
    asked.push([start, count]);
    return new Promise<Result<RowPage>>((resolve) => {
      const end = Math.min(ROWS, start + count);
      pending.push(() =>
        resolve({
          ok: true,
          value: { start, rows: Array.from({ length: end - start }, (_, i) => rowText(start + i)) },
        }),
      );
    });
  };
  const answer = async () => {
    pending.shift()!();
    await vi.advanceTimersByTimeAsync(0);
  };
  return { readRows, asked, answer };
}

describe('rowPages', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('show the meta’s first rows at once, then fetch the window’s pages once scrolling settles', async () => {
    const worker = fakeWorker();
    const store = createRowPageStore(worker.readRows, ROWS, [['first row, as in the file']]);
    const version = store.version();
    store.subscribe(() => undefined);
    expect(store.rowAt(0)).toEqual(['first row, as in the file']);
    store.want(0, 30);
    await vi.advanceTimersByTimeAsync(39);
    expect(worker.asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(worker.asked).toEqual([[0, PAGE_ROWS]]);
    await worker.answer();
    expect(store.version()).toBeGreaterThan(version);
    expect(store.rowAt(0)).toEqual(['r0']);
    expect(store.rowAt(249)).toEqual(['r249']);
    expect(store.rowAt(250)).toBeUndefined();
  });

  it('coalesce a fast scroll: one request for where it stopped, none for the windows passed', async () => {
    const worker = fakeWorker();
    const store = createRowPageStore(worker.readRows, ROWS);
    store.subscribe(() => undefined);
    for (let first = 0; first < 3000; first += 100) {
      store.want(first, first + 30);
      await vi.advanceTimersByTimeAsync(16);
    }
    // Frames 16 ms apart never settle, but a request still goes out every MAX_WAIT_MS (150 ms) at most.
    expect(worker.asked.length).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    // One in flight at a time; when it answers, the window where scrolling stopped is asked for.
    await worker.answer();
    await vi.advanceTimersByTimeAsync(40);
    expect(worker.asked.at(-1)).toEqual([2750, PAGE_ROWS]);
    expect(worker.asked.length).toBe(2);
  });

  it('read a window across a page boundary in one request', async () => {
    const worker = fakeWorker();
    const store = createRowPageStore(worker.readRows, ROWS);
    store.subscribe(() => undefined);
    store.want(240, 270);
    await vi.advanceTimersByTimeAsync(40);
    expect(worker.asked).toEqual([[0, 2 * PAGE_ROWS]]);
    await worker.answer();
    expect(store.rowAt(260)).toEqual(['r260']);
  });

  it('read and keep fewer rows of a wide table: 20 rows a page and 100 rows kept at 5,000 columns', async () => {
    const worker = fakeWorker();
    const store = createRowPageStore(worker.readRows, ROWS, [], 5_000);
    store.subscribe(() => undefined);
    const show = async (first: number) => {
      store.want(first, first + 30);
      await vi.advanceTimersByTimeAsync(40);
      await worker.answer();
    };
    await show(0);
    expect(worker.asked).toEqual([[0, 40]]);
    expect(store.rowAt(39)).toEqual(['r39']);
    await show(100);
    await show(200);
    expect(worker.asked).toEqual([
      [0, 40],
      [100, 40],
      [200, 40],
    ]);
    // Six pages read, five kept: the first is gone.
    expect(store.rowAt(0)).toBeUndefined();
    expect(store.rowAt(20)).toEqual(['r20']);
  });

  it('ask for nothing once nobody shows the rows (another data set is shown)', async () => {
    const worker = fakeWorker();
    const store = createRowPageStore(worker.readRows, ROWS);
    const unsubscribe = store.subscribe(() => undefined);
    store.want(500, 530);
    unsubscribe();
    await vi.advanceTimersByTimeAsync(1000);
    expect(worker.asked).toEqual([]);
  });

  it('report a failed read, and ask again when the window moves', async () => {
    let fail = true;
    const readRows = vi.fn(async (start: number): Promise<Result<RowPage>> =>
      fail
        ? { ok: false, error: 'The data worker was shut down before it answered.' }
        : { ok: true, value: { start, rows: [rowText(start)] } },
    );
    const store = createRowPageStore(readRows, 1);
    store.subscribe(() => undefined);
    store.want(0, 1);
    await vi.advanceTimersByTimeAsync(40);
    expect(store.error()).toMatch(/shut down/);
    await vi.advanceTimersByTimeAsync(1000);
    expect(readRows).toHaveBeenCalledTimes(1);
    fail = false;
    store.want(0, 1);
    await vi.advanceTimersByTimeAsync(40);
    expect(store.error()).toBeUndefined();
    expect(store.rowAt(0)).toEqual(['r0']);
  });
});
