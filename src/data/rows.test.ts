import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toChunks } from './chunks';
import { parseCsvText } from './import/csv';
import { chunkRowTexts, createRowReader, MAX_ROWS_PER_READ, type ChunkSource } from './rows';
import type { ChunkColumns, DatasetLayout, StoredDataset } from './schema';
import { createDatasetWriter, deleteDataset, openChunkSource } from './storage';
import { asStoredCells } from '../test/storedCells';

function iris(id: string): StoredDataset {
  const text = readFileSync(new URL('../../public/samples/iris.csv', import.meta.url), 'utf8');
  const parsed = parseCsvText(text, { id, name: 'Iris', source: 'sample', bytes: text.length, createdAt: 1 });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const asStored = (rows: readonly (readonly string[])[]) => rows.map(asStoredCells);

/** A chunk source over chunks in memory that counts its reads. */
function countingSource(dataset: StoredDataset, chunkRows: number): ChunkSource & { reads: number[] } {
  const { layout, chunks } = toChunks(dataset.columns, chunkRows);
  const reads: number[] = [];
  return {
    rowCount: dataset.meta.rowCount,
    layout,
    reads,
    readChunk: async (index) => {
      reads.push(index);
      return chunks[index];
    },
  };
}

describe('rows', () => {
  it('give numbers as their shortest float32 text, categories through the vocabulary index, missing cells empty', () => {
    const layout: DatasetLayout = {
      chunkRows: 3,
      chunkCount: 2,
      columns: [
        { name: 'x', type: 'numeric' },
        { name: 'c', type: 'categorical', vocabulary: ['a', 'b', 'c'], vocabularyIndex: Int32Array.from([2, 0, 1]) },
      ],
    };
    const chunk: ChunkColumns = [Float32Array.from([0.1, Number.NaN, -12.34]), Int32Array.from([0, -1, 2])];
    // Chunk 1 holds rows 3, 4, 5.
    expect(chunkRowTexts(layout, 1, chunk, 3, 6)).toEqual([
      ['0.1', 'c'],
      ['', ''],
      ['-12.34', 'b'],
    ]);
    expect(chunkRowTexts(layout, 1, chunk, 4, 5)).toEqual([['', '']]);
  });

  it('read across chunk boundaries the cells the file has', async () => {
    const dataset = iris('sample:iris');
    const reader = createRowReader(countingSource(dataset, 40));
    const page = await reader.read(35, 60); // chunks 0, 1 and 2
    expect(page).toEqual({ ok: true, value: { start: 35, rows: asStored(dataset.meta.preview.slice(35, 95)) } });
  });

  it('clip to the data set and to MAX_ROWS_PER_READ, and refuse a negative or fractional range', async () => {
    const dataset = iris('sample:iris');
    const reader = createRowReader(countingSource(dataset, 40));
    const tail = await reader.read(140, 100);
    expect(tail.ok && tail.value.rows.length).toBe(10);
    expect(tail.ok && tail.value.rows.at(-1)).toEqual(['5.9', '3', '5.1', '1.8', 'virginica']);
    expect(await reader.read(150, 10)).toEqual({ ok: true, value: { start: 150, rows: [] } });
    await expect(reader.read(-1, 10)).rejects.toThrow(RangeError);
    await expect(reader.read(0, 1.5)).rejects.toThrow(RangeError);

    const large = createRowReader({
      rowCount: 10_000,
      layout: { chunkRows: 10_000, chunkCount: 1, columns: [{ name: 'x', type: 'numeric' }] },
      readChunk: async () => [new Float32Array(10_000)],
    });
    const capped = await large.read(0, 10_000);
    expect(capped.ok && capped.value.rows.length).toBe(MAX_ROWS_PER_READ);
  });

  it('keep the last two chunks decoded, so scrolling within them reads nothing again', async () => {
    const source = countingSource(iris('sample:iris'), 40);
    const reader = createRowReader(source);
    await reader.read(0, 10);
    await reader.read(30, 20); // chunk 0 cached, chunk 1 read
    await reader.read(10, 50); // both cached
    expect(source.reads).toEqual([0, 1]);
    await reader.read(80, 10); // chunk 2 read, chunk 0 (least recently used) dropped
    await reader.read(45, 10); // chunk 1 still cached
    await reader.read(0, 1);
    expect(source.reads).toEqual([0, 1, 2, 0]);
  });

  it('fail with a sentence when a chunk is missing or does not fit the layout', async () => {
    const source = countingSource(iris('sample:iris'), 40);
    const missing = createRowReader({ ...source, readChunk: async () => undefined });
    expect(await missing.read(0, 5)).toMatchObject({ ok: false, error: expect.stringMatching(/missing or damaged/) });
    const short = createRowReader({
      ...source,
      readChunk: async () => [
        new Float32Array(3),
        new Float32Array(3),
        new Float32Array(3),
        new Float32Array(3),
        new Int32Array(3),
      ],
    });
    expect(await short.read(0, 5)).toMatchObject({ ok: false });
  });

  it('read a stored data set one chunk at a time from IndexedDB', async () => {
    const dataset = iris('file:rows');
    const { layout, chunks } = toChunks(dataset.columns, 40);
    const writer = createDatasetWriter();
    for (const [index, chunk] of chunks.entries()) await writer.putChunk(index, chunk);
    await writer.commit(dataset.meta, layout);

    const source = await openChunkSource('file:rows');
    expect(source).toMatchObject({ rowCount: 150, layout: { chunkRows: 40, chunkCount: 4 } });
    const page = await createRowReader(source!).read(0, 150);
    expect(page.ok && page.value.rows.slice(0, 100)).toEqual(asStored(dataset.meta.preview));

    await deleteDataset('file:rows');
    expect(await source!.readChunk(0)).toBeUndefined();
    expect(await openChunkSource('file:rows')).toBeUndefined();
  });
});
