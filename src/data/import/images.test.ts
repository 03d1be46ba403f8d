import { describe, expect, it } from 'vitest';
import { errorOf, valueOf } from '../../test/results';
import { fakeImageBytes, fakeImageDecoder } from '../../test/fakeImageDecoder';
import { bmpHeader, gifHeader, jpegHeader, pngHeader, webpLossyHeader } from '../../test/imageHeaders';
import { createColumnAssembler } from '../chunks';
import type { ImageImportProgress } from '../importProgress';
import type { ChunkColumns, StoredColumn } from '../schema';
import { fromRgba, imageChunkRows, SKIPPED_LISTED, type ImageFile } from './imageColumn';
import type { ImageImportOptions } from './imageImport';
import { importImageFiles, labelFiles } from './images';

describe('labelFiles', () => {
  it('takes the class from the sub-folder and drops a single top folder', () => {
    const labelled = valueOf(labelFiles(['digits/0/1.png', 'digits/0/2.png', 'digits/7/1.png'], 'zip'));
    expect(labelled.files.map((file) => [file.index, file.label])).toEqual([
      [0, '0'],
      [1, '0'],
      [2, '7'],
    ]);
    expect(labelled.skipped).toEqual([]);
    expect(labelled.note).toBeUndefined();
  });

  it('labels images in equally nested folders by the folder that holds them, and says which level that is', () => {
    const nested = valueOf(
      labelFiles(['root/a/x/1.png', 'root/a/x/2.png', 'root/b/y/3.png', 'root/a/z/4.png'], 'folder'),
    );
    expect(nested.files.map((file) => file.label)).toEqual(['x', 'x', 'y', 'z']);
    expect(nested.note).toBe(
      'Folders nest 2 deep: each image is labelled by the folder that holds it (x, y, z); the folders above (a, b) are not part of the label.',
    );
    // A train/test layout keeps one class per animal across both.
    const splits = valueOf(labelFiles(['train/cat/1.png', 'train/dog/2.png', 'test/cat/3.png'], 'zip'));
    expect(splits.files.map((file) => file.label)).toEqual(['cat', 'dog', 'cat']);
  });

  it('labels images at mixed depths by their first folder, and says what was merged into it', () => {
    const labelled = valueOf(labelFiles(['digits/0/1.png', 'digits/7/1.png', 'digits/7/deeper/3.png'], 'zip'));
    expect(labelled.files.map((file) => file.label)).toEqual(['0', '7', '7']);
    expect(labelled.note).toBe(
      'Images sit in folders of different depths: each is labelled by its first folder, and the folders inside those (7/deeper) are part of their class.',
    );
  });

  it('keeps the top folders as classes when there are several', () => {
    const labelled = valueOf(labelFiles(['cats/a.png', 'dogs/b.png'], 'zip'));
    expect(labelled.files.map((file) => file.label)).toEqual(['cats', 'dogs']);
  });

  it('ignores folders, dotfiles and __MACOSX silently; lists files outside a class folder', () => {
    const labelled = valueOf(
      labelFiles(
        [
          'set/',
          'set/cats/',
          'set/cats/a.png',
          'set/cats/.DS_Store',
          '__MACOSX/set/cats/._a.png',
          'set/.git/config',
          'set/readme.txt',
        ],
        'folder',
      ),
    );
    expect(labelled.files.map((file) => file.path)).toEqual(['set/cats/a.png']);
    expect(labelled.skipped).toEqual([
      { path: 'set/readme.txt', reason: expect.stringMatching(/not in a class folder/) },
    ]);
  });

  it('skips and lists every path that could escape the folder, and never labels it', () => {
    const unsafe = [
      '../../x.png',
      'cats/../../x.png',
      '/etc/cats/x.png',
      'C:/cats/x.png',
      'cats\\x.png',
      'cats//x.png',
      './cats/x.png',
    ];
    const labelled = valueOf(labelFiles(['cats/a.png', 'dogs/b.png', ...unsafe], 'zip'));
    expect(labelled.files.map((file) => file.path)).toEqual(['cats/a.png', 'dogs/b.png']);
    expect(labelled.skipped.map((file) => file.path)).toEqual(unsafe);
    for (const file of labelled.skipped) expect(file.reason).toMatch(/^unsafe path/);
  });

  it('fails with a sentence when nothing is in a sub-folder', () => {
    expect(errorOf(labelFiles(['a.png', 'b.png'], 'zip'))).toBe(
      "The zip has no sub-folders: put each class's images in a folder named after the class.",
    );
    // One folder holding the images directly is the wrapper, not a class.
    expect(errorOf(labelFiles(['cats/a.png', 'cats/b.png'], 'folder'))).toMatch(/^The folder has no sub-folders/);
    expect(errorOf(labelFiles(['__MACOSX/', '.DS_Store'], 'zip'))).toBe('The zip holds no files.');
  });
});

