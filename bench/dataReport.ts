// The data report's findings in the rows (src/data/rowFindings.ts) over generated tables held in memory, as
// the data worker computes them over stored chunks: a long narrow table and a wide one. Pure TypeScript, run
// in Node through Vite's module runner (dataReport.mjs).
import { toChunks } from '../src/data/chunks';
import { findInRows } from '../src/data/rowFindings';
import type { DatasetMeta, StoredColumn } from '../src/data/schema';
import { mulberry32 } from '../src/data/split';

export const TABLES = [
  { columns: 20, rows: 100_000 },
  { columns: 500, rows: 20_000 },
  { columns: 5_000, rows: 2_000 },
] as const;

/** Numeric features, one categorical target of 3 classes last; stored in the import's chunk size. */
function generated(columnCount: number, rowCount: number) {
  const random = mulberry32(columnCount);
  const columns: StoredColumn[] = Array.from({ length: columnCount - 1 }, (_, c) => ({
    name: `f${c}`,
    type: 'numeric',
    values: Float32Array.from({ length: rowCount }, () => random() * 100),
  }));
  columns.push({
    name: 'label',
    type: 'categorical',
    codes: Int32Array.from({ length: rowCount }, () => Math.floor(random() * 3)),
    vocabulary: ['a', 'b', 'c'],
  });
  const meta: DatasetMeta = {
    id: `bench-${columnCount}`,
    name: 'bench',
    source: 'file',
    rowCount,
    bytes: 0,
    createdAt: 0,
    preview: [],
    columns: columns.map((column) =>
      column.type === 'numeric'
        ? { name: column.name, type: 'numeric', missing: 0, unique: rowCount, min: 0, max: 100 }
        : {
            name: column.name,
            type: 'categorical',
            missing: 0,
            unique: 3,
            valueCounts: { values: ['a', 'b', 'c'], counts: [1, 1, 1] },
          },
    ),
  };
  return { meta, ...toChunks(columns, 65_536) };
}

export async function benchTable({ columns, rows }: { columns: number; rows: number }) {
  const { meta, layout, chunks } = generated(columns, rows);
  const source = { rowCount: rows, layout, readChunk: async (index: number) => chunks[index] };
  const started = performance.now();
  const found = await findInRows(source, meta, 'label');
  const ms = performance.now() - started;
  if (!found.ok) throw new Error(found.error);
  const cells = found.value.rowsRead * columns;
  return {
    bench: 'data-report',
    columns,
    rows,
    rowsRead: found.value.rowsRead,
    ms: Math.round(ms),
    nsPerCellRead: Math.round((ms * 1e6) / cells),
  };
}
