import { describe, expect, it } from 'vitest';
import { createColumnAssembler, toChunks } from './chunks';
import type { DatasetLayout, StoredColumn } from './schema';

const COLUMNS: StoredColumn[] = [
  { name: 'x', type: 'numeric', values: Float32Array.from([1, Number.NaN, 3, 4, 5]) },
  { name: 'c', type: 'categorical', codes: Int32Array.from([1, 0, -1, 1, 0]), vocabulary: ['a', 'b'] },
];

describe('chunks', () => {
  it('cut whole columns into chunks and put them back together', () => {
    const { layout, chunks } = toChunks(COLUMNS, 2);
    expect(layout).toMatchObject({ chunkRows: 2, chunkCount: 3 });
    expect(chunks.map((chunk) => chunk[0]!.length)).toEqual([2, 2, 1]);
    const assembler = createColumnAssembler(layout, 5);
    // Any order: each chunk knows its place.
    for (const index of [2, 0, 1]) expect(assembler.add(index, chunks[index]!)).toBe(true);
    expect(assembler.columns()).toEqual(COLUMNS);
  });

  it('map categorical codes from order of appearance into the sorted vocabulary', () => {
    const layout: DatasetLayout = {
      chunkRows: 4,
      chunkCount: 1,
      columns: [
        { name: 'c', type: 'categorical', vocabulary: ['a', 'b', 'c'], vocabularyIndex: Int32Array.from([2, 0, 1]) },
      ],
    };
    const assembler = createColumnAssembler(layout, 4);
    assembler.add(0, [Int32Array.from([0, 1, -1, 2])]);
    expect(assembler.columns()).toEqual([
      { name: 'c', type: 'categorical', vocabulary: ['a', 'b', 'c'], codes: Int32Array.from([2, 0, -1, 1]) },
    ]);
  });

  it('refuse a chunk that does not fit the layout, and columns before every chunk is in', () => {
    const { layout, chunks } = toChunks(COLUMNS, 2);
    const assembler = createColumnAssembler(layout, 5);
    expect(assembler.add(0, chunks[2]!)).toBe(false); // one row where two belong
    expect(assembler.add(0, [chunks[0]![1]!, chunks[0]![0]!])).toBe(false); // columns swapped
    expect(assembler.add(3, chunks[0]!)).toBe(false); // past the end
    expect(assembler.add(0, chunks[0]!)).toBe(true);
    expect(() => assembler.columns()).toThrow(RangeError);
  });
});

describe('image chunks', () => {
  // Three 2×2 RGB images: 12 bytes per row, each byte distinct so a misplaced copy shows.
  const pixels = Uint8Array.from({ length: 3 * 12 }, (_, i) => i);
  const IMAGE_COLUMNS: StoredColumn[] = [
    { name: 'image', type: 'image', pixels, height: 2, width: 2, channels: 3 },
    { name: 'label', type: 'categorical', codes: Int32Array.from([1, 0, 1]), vocabulary: ['cat', 'dog'] },
  ];

  it('cut pixels by rows, not by bytes, and put them back together', () => {
    const { layout, chunks } = toChunks(IMAGE_COLUMNS, 2);
    expect(layout.columns[0]).toEqual({ name: 'image', type: 'image', height: 2, width: 2, channels: 3 });
    expect(chunks.map((chunk) => chunk.map((column) => column.length))).toEqual([
      [24, 2],
      [12, 1],
    ]);
    expect(chunks[1]![0]).toEqual(pixels.slice(24));
    const assembler = createColumnAssembler(layout, 3);
    for (const index of [1, 0]) expect(assembler.add(index, chunks[index]!)).toBe(true);
    expect(assembler.columns()).toEqual(IMAGE_COLUMNS);
  });

  it('refuse an image chunk of the wrong byte count or array type', () => {
    const { layout, chunks } = toChunks(IMAGE_COLUMNS, 2);
    const assembler = createColumnAssembler(layout, 3);
    expect(assembler.add(0, [chunks[0]![0]!.slice(0, 12), chunks[0]![1]!])).toBe(false); // one image where two belong
    expect(assembler.add(0, [Float32Array.from(chunks[0]![0]!), chunks[0]![1]!])).toBe(false);
    expect(assembler.add(0, chunks[0]!)).toBe(true);
  });
});