describe('fromRgba', () => {
  const rgba = Uint8ClampedArray.from([255, 255, 255, 255, 255, 0, 0, 128, 0, 255, 0, 0, 0, 0, 255, 255]);

  it('keeps red, green and blue, dropping alpha', () => {
    const out = new Uint8Array(14).fill(9);
    fromRgba(rgba, 3, out, 2);
    expect([...out]).toEqual([9, 9, 255, 255, 255, 255, 0, 0, 0, 255, 0, 0, 0, 255]);
  });

  it('turns colour into BT.601 luma: white stays 255, pure red, green and blue weighted', () => {
    const out = new Uint8Array(4);
    fromRgba(rgba, 1, out, 0);
    // round(0.299 · 255), round(0.587 · 255), round(0.114 · 255)
    expect([...out]).toEqual([255, 76, 150, 29]);
  });
});

describe('imageChunkRows', () => {
  it('keeps a chunk of images near 4 MB, and at least one image', () => {
    expect(imageChunkRows(28 * 28)).toBe(5349);
    expect(imageChunkRows(64 * 64 * 3)).toBe(341);
    expect(imageChunkRows(8 * 8)).toBe(65_536);
    expect(imageChunkRows(2048 * 2048 * 3)).toBe(1);
  });
});

// ── the import, with a decoder that needs no browser ─────────────────────────

function imageFile(path: string, header: Uint8Array, grey: number): ImageFile {
  const bytes = fakeImageBytes(header, grey);
  return { path, read: async () => ({ ok: true, value: bytes }) };
}

async function importFiles(files: readonly ImageFile[], overrides: Partial<ImageImportOptions> = {}) {
  const chunks: ChunkColumns[] = [];
  const progress: ImageImportProgress[] = [];
  const decode = fakeImageDecoder();
  const result = await importImageFiles(files, {
    origin: { id: 'file:test', name: 'shapes.zip', source: 'file', bytes: 123, createdAt: 0 },
    container: 'zip',
    settings: { size: 2, color: 'grayscale' },
    decode,
    writeChunk: async (index, chunk) => {
      expect(index).toBe(chunks.length);
      chunks.push(chunk);
      return { ok: true, value: undefined };
    },
    onProgress: (p) => progress.push(p),
    chunkRows: 2,
    ...overrides,
  });
  return { result, chunks, progress, decode };
}

function assemble(imported: Awaited<ReturnType<typeof importFiles>>): StoredColumn[] {
  const { meta, layout } = valueOf(imported.result);
  const assembler = createColumnAssembler(layout, meta.rowCount);
  imported.chunks.forEach((chunk, index) => expect(assembler.add(index, chunk)).toBe(true));
  return assembler.columns();
}

