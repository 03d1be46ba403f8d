/**
 * Data sets are stored in chunks of rows (see `ChunkColumns` in schema.ts) so that an import can
 * write rows as they are parsed and never hold a whole file. This module turns chunks back into
 * whole columns, and whole columns into chunks. Pure: storage.ts does the reading and writing.
 */
import type { ChunkColumns, ColumnLayout, DatasetLayout, StoredColumn } from './schema';

/** Rows per stored chunk: 20 float32 columns make a 5 MiB chunk, a comfortable IndexedDB record. */
export const CHUNK_ROWS = 65_536;

export interface ColumnAssembler {
  /**
   * Copies chunk `index` into the columns. Returns false, copying nothing, when the chunk does not
   * fit the layout (a different column count, type or row count): the stored data set is damaged.
   */
  add(index: number, chunk: ChunkColumns): boolean;
  /** The whole columns; every chunk must have been added. */
  columns(): StoredColumn[];
}

/**
 * Allocates each whole column once, sized from `rowCount`, and fills it chunk by chunk, so that
 * assembling never holds more than the columns plus the chunk in hand. Categorical codes are
 * mapped into the sorted vocabulary on the way.
 */
export function createColumnAssembler(layout: DatasetLayout, rowCount: number): ColumnAssembler {
  const targets = layout.columns.map((column) => (column.type === 'numeric' ? new Float32Array(rowCount) : new Int32Array(rowCount)));
  const added = new Set<number>();
  const expectedRows = (index: number) => Math.max(0, Math.min(layout.chunkRows, rowCount - index * layout.chunkRows));

  return {
    add(index, chunk) {
      const rows = expectedRows(index);
      const fits =
        Number.isInteger(index) &&
        index >= 0 &&
        index < layout.chunkCount &&
        chunk.length === layout.columns.length &&
        layout.columns.every((column, c) => chunk[c]!.length === rows && (chunk[c] instanceof Float32Array) === (column.type === 'numeric'));
      if (!fits) return false;
      const offset = index * layout.chunkRows;
      layout.columns.forEach((column, c) => {
        const source = chunk[c]!;
        if (column.type === 'numeric') {
          targets[c]!.set(source, offset);
          return;
        }
        const codes = targets[c] as Int32Array;
        for (let row = 0; row < rows; row++) {
          const code = source[row]!;
          codes[offset + row] = code < 0 ? -1 : column.vocabularyIndex[code]!;
        }
      });
      added.add(index);
      return true;
    },

    columns() {
      if (added.size !== layout.chunkCount) {
        throw new RangeError(`createColumnAssembler: ${added.size} of ${layout.chunkCount} chunks were added`);
      }
      return layout.columns.map((column, c): StoredColumn =>
        column.type === 'numeric'
          ? { name: column.name, type: 'numeric', values: targets[c] as Float32Array }
          : { name: column.name, type: 'categorical', codes: targets[c] as Int32Array, vocabulary: column.vocabulary },
      );
    },
  };
}

/** Cuts whole columns into chunks of `chunkRows` rows; the inverse of `createColumnAssembler`. */
export function toChunks(columns: readonly StoredColumn[], chunkRows = CHUNK_ROWS): { layout: DatasetLayout; chunks: ChunkColumns[] } {
  const whole = columns.map((column) => (column.type === 'numeric' ? column.values : column.codes));
  const rowCount = whole[0]?.length ?? 0;
  const chunkCount = Math.ceil(rowCount / chunkRows);
  const layoutColumns = columns.map(
    (column): ColumnLayout =>
      column.type === 'numeric'
        ? { name: column.name, type: 'numeric' }
        : // Whole columns already hold sorted codes: each code is its own vocabulary index.
          { name: column.name, type: 'categorical', vocabulary: column.vocabulary, vocabularyIndex: Int32Array.from(column.vocabulary.keys()) },
  );
  // slice, not subarray: a stored view would carry its whole buffer with it.
  const chunks = Array.from({ length: chunkCount }, (_, index) => whole.map((array) => array.slice(index * chunkRows, (index + 1) * chunkRows)));
  return { layout: { chunkRows, chunkCount, columns: layoutColumns }, chunks };
}
