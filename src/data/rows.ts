/**
 * Reading a stored table's rows back as cell text, a few hundred at a time, for the preview:
 * only the chunks that cover the rows asked for are read, and no whole column is assembled.
 * Pure: the chunks come from an injected reader (storage.ts in the data worker).
 */
import type { Result } from '../model/result';
import { formatFloat32 } from './cells';
import type { ChunkColumns, ColumnLayout, DatasetLayout } from './schema';

/** The most rows one `readRows` answers: a screenful many times over, small enough to clone quickly. */
export const MAX_ROWS_PER_READ = 500;

/** Rows [start, start + rows.length) as cell text, one string per column; missing cells are empty. */
export interface RowPage {
  readonly start: number;
  readonly rows: readonly (readonly string[])[];
}

/** A stored data set's rows, chunk by chunk. */
export interface ChunkSource {
  readonly rowCount: number;
  readonly layout: DatasetLayout;
  /** Undefined when the chunk is not stored (the data set was deleted or replaced meanwhile). */
  readChunk(index: number): Promise<ChunkColumns | undefined>;
}

/**
 * Cell texts of rows [from, to) of chunk `chunkIndex` (row numbers count from the data set's
 * first row). Numbers as the shortest text that reads back as the stored float32; categories
 * through the layout's vocabulary; image cells as their size.
 */
export function chunkRowTexts(
  layout: DatasetLayout,
  chunkIndex: number,
  chunk: ChunkColumns,
  from: number,
  to: number,
): string[][] {
  const first = chunkIndex * layout.chunkRows;
  const rows: string[][] = [];
  for (let row = from; row < to; row++) {
    rows.push(layout.columns.map((column, c) => cellText(column, chunk[c]!, row - first)));
  }
  return rows;
}

function cellText(column: ColumnLayout, values: ChunkColumns[number], offset: number): string {
  switch (column.type) {
    case 'numeric': {
      const value = values[offset]!;
      return Number.isNaN(value) ? '' : formatFloat32(value);
    }
    case 'categorical': {
      const code = values[offset]!;
      return code < 0 ? '' : column.vocabulary[column.vocabularyIndex[code]!]!;
    }
    case 'image':
      return imageCellText(column.height, column.width);
  }
}

/** What an image cell shows in the preview: its pixels are drawn elsewhere. */
export function imageCellText(height: number, width: number): string {
  return `${width}×${height} image`;
}

/** Reads rows through a cache of the last decoded chunks, so scrolling within a chunk reads nothing again. */
export interface RowReader {
  /**
   * Rows [start, start + count) clipped to the data set, at most MAX_ROWS_PER_READ of them. A
   * start past the end gives no rows; a negative or fractional start or count is a caller bug
   * (RangeError). Fails when a chunk is missing or does not fit the layout.
   */
  read(start: number, count: number): Promise<Result<RowPage>>;
}

export function createRowReader(source: ChunkSource, cachedChunks = 2): RowReader {
  const { layout, rowCount } = source;
  /** Most recently used last. */
  const cache = new Map<number, ChunkColumns>();

  const chunkAt = async (index: number): Promise<ChunkColumns | undefined> => {
    const cached = cache.get(index);
    if (cached) {
      cache.delete(index);
      cache.set(index, cached);
      return cached;
    }
    const chunk = await source.readChunk(index);
    if (!chunk || !fitsLayout(chunk, index)) return undefined;
    cache.set(index, chunk);
    if (cache.size > cachedChunks) cache.delete(cache.keys().next().value!);
    return chunk;
  };

  const fitsLayout = (chunk: ChunkColumns, index: number): boolean => {
    const rows = Math.min(layout.chunkRows, rowCount - index * layout.chunkRows);
    // Image columns hold many values a row; their cells have no text, so only the row count of the others matters.
    return (
      chunk.length === layout.columns.length &&
      layout.columns.every((column, c) => column.type === 'image' || chunk[c]!.length === rows)
    );
  };

  return {
    async read(start, count) {
      if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0) {
        throw new RangeError(`readRows: expected a whole start and count ≥ 0, received ${start} and ${count}`);
      }
      const end = Math.min(rowCount, start + Math.min(count, MAX_ROWS_PER_READ));
      const rows: string[][] = [];
      for (let from = start; from < end;) {
        const index = Math.floor(from / layout.chunkRows);
        const to = Math.min(end, (index + 1) * layout.chunkRows);
        const chunk = await chunkAt(index);
        if (!chunk) return { ok: false, error: 'The data set’s stored rows are missing or damaged; import it again.' };
        rows.push(...chunkRowTexts(layout, index, chunk, from, to));
        from = to;
      }
      return { ok: true, value: { start, rows } };
    },
  };
}