describe('importImageFiles', () => {
  const files = [
    imageFile('shapes/dog/1.png', pngHeader(30, 30), 10),
    imageFile('shapes/cat/1.jpg', jpegHeader(8, 8), 20),
    imageFile('shapes/cat/2.gif', gifHeader(16, 12), 30),
    imageFile('shapes/dog/2.bmp', bmpHeader(8, 8), 40),
    imageFile('shapes/cat/3.webp', webpLossyHeader(8, 8), 50),
  ];

  it('stores every image resized, labelled by folder, in chunks written as they fill', async () => {
    const imported = await importFiles(files);
    const { meta, layout } = valueOf(imported.result);
    expect(meta).toMatchObject({ id: 'file:test', kind: 'images', rowCount: 5, bytes: 123, preview: [] });
    expect(layout).toMatchObject({ chunkRows: 2, chunkCount: 3 });
    expect(imported.chunks.map((chunk) => chunk[0]!.length)).toEqual([8, 8, 4]);
    const [image, label] = assemble(imported);
    expect(image).toMatchObject({ type: 'image', height: 2, width: 2, channels: 1 });
    // Grayscale of an RGB grey is the grey itself: each image's four pixels hold its file's level.
    expect([...(image as { pixels: Uint8Array }).pixels]).toEqual(
      [10, 20, 30, 40, 50].flatMap((grey) => [grey, grey, grey, grey]),
    );
    expect(label).toEqual({
      name: 'label',
      type: 'categorical',
      vocabulary: ['cat', 'dog'],
      codes: Int32Array.from([1, 0, 0, 1, 0]),
    });
    expect(meta.columns[0]).toMatchObject({ name: 'image', type: 'image', height: 2, width: 2, channels: 1 });
    expect(meta.columns[1]).toMatchObject({
      name: 'label',
      type: 'categorical',
      unique: 2,
      valueCounts: { values: ['cat', 'dog'], counts: [3, 2] },
    });
    expect(imported.progress.at(-1)).toEqual({ filesDone: 5, filesTotal: 5 });
  });

  it('keeps a few thumbnails per class and the sizes the files came in', async () => {
    const { meta } = valueOf((await importFiles(files, { settings: { size: 2, color: 'rgb' } })).result);
    const report = meta.images!;
    expect(report).toMatchObject({ height: 2, width: 2, channels: 3, skippedCount: 0, sourceSizeCount: 3 });
    expect(report.thumbnails.map((t) => [t.label, t.count, t.pixels.length])).toEqual([
      ['cat', 3, 3 * 12],
      ['dog', 2, 2 * 12],
    ]);
    expect(report.thumbnails[1]!.pixels.slice(0, 12)).toEqual(new Uint8Array(12).fill(10));
    expect(report.sourceSizes[0]).toEqual({ width: 8, height: 8, count: 3 });
  });

  it('skips and lists non-images, damaged headers, undecodable bytes, huge images and unsafe paths; decodes none of them', async () => {
    const text = {
      path: 'shapes/cat/notes.txt',
      read: async () => ({ ok: true as const, value: new TextEncoder().encode('not a picture') }),
    };
    const unreadable: ImageFile = {
      path: 'shapes/dog/locked.png',
      read: async () => ({ ok: false, error: 'it is encrypted' }),
    };
    const imported = await importFiles([
      ...files,
      text,
      unreadable,
      imageFile('shapes/cat/cut.png', pngHeader(8, 8).subarray(0, 20), 1),
      imageFile('shapes/cat/corrupt.png', pngHeader(8, 8), 0),
      imageFile('shapes/dog/huge.png', pngHeader(10_000, 10_000), 1),
      imageFile('../../x.png', pngHeader(8, 8), 1),
    ]);
    const { meta } = valueOf(imported.result);
    expect(meta.rowCount).toBe(5);
    expect(meta.images!.skipped).toEqual([
      { path: '../../x.png', reason: expect.stringMatching(/^unsafe path/) },
      { path: 'shapes/cat/notes.txt', reason: 'not an image (PNG, JPEG, WebP, GIF or BMP)' },
      { path: 'shapes/dog/locked.png', reason: 'it is encrypted' },
      { path: 'shapes/cat/cut.png', reason: 'a damaged PNG file (its header is incomplete)' },
      { path: 'shapes/cat/corrupt.png', reason: 'a damaged file (the fake decoder says so)' },
      { path: 'shapes/dog/huge.png', reason: 'too large to decode: 10000×10000 pixels is 100 megapixels (at most 40)' },
    ]);
    expect(meta.images!.skippedCount).toBe(6);
    // The five images and the corrupt one reached the decoder; the huge one never did.
    expect(imported.decode.decoded).toBe(6);
  });

  it('lists at most SKIPPED_LISTED skipped files, and counts them all', async () => {
    const junk = Array.from({ length: SKIPPED_LISTED + 5 }, (_, i) => ({
      path: `shapes/cat/${i}.txt`,
      read: async () => ({ ok: true as const, value: new Uint8Array([1, 2, 3]) }),
    }));
    const { meta } = valueOf((await importFiles([...files, ...junk])).result);
    expect(meta.images!.skipped).toHaveLength(SKIPPED_LISTED);
    expect(meta.images!.skippedCount).toBe(SKIPPED_LISTED + 5);
  });

  it('fails with the reasons when no image could be imported, writing nothing', async () => {
    const imported = await importFiles([
      imageFile('set/cat/a.png', pngHeader(8, 8), 0),
      imageFile('set/dog/b.txt', new Uint8Array(30), 1),
    ]);
    expect(errorOf(imported.result)).toBe(
      'No image could be imported; all 2 files were skipped (set/cat/a.png: a damaged file (the fake decoder says so); set/dog/b.txt: not an image (PNG, JPEG, WebP, GIF or BMP)).',
    );
    expect(imported.chunks).toEqual([]);
  });

  it('fails for a zip without sub-folders, and stops at a write that fails', async () => {
    expect(errorOf((await importFiles([imageFile('a.png', pngHeader(8, 8), 1)])).result)).toMatch(
      /^The zip has no sub-folders/,
    );
    const full = await importFiles(files, { writeChunk: async () => ({ ok: false, error: 'The disk is full.' }) });
    expect(errorOf(full.result)).toBe('The disk is full.');
    expect(full.progress.length).toBeLessThan(files.length);
  });

  it('refuses a size outside 1 to 256 pixels', async () => {
    expect(errorOf((await importFiles(files, { settings: { size: 0, color: 'rgb' } })).result)).toMatch(
      /from 1 to 256/,
    );
  });
});

