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

/** Array elements per row: 1, or an image column's height × width × channels bytes. */
export function valuesPerRow(column: ColumnLayout): number {
  return column.type === 'image' ? column.height * column.width * column.channels : 1;
}

/** The typed array a column's chunks (and whole column) are stored in. */
function arrayTypeOf(column: ColumnLayout): Float32ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor {
  return column.type === 'numeric' ? Float32Array : column.type === 'categorical' ? Int32Array : Uint8Array;
}

/**
 * Allocates each whole column once, sized from `rowCount`, and fills it chunk by chunk, so that
 * assembling never holds more than the columns plus the chunk in hand. Categorical codes are
 * mapped into the sorted vocabulary on the way.
 */
export function createColumnAssembler(layout: DatasetLayout, rowCount: number): ColumnAssembler {
  const targets = layout.columns.map((column) => new (arrayTypeOf(column))(rowCount * valuesPerRow(column)));
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
        layout.columns.every(
          (column, c) => chunk[c]!.length === rows * valuesPerRow(column) && chunk[c] instanceof arrayTypeOf(column),
        );
      if (!fits) return false;
      const offset = index * layout.chunkRows;
      layout.columns.forEach((column, c) => {
        const source = chunk[c]!;
        if (column.type !== 'categorical') {
          targets[c]!.set(source, offset * valuesPerRow(column));
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
      return layout.columns.map((column, c): StoredColumn => {
        switch (column.type) {
          case 'numeric':
            return { name: column.name, type: 'numeric', values: targets[c] as Float32Array };
          case 'categorical':
            return {
              name: column.name,
              type: 'categorical',
              codes: targets[c] as Int32Array,
              vocabulary: column.vocabulary,
            };
          case 'image': {
            const { name, height, width, channels } = column;
            return { name, type: 'image', pixels: targets[c] as Uint8Array, height, width, channels };
          }
        }
      });
    },
  };
}

/** Cuts whole columns into chunks of `chunkRows` rows; the inverse of `createColumnAssembler`. */
export function toChunks(
  columns: readonly StoredColumn[],
  chunkRows = CHUNK_ROWS,
): { layout: DatasetLayout; chunks: ChunkColumns[] } {
  const layoutColumns = columns.map((column): ColumnLayout => {
    switch (column.type) {
      case 'numeric':
        return { name: column.name, type: 'numeric' };
      case 'categorical':
        // Whole columns already hold sorted codes: each code is its own vocabulary index.
        return {
          name: column.name,
          type: 'categorical',
          vocabulary: column.vocabulary,
          vocabularyIndex: Int32Array.from(column.vocabulary.keys()),
        };
      case 'image': {
        const { name, height, width, channels } = column;
        return { name, type: 'image', height, width, channels };
      }
    }
  });
  const whole = columns.map((column) =>
    column.type === 'numeric' ? column.values : column.type === 'categorical' ? column.codes : column.pixels,
  );
  const perRow = layoutColumns.map(valuesPerRow);
  const rowCount = whole.length > 0 ? whole[0]!.length / perRow[0]! : 0;
  const chunkCount = Math.ceil(rowCount / chunkRows);
  // slice, not subarray: a stored view would carry its whole buffer with it.
  const chunks = Array.from({ length: chunkCount }, (_, index) =>
    whole.map((array, c) => array.slice(index * chunkRows * perRow[c]!, (index + 1) * chunkRows * perRow[c]!)),
  );
  return { layout: { chunkRows, chunkCount, columns: layoutColumns }, chunks };
}
