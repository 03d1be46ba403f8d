import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { errorOf, valueOf } from '../../test/results';
import { MAX_ENTRY_BYTES, readZipEntries } from './zip';

const FILES = {
  'animals/cats/a.txt': strToU8('meow '.repeat(100)),
  'animals/dogs/b.bin': Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251),
  'animals/empty.txt': new Uint8Array(0),
};

describe('readZipEntries', () => {
  it('lists the entries from the central directory and reads each one, deflated or stored', async () => {
    for (const level of [0, 6] as const) {
      const zip = zipSync(FILES, { level, comment: 'a comment moves the end record' });
      const entries = valueOf(await readZipEntries(new Blob([zip])));
      expect(entries.map((entry) => [entry.path, entry.size])).toEqual(
        Object.entries(FILES).map(([path, bytes]) => [path, bytes.length]),
      );
      for (const entry of entries) expect(valueOf(await entry.read())).toEqual(FILES[entry.path as keyof typeof FILES]);
    }
  });

  it('keeps names as stored, unsafe ones included: the importer decides', async () => {
    const zip = zipSync({ '../../x.png': new Uint8Array([1]), 'dir/': new Uint8Array(0) });
    expect(valueOf(await readZipEntries(new Blob([zip]))).map((entry) => entry.path)).toEqual(['../../x.png', 'dir/']);
  });

  it('tells a file that is not a zip from a zip cut short', async () => {
    const zip = zipSync(FILES);
    expect(errorOf(await readZipEntries(new Blob(['label,x\ncat,1\n'])))).toBe('This file is not a zip archive.');
    expect(errorOf(await readZipEntries(new Blob([])))).toBe('This file is not a zip archive.');
    for (const keep of [0.5, 0.99]) {
      expect(errorOf(await readZipEntries(new Blob([zip.subarray(0, Math.floor(zip.length * keep))])))).toMatch(
        /incomplete/,
      );
    }
    expect(errorOf(await readZipEntries(new Blob([zipSync({})])))).toBe('The zip archive is empty.');
  });

  it('refuses to read an entry whose data is damaged, without failing the others', async () => {
    const zip = zipSync(FILES, { level: 6 });
    // The first entry's deflated data starts after its 30-byte local header and its name.
    const damaged = zip.slice();
    damaged.fill(0xff, 30 + 'animals/cats/a.txt'.length, 30 + 'animals/cats/a.txt'.length + 8);
    const entries = valueOf(await readZipEntries(new Blob([damaged])));
    expect(errorOf(await entries[0]!.read())).toMatch(/could not be unzipped/);
    expect(valueOf(await entries[1]!.read())).toEqual(FILES['animals/dogs/b.bin']);
  });

  it('refuses an entry that says it inflates beyond the limit, before reading it', async () => {
    const zip = zipSync({ 'big.bin': new Uint8Array(10) }, { level: 0 });
    const view = new DataView(zip.buffer);
    // The central directory header's uncompressed size (offset 24) of the only entry.
    const central = zip.length - 22 - 46 - 'big.bin'.length;
    view.setUint32(central + 24, MAX_ENTRY_BYTES + 1, true);
    const [entry] = valueOf(await readZipEntries(new Blob([zip])));
    expect(errorOf(await entry!.read())).toMatch(/over 64 MB/);
  });
});
