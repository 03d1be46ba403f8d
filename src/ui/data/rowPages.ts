/**
 * The preview's rows, fetched from the data worker in pages as the person scrolls. Plain
 * TypeScript behind a subscribe/snapshot pair, so React reads it with useSyncExternalStore and
 * tests drive it with fake timers.
 *
 * While scrolling fast, the rows wanted change every frame: requests wait until the window has
 * been still for SETTLE_MS (or MAX_WAIT_MS have passed), one is in flight at a time, and each asks
 * for what is wanted when it is sent, never for windows already scrolled past. A store serves one
 * data set: answers for a data set no longer shown land in its old store, which nobody reads.
 */
import type { RowPage } from '../../data/rows';
import type { Result } from '../../model/result';

/** A narrow table's page: two make one read of the worker's maximum (500 rows). */
export const PAGE_ROWS = 250;
/**
 * The most cells in a page, and kept: a wide table's pages are fewer rows, so that the main thread takes
 * in one read quickly and memory stays bounded (a 5,000-column table: 20 rows a page, 100 rows kept).
 */
const PAGE_CELLS = 100_000;
const CACHED_CELLS = 500_000;
const SETTLE_MS = 40;
const MAX_WAIT_MS = 150;
/** 10,000 rows of a narrow table: plenty to scroll back through without asking again. */
const CACHED_PAGES = 40;

export type ReadRows = (start: number, count: number) => Promise<Result<RowPage>>;

export interface RowPageStore {
  /** Rows [first, end) are on screen now; the pages missing are fetched once scrolling settles. */
  want(first: number, end: number): void;
  /** The row's cell texts; the meta's preview text until its page arrives; undefined while loading. */
  rowAt(row: number): readonly string[] | undefined;
  /** Why the last read failed; cleared when the next one succeeds. */
  error(): string | undefined;
  subscribe(listener: () => void): () => void;
  /** Changes whenever what `rowAt` or `error` give changes. */
  version(): number;
}

/** Rows in a page of a table `columnCount` wide: PAGE_ROWS, or fewer for a wide table. */
function pageRowsFor(columnCount: number): number {
  return Math.max(1, Math.min(PAGE_ROWS, Math.floor(PAGE_CELLS / Math.max(1, columnCount))));
}

export function createRowPageStore(
  readRows: ReadRows,
  rowCount: number,
  firstRows: readonly (readonly string[])[] = [],
  columnCount = 1,
): RowPageStore {
  const pageRows = pageRowsFor(columnCount);
  const cachedPages = Math.max(2, Math.min(CACHED_PAGES, Math.floor(CACHED_CELLS / (pageRows * columnCount))));
  /** Least recently used first. */
  const pages = new Map<number, readonly (readonly string[])[]>();
  const listeners = new Set<() => void>();
  let wanted = { first: 0, end: 0 };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waitingSince: number | undefined;
  let inFlight = false;
  let lastError: string | undefined;
  let version = 0;

  const changed = (): void => {
    version++;
    listeners.forEach((listener) => listener());
  };

  const missingPages = (): number[] => {
    const missing: number[] = [];
    const lastPage = Math.ceil(wanted.end / pageRows) - 1;
    for (let page = Math.floor(wanted.first / pageRows); page <= lastPage; page++)
      if (!pages.has(page)) missing.push(page);
    return missing;
  };

  const schedule = (): void => {
    if (listeners.size === 0 || inFlight || missingPages().length === 0) return;
    const now = Date.now();
    waitingSince ??= now;
    clearTimeout(timer);
    timer = setTimeout(fetchMissing, Math.max(0, Math.min(SETTLE_MS, waitingSince + MAX_WAIT_MS - now)));
  };

  async function fetchMissing(): Promise<void> {
    timer = undefined;
    waitingSince = undefined;
    const missing = missingPages();
    if (listeners.size === 0 || inFlight || missing.length === 0) return;
    // The first missing page and the next, when it is missing too: one read of at most 500 rows.
    const firstPage = missing[0]!;
    const pageCount = missing[1] === firstPage + 1 ? 2 : 1;
    inFlight = true;
    let answer: Result<RowPage>;
    try {
      answer = await readRows(firstPage * pageRows, pageCount * pageRows);
    } catch (error) {
      answer = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    inFlight = false;
    if (answer.ok) {
      for (let page = firstPage; page < firstPage + pageCount; page++) {
        const from = (page - firstPage) * pageRows;
        remember(page, answer.value.rows.slice(from, from + pageRows));
      }
      lastError = undefined;
      schedule();
    } else {
      // No retry loop: the next scroll asks again.
      lastError = answer.error;
    }
    changed();
  }

  const remember = (page: number, rows: readonly (readonly string[])[]): void => {
    pages.delete(page);
    pages.set(page, rows);
    if (pages.size > cachedPages) pages.delete(pages.keys().next().value!);
  };

  return {
    want(first, end) {
      wanted = { first: Math.max(0, first), end: Math.min(rowCount, end) };
      schedule();
    },
    rowAt: (row) => pages.get(Math.floor(row / pageRows))?.[row % pageRows] ?? firstRows[row],
    error: () => lastError,
    subscribe(listener) {
      listeners.add(listener);
      schedule();
      return () => {
        listeners.delete(listener);
        // Nobody shows these rows any more (another data set, or the view closed): ask for none.
        if (listeners.size === 0) {
          clearTimeout(timer);
          timer = undefined;
          waitingSince = undefined;
        }
      };
    },
    version: () => version,
  };
}