describe('importImageFiles with a CSV naming the images', () => {
  const csv = (path: string, text: string): ImageFile => ({
    path,
    read: async () => ({ ok: true, value: new TextEncoder().encode(text) }),
  });
  const images = [
    imageFile('set/images/a.png', pngHeader(8, 8), 10),
    imageFile('set/images/b.png', pngHeader(8, 8), 20),
    imageFile('set/c.png', pngHeader(16, 16), 30),
    imageFile('set/images/d.png', pngHeader(8, 8), 40),
    imageFile('set/images/bad.png', pngHeader(8, 8), 0),
  ];

  it('stores the table with the path column as pixels, looking paths up beside the CSV, at the top or by bare name', async () => {
    const table = csv(
      'set/labels.csv',
      'file,label,weight\nimages/a.png,cat,1.5\nset/c.png,dog,2\nd.png,cat,\n.\\images\\b.png,dog,4\n',
    );
    const imported = await importFiles([...images, table], { chunkRows: 3 });
    const { meta, layout } = valueOf(imported.result);
    expect(meta.kind).toBeUndefined();
    expect(meta.rowCount).toBe(4);
    expect(meta.columns.map((c) => [c.name, c.type])).toEqual([
      ['file', 'image'],
      ['label', 'categorical'],
      ['weight', 'numeric'],
    ]);
    expect(meta.columns[2]).toMatchObject({ missing: 1, min: 1.5, max: 4 });
    expect(layout).toMatchObject({ chunkRows: 3, chunkCount: 2 });
    const [image, label, weight] = assemble(imported);
    expect([...(image as { pixels: Uint8Array }).pixels]).toEqual(
      [10, 30, 40, 20].flatMap((grey) => [grey, grey, grey, grey]),
    );
    expect(label).toMatchObject({ vocabulary: ['cat', 'dog'], codes: Int32Array.from([0, 1, 0, 1]) });
    expect([...(weight as { values: Float32Array }).values]).toEqual([1.5, 2, Number.NaN, 4]);
    expect(meta.preview[0]).toEqual(['2×2 image', 'cat', '1.5']);
    // Thumbnails grouped by the label, the only other categorical column.
    expect(meta.images!.thumbnails.map((t) => [t.label, t.count])).toEqual([
      ['cat', 2],
      ['dog', 2],
    ]);
    expect(imported.progress.at(-1)).toEqual({ filesDone: 4, filesTotal: 4 });
  });

  it('leaves out and lists, by row, each row whose image is missing, damaged, unsafe, ambiguous or not named', async () => {
    const twin = imageFile('set/other/a.png', pngHeader(8, 8), 50);
    const table = csv(
      'set/labels.csv',
      'file,label\nimages/a.png,cat\nnowhere.png,dog\nimages/bad.png,cat\n../../x.png,dog\na.png,cat\n,dog\nimages/b.png,dog\n',
    );
    const { meta } = valueOf((await importFiles([...images, twin, table])).result);
    expect(meta.rowCount).toBe(2);
    expect(meta.images!.skipped).toEqual([
      { path: 'nowhere.png', reason: 'row 3: not in the zip' },
      { path: 'images/bad.png', reason: 'row 4: a damaged file (the fake decoder says so)' },
      { path: '../../x.png', reason: expect.stringMatching(/^row 5: unsafe path .*; not read$/) },
      { path: 'a.png', reason: 'row 6: several files are named a.png: give its folder too' },
      { path: '(empty)', reason: 'row 7: no image file named' },
    ]);
  });

  it('fails with a sentence for a CSV that names no images, several CSVs, or a CSV that is not text', async () => {
    const noPaths = await importFiles([...images, csv('set/labels.csv', 'id,label\n1,cat\n2,dog\n')]);
    expect(errorOf(noPaths.result)).toMatch(
      /^set\/labels.csv names no image files: one of its columns should hold the images' paths/,
    );
    const two = await importFiles([
      ...images,
      csv('set/a.csv', 'f,l\na.png,x\n'),
      csv('set/b.tsv', 'f\tl\na.png\tx\n'),
    ]);
    expect(errorOf(two.result)).toBe(
      'The zip holds 2 CSV files (set/a.csv, set/b.tsv): keep only the one that names the images.',
    );
    const latin1: ImageFile = {
      path: 'set/labels.csv',
      read: async () => ({ ok: true, value: Uint8Array.from([0x66, 0x2c, 0x6c, 0x0a, 0xe9, 0x2c, 0x78, 0x0a]) }),
    };
    expect(errorOf((await importFiles([...images, latin1])).result)).toBe(
      'set/labels.csv is not UTF-8 text; save it as UTF-8 and try again.',
    );
    const headerOnly = await importFiles([...images, csv('set/labels.csv', 'file,label\n')]);
    expect(errorOf(headerOnly.result)).toBe('set/labels.csv: The file has a header row but no data rows.');
    expect(noPaths.chunks).toEqual([]);
  });

  it('fails with the reasons when no row has an image, writing nothing', async () => {
    const imported = await importFiles([...images, csv('labels.csv', 'file,label\nmissing.png,cat\n')]);
    expect(errorOf(imported.result)).toBe(
      'No image could be imported; the one file was skipped (missing.png: row 2: not in the zip).',
    );
    expect(imported.chunks).toEqual([]);
  });
});
