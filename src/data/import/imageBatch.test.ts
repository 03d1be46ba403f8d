import { describe, expect, it } from 'vitest';
import { fakeImageBytes, fakeImageDecoder } from '../../test/fakeImageDecoder';
import { pngHeader } from '../../test/imageHeaders';
import { errorOf, valueOf } from '../../test/results';
import type { ImageFile } from './imageColumn';
import { readImageBatch } from './imageBatch';

function png(path: string, grey: number): ImageFile {
  const bytes = fakeImageBytes(pngHeader(4, 4), grey);
  return { path, read: async () => ({ ok: true, value: bytes }) };
}

const GRAY_2X2 = { height: 2, width: 2, channels: 1 };
const CLASSES = ['cat', 'dog'];

describe('readImageBatch', () => {
  it('resizes every image to the model input, in the channels it reads', async () => {
    const gray = valueOf(
      await readImageBatch([png('a.png', 7), png('b.png', 9)], GRAY_2X2, CLASSES, fakeImageDecoder(), 'folder'),
    );
    expect(gray).toMatchObject({ count: 2, channels: 1, imageBytes: 4, notes: [] });
    expect([...gray.pixels]).toEqual([7, 7, 7, 7, 9, 9, 9, 9]);
    // The sizes the files came in, before resizing.
    expect(gray.sourceSizes).toEqual(['4×4', '4×4']);
    const rgb = valueOf(
      await readImageBatch([png('a.png', 7)], { height: 1, width: 1, channels: 3 }, CLASSES, fakeImageDecoder(), 'zip'),
    );
    expect([...rgb.pixels]).toEqual([7, 7, 7]);
  });

  it('has no labels for loose files or a single folder of them', async () => {
    for (const paths of [
      ['a.png', 'b.png'],
      ['june/a.png', 'june/b.png'],
    ]) {
      const batch = valueOf(
        await readImageBatch(
          paths.map((path) => png(path, 5)),
          GRAY_2X2,
          CLASSES,
          fakeImageDecoder(),
          'zip',
        ),
      );
      expect(batch.labels).toBeUndefined();
      expect(batch.count).toBe(2);
    }
  });

  it("labels images in folders named after the model's classes, and names the folders that are not", async () => {
    const files = [png('june/cat/1.png', 5), png('june/owl/2.png', 5), png('june/dog/3.png', 5)];
    const batch = valueOf(await readImageBatch(files, GRAY_2X2, CLASSES, fakeImageDecoder(), 'zip'));
    expect(batch.labels).toEqual(['cat', undefined, 'dog']);
    expect(batch.notes).toEqual([
      "Folders not named after one of the model's classes (owl): their images are checked for drift, not for accuracy.",
    ]);
  });

  it('leaves out and counts what it cannot read, keeping each label with its image', async () => {
    const files = [png('cat/1.png', 0), png('../x.png', 5), png('dog/2.png', 8), png('.DS_Store', 1)];
    const batch = valueOf(await readImageBatch(files, GRAY_2X2, CLASSES, fakeImageDecoder(), 'folder'));
    expect(batch.count).toBe(1);
    expect(batch.labels).toEqual(['dog']);
    expect(batch.notes).toEqual([
      expect.stringMatching(/^2 files could not be read and were left out \(\.\.\/x\.png: unsafe path/),
    ]);
  });

  it('fails with a sentence when nothing is an image', async () => {
    expect(errorOf(await readImageBatch([png('.DS_Store', 1)], GRAY_2X2, CLASSES, fakeImageDecoder(), 'zip'))).toBe(
      'The zip holds no files.',
    );
    expect(errorOf(await readImageBatch([png('a.png', 0)], GRAY_2X2, CLASSES, fakeImageDecoder(), 'folder'))).toMatch(
      /^No image could be imported; the one file was skipped \(a\.png: a damaged file/,
    );
  });
});
