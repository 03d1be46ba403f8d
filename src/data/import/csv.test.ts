import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/results';
import { createColumnAssembler } from '../chunks';
import { importFraction, type CsvImportProgress } from '../importProgress';
import type { ChunkColumns, ColumnSummary, StoredColumn, StoredDataset } from '../schema';
import {
  createColumnBuilder,
  importCsvBlob,
  parseCsvText,
  HISTOGRAM_BINS,
  UNIQUE_COUNT_CAP,
  type CsvImportOptions,
  type CsvOrigin,
} from './csv';

const origin: CsvOrigin = { id: 'test', name: 'test.csv', source: 'file', bytes: 0, createdAt: 0 };

function sample(file: string): string {
  return readFileSync(new URL(`../../../public/samples/${file}`, import.meta.url), 'utf8');
}

function parsed(text: string): StoredDataset {
  const result = parseCsvText(text, origin);
  if (!result.ok) throw new Error(`expected a data set, got: ${result.error}`);
  return result.value;
}

function summary(dataset: StoredDataset, name: string): ColumnSummary {
  return dataset.meta.columns.find((c) => c.name === name)!;
}

function column(dataset: StoredDataset, name: string): StoredColumn {
  return dataset.columns.find((c) => c.name === name)!;
}

describe('parseCsvText on the samples', () => {
  it('iris: four numeric features and a categorical species, with statistics', () => {
    const iris = parsed(sample('iris.csv'));
    expect(iris.meta.rowCount).toBe(150);
    expect(iris.meta.columns.map((c) => [c.name, c.type])).toEqual([
      ['sepal_length', 'numeric'],
      ['sepal_width', 'numeric'],
      ['petal_length', 'numeric'],
      ['petal_width', 'numeric'],
      ['species', 'categorical'],
    ]);
    const sepal = summary(iris, 'sepal_length');
    expect(sepal).toMatchObject({ missing: 0, unique: 35, min: 4.3, max: 7.9 });
    expect(sepal.mean).toBeCloseTo(5.8433, 4);
    expect(sepal.std).toBeCloseTo(0.8253, 4); // population std, as the standardizer uses
    expect(summary(iris, 'species')).toMatchObject({
      missing: 0,
      unique: 3,
      topValues: [
        { value: 'setosa', count: 50 },
        { value: 'versicolor', count: 50 },
        { value: 'virginica', count: 50 },
      ],
    });
    const values = column(iris, 'sepal_length');
    expect(values.type === 'numeric' && values.values).toBeInstanceOf(Float32Array);
    expect(values.type === 'numeric' && values.values[0]).toBeCloseTo(5.1, 6);
    const species = column(iris, 'species');
    expect(species.type === 'categorical' && species.vocabulary).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(species.type === 'categorical' && species.codes).toBeInstanceOf(Int32Array);
    expect(iris.meta.preview).toHaveLength(100);
    expect(iris.meta.preview[0]).toEqual(['5.1', '3.5', '1.4', '0.2', 'setosa']);
  });

  it('bins every numeric column into a histogram over its range', () => {
    const iris = parsed(sample('iris.csv'));
    const sepal = summary(iris, 'sepal_length');
    expect(sepal.histogram).toMatchObject({ min: 4.3, max: 7.9 });
    expect(sepal.histogram!.counts).toHaveLength(HISTOGRAM_BINS);
    expect(sepal.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(150);
    // 4.3 … 7.9 in 20 bins of 0.18: the two 4.3–4.4 flowers and the 4.5 one fall in the first bin, 7.9 in the last.
    const stored = column(iris, 'sepal_length');
    const values = stored.type === 'numeric' ? Array.from(stored.values) : [];
    expect(sepal.histogram!.counts[0]).toBe(values.filter((v) => v < 4.3 + 0.18).length);
    expect(sepal.histogram!.counts.at(-1)).toBe(values.filter((v) => v >= 4.3 + 19 * 0.18 - 1e-6).length);
    expect(summary(parsed('a,b\n5,x\n5,y\n'), 'a').histogram).toEqual({
      min: 5,
      max: 5,
      counts: [2, ...Array(HISTOGRAM_BINS - 1).fill(0)],
    });
  });

  it('us-macro: quoted header names, every column numeric', () => {
    const macro = parsed(sample('us-macro.csv'));
    expect(macro.meta.rowCount).toBe(203);
    expect(macro.meta.columns).toHaveLength(14);
    expect(macro.meta.columns.every((c) => c.type === 'numeric')).toBe(true);
    expect(macro.meta.columns[0]!.name).toBe('year');
    expect(summary(macro, 'year')).toMatchObject({ min: 1959, max: 2009, missing: 0, unique: 51 });
    expect(summary(macro, 'quarter').valueCounts).toEqual({ values: ['1', '2', '3', '4'], counts: [51, 51, 51, 50] });
    // More than 100 distinct values: no value list.
    expect(summary(macro, 'realgdp').valueCounts).toBeUndefined();
  });
});

describe('parseCsvText type inference', () => {
  it('treats empty, NA, N/A, NaN, null and ? as missing, keeping the column numeric', () => {
    const data = parsed('x,y\n1,a\n,b\nNA,c\nn/a,d\nNaN,e\nnull,f\n?,g\n2.5e1,h\n');
    expect(summary(data, 'x')).toMatchObject({ type: 'numeric', missing: 6, unique: 2, min: 1, max: 25, mean: 13 });
    const x = column(data, 'x');
    expect(x.type === 'numeric' && Array.from(x.values)).toEqual([1, NaN, NaN, NaN, NaN, NaN, NaN, 25]);
  });

  it('makes a column with any non-number categorical, with a sorted vocabulary', () => {
    const data = parsed('x,y\n3,b\nfew,a\n3,?\n10,b\n');
    const x = column(data, 'x');
    expect(x.type).toBe('categorical');
    expect(x.type === 'categorical' && x.vocabulary).toEqual(['10', '3', 'few']);
    expect(x.type === 'categorical' && Array.from(x.codes)).toEqual([1, 2, 1, 0]);
    const y = column(data, 'y');
    expect(y.type === 'categorical' && Array.from(y.codes)).toEqual([1, 0, -1, 1]);
    expect(summary(data, 'y')).toMatchObject({
      missing: 1,
      unique: 2,
      topValues: [
        { value: 'b', count: 2 },
        { value: 'a', count: 1 },
      ],
    });
  });

  it('does not read hexadecimal or thousands separators as numbers', () => {
    const data = parsed('a,c,d\n0x10,"1,000",1\n');
    expect(data.meta.columns.map((c) => c.type)).toEqual(['categorical', 'categorical', 'numeric']);
  });

  it('takes NaN, infinities, NA, N/A, ? and - in a numeric column for missing values, counted', () => {
    const markers = ['NaN', 'nan', 'Infinity', '-Infinity', 'inf', '-inf', 'NA', 'N/A', '?', '-', ''];
    const data = parsed(`x,sign\n1,+\n${markers.map((m) => `${m},-`).join('\n')}\n3,+\n`);
    expect(summary(data, 'x')).toMatchObject({ type: 'numeric', missing: markers.length, mean: 2 });
    expect(summary(data, 'x').textAmongNumbers).toBeUndefined();
    const x = column(data, 'x');
    expect(x.type === 'numeric' && Array.from(x.values).filter(Number.isNaN)).toHaveLength(markers.length);
    // A dash among words is a category.
    expect(summary(data, 'sign')).toMatchObject({ type: 'categorical', unique: 2, missing: 0 });
  });

  it('reads a first row of numbers as data, names the columns column_1…, and says so', () => {
    const data = parsed('5.1,3.5,1\n4.9,3.0,0\n6.2,2.9,1\n');
    expect(data.meta.columns.map((c) => c.name)).toEqual(['column_1', 'column_2', 'column_3']);
    expect(data.meta.rowCount).toBe(3);
    expect(data.meta.firstRowIsHeader).toBe(false);
    expect(data.meta.readingNotes).toEqual([
      'The first row holds numbers, not column names: it was read as data, and the columns were named column_1 to column_3.',
    ]);
    expect(summary(data, 'column_1')).toMatchObject({ type: 'numeric', mean: expect.closeTo(5.4, 5) });
    // A header of names is a header.
    expect(parsed('a,b\n1,2\n').meta).toMatchObject({ firstRowIsHeader: true, rowCount: 1 });
  });

  it('takes the person’s word on the first row over the detection, both ways', () => {
    const years = parseCsvText('2019,2020\n1,2\n3,4\n', origin, { firstRowIsHeader: true });
    expect(years.ok && years.value.meta).toMatchObject({
      firstRowIsHeader: true,
      rowCount: 2,
      columns: [{ name: '2019' }, { name: '2020' }],
    });
    expect(years.ok && years.value.meta.readingNotes).toBeUndefined();
    const data = parseCsvText('a,b\n1,2\n', origin, { firstRowIsHeader: false });
    expect(data.ok && data.value.meta).toMatchObject({
      firstRowIsHeader: false,
      rowCount: 2,
      columns: [{ name: 'column_1', type: 'categorical' }, { name: 'column_2' }],
    });
    expect(data.ok && data.value.meta.readingNotes).toBeUndefined();
  });

  it('reads decimal commas where the delimiter is not a comma, thousands dots too', () => {
    const data = parsed('price;city;count\n1,5;Köln;1.234,5\n-0,25;Wien;3\n2;Graz;12\n');
    expect(data.meta.columns.map((c) => c.type)).toEqual(['numeric', 'categorical', 'numeric']);
    const price = column(data, 'price');
    expect(price.type === 'numeric' && Array.from(price.values)).toEqual([1.5, -0.25, 2]);
    const count = column(data, 'count');
    expect(count.type === 'numeric' && Array.from(count.values)).toEqual([1234.5, 3, 12]);
    expect(data.meta.readingNotes).toEqual(['Numbers with a decimal comma (1,5) were read as 1.5.']);
    // With commas as the delimiter, a quoted "1,5" stays text, and nothing is said.
    const commas = parsed('a,b\n"1,5",x\n"2,5",y\n');
    expect(summary(commas, 'a').type).toBe('categorical');
    expect(commas.meta.readingNotes).toBeUndefined();
  });

  it('names the rows where text sits among numbers, with examples, and only then', () => {
    const rows = Array.from({ length: 20 }, (_, i) => (i === 4 ? 'twelve' : i === 9 || i === 15 ? '12 kg' : String(i)));
    const data = parsed(`w,label\n${rows.map((w, i) => `${w},${i % 2}`).join('\n')}\n`);
    expect(summary(data, 'w')).toMatchObject({
      type: 'categorical',
      // Spreadsheet numbering: the header is row 1, so data row i is row i + 2.
      textAmongNumbers: { count: 3, rows: [6, 11, 17], examples: ['twelve', '12 kg'] },
    });
    const words = parsed('w,label\nred,1\n2,0\nblue,1\n');
    expect(summary(words, 'w').textAmongNumbers).toBeUndefined();
    expect(summary(parsed('w,label\n1,1\n2,0\n'), 'w').textAmongNumbers).toBeUndefined();
  });

  it('marks a column whose every value names an image file as image paths, and no other', () => {
    const data = parsed(
      'file,other,label\nimages/a.PNG,a.png,x\nb.jpeg,notes.txt,y\n,c.gif,x\nimages/c.webp,d.bmp,y\n',
    );
    expect(summary(data, 'file')).toMatchObject({ type: 'categorical', imagePaths: true, missing: 1 });
    expect(summary(data, 'other').imagePaths).toBeUndefined();
    expect(summary(data, 'label').imagePaths).toBeUndefined();
  });

  it('lists at most ten top values, most frequent first', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `v${String(i).padStart(2, '0')},${i}`);
    const text = `k,n\n${rows.join('\n')}\nv05,1\n`;
    const top = summary(parsed(text), 'k').topValues!;
    expect(top).toHaveLength(10);
    expect(top[0]).toEqual({ value: 'v05', count: 2 });
  });
});

describe('parseCsvText format handling', () => {
  it('keeps commas inside quoted fields', () => {
    const data = parsed('name,score\n"Smith, Jane",3\n"O\'Neil, ""Sam""",4\n');
    const name = column(data, 'name');
    expect(name.type === 'categorical' && name.vocabulary).toEqual(['O\'Neil, "Sam"', 'Smith, Jane']);
  });

  it('drops a byte-order mark before the header', () => {
    const data = parsed('\uFEFFa,b\n1,2\n');
    expect(data.meta.columns.map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('detects semicolons and tabs as delimiters', () => {
    expect(parsed('a;b\n1;2\n3;4\n').meta.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(parsed('a\tb\n1\t2\n').meta.columns.map((c) => c.type)).toEqual(['numeric', 'numeric']);
  });

  it('skips blank lines and reads CRLF line ends', () => {
    const data = parsed('a,b\r\n1,2\r\n\r\n   \r\n3,4\r\n');
    expect(data.meta.rowCount).toBe(2);
    expect(summary(data, 'a')).toMatchObject({ min: 1, max: 3 });
  });

  it('copies the origin into the meta', () => {
    const data = parseCsvText('a,b\n1,2\n', { id: 'sample:x', name: 'X', source: 'sample', bytes: 8, createdAt: 5 });
    expect(data.ok && data.value.meta).toMatchObject({
      id: 'sample:x',
      name: 'X',
      source: 'sample',
      bytes: 8,
      createdAt: 5,
    });
  });

  it('previews at most 100 rows', () => {
    const text = `a,b\n${Array.from({ length: 250 }, (_, i) => `${i},${i % 2}`).join('\n')}`;
    const data = parsed(text);
    expect(data.meta.rowCount).toBe(250);
    expect(data.meta.preview).toHaveLength(100);
  });

  it('previews fewer rows of a wide table: 4 of a 5,000-column one', () => {
    const header = Array.from({ length: 5_000 }, (_, c) => `column_${c}`).join(',');
    const rows = Array.from({ length: 10 }, (_, r) => Array.from({ length: 5_000 }, (_, c) => r + c).join(','));
    const data = parsed([header, ...rows].join('\n'));
    expect(data.meta.rowCount).toBe(10);
    expect(data.meta.preview).toHaveLength(4);
    expect(data.meta.preview[3]![4_999]).toBe(String(3 + 4_999));
  });
});

describe('parseCsvText errors', () => {
  it('an empty file', () => {
    expect(errorOf(parseCsvText('', origin))).toBe('The file is empty.');
    expect(errorOf(parseCsvText('\uFEFF\n \n', origin))).toBe('The file is empty.');
  });

  it('a header without data rows', () => {
    expect(errorOf(parseCsvText('a,b\n\n', origin))).toBe('The file has a header row but no data rows.');
  });

  it('a single column', () => {
    expect(errorOf(parseCsvText('a\n1\n2\n', origin))).toMatch(
      /single column \("a"\); it needs at least two columns: features and a target/,
    );
  });

  it('binary content', () => {
    expect(errorOf(parseCsvText('PK\u0003\u0004\0\0\0binary', origin))).toBe(
      'This does not look like a CSV text file (it holds binary data).',
    );
    const garbled = 'a,b\n' + '\uFFFD\u0001\u0002'.repeat(50);
    expect(errorOf(parseCsvText(garbled, origin))).toBe(
      'This does not look like a CSV text file (it holds binary data).',
    );
  });

  it('ragged rows, numbered as in a spreadsheet (the header is row 1, blank lines count)', () => {
    const text = 'a,b,c\n1,2,3\n1,2\n\n1,2,3,4\n1,2,3\n1\n1\n1\n';
    expect(errorOf(parseCsvText(text, origin))).toBe(
      'Every row needs 3 fields, like the header, but row 3 has 2, row 5 has 4, row 7 has 1 (and 2 more rows).',
    );
  });

  it('duplicate and empty header names', () => {
    expect(errorOf(parseCsvText('a,b,a\n1,2,3\n', origin))).toBe(
      'The header names "a" twice (columns 1 and 3); every column needs its own name.',
    );
    expect(errorOf(parseCsvText('a,,c\n1,2,3\n', origin))).toBe(
      'Column 2 has no name in the header row; every column needs one.',
    );
  });

  it('an unclosed quote, with its row', () => {
    expect(errorOf(parseCsvText('a,b\n1,2\n3,"oops\n5,6\n', origin))).toBe(
      'Row 3 has a quote (") that is not closed properly.',
    );
  });
});

describe('importCsvBlob', () => {
  /** Streams `blob` with small reads and chunks, keeping chunks in memory, and assembles them as storage does. */
  async function streamed(blob: Blob, options: Partial<CsvImportOptions> = {}) {
    const chunks: ChunkColumns[] = [];
    const progress: CsvImportProgress[] = [];
    const result = await importCsvBlob(blob, {
      origin: { id: origin.id, name: origin.name, source: origin.source, createdAt: origin.createdAt },
      writeChunk: async (index, chunk) => {
        expect(index).toBe(chunks.length);
        chunks.push(chunk);
        return { ok: true, value: undefined };
      },
      onProgress: (p) => progress.push(p),
      ...options,
    });
    const dataset = (): StoredDataset => {
      if (!result.ok) throw new Error(`expected a data set, got: ${result.error}`);
      const assembler = createColumnAssembler(result.value.layout, result.value.meta.rowCount);
      chunks.forEach((chunk, index) => expect(assembler.add(index, chunk)).toBe(true));
      return { meta: result.value.meta, columns: assembler.columns() };
    };
    return { result, chunks, progress, dataset };
  }

  const textOrigin = (bytes: number): CsvOrigin => ({ ...origin, bytes });

  it.each(['iris.csv', 'us-macro.csv'])('gives %s the same data set as parsing its text whole', async (file) => {
    const bytes = readFileSync(new URL(`../../../public/samples/${file}`, import.meta.url));
    const whole = parseCsvText(bytes.toString('utf8'), textOrigin(bytes.length));
    const { dataset, chunks } = await streamed(new Blob([bytes]), { readBytes: 97, chunkRows: 16 });
    expect(chunks.length).toBeGreaterThan(5);
    expect(dataset()).toEqual(whole.ok && whole.value);
  });

  it('cuts rows into chunks: three full chunks and a partial one round-trip exactly', async () => {
    const rows = Array.from({ length: 14 }, (_, i) => `${i * 0.5},${['b', 'a', 'c'][i % 3]},${i % 4 === 0 ? 'NA' : i}`);
    const text = `x,label,y\n${rows.join('\n')}\n`;
    const { dataset, chunks } = await streamed(new Blob([text]), { chunkRows: 4, readBytes: 7 });
    expect(chunks.map((chunk) => chunk.map((column) => column.length))).toEqual([
      [4, 4, 4],
      [4, 4, 4],
      [4, 4, 4],
      [2, 2, 2],
    ]);
    // Codes in chunks are in order of appearance (b, a, c); assembled ones index the sorted vocabulary.
    expect(Array.from(chunks[0]![1]!)).toEqual([0, 1, 2, 0]);
    const whole = parseCsvText(text, textOrigin(text.length));
    expect(dataset()).toEqual(whole.ok && whole.value);
    const label = dataset().columns[1]!;
    expect(label.type === 'categorical' && Array.from(label.codes.slice(0, 4))).toEqual([1, 0, 2, 1]);
  });

  it('reports progress in order, each pass ending at the total', async () => {
    const bytes = readFileSync(new URL('../../../public/samples/us-macro.csv', import.meta.url));
    const { progress } = await streamed(new Blob([bytes]), { readBytes: 1000 });
    const fractions = progress.map(importFraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(progress.every((p) => p.totalBytes === bytes.length)).toBe(true);
    expect(progress.filter((p) => p.pass === 1).at(-1)?.bytesRead).toBe(bytes.length);
    expect(progress.at(-1)).toEqual({ pass: 2, bytesRead: bytes.length, totalBytes: bytes.length });
    expect(fractions.at(-1)).toBe(1);
  });

  it('parses any CSV the same in pieces of any size as whole: quotes, CRLF, lone CR, blank lines, BOM, multi-byte text', async () => {
    const cell = fc.oneof(
      fc.constantFrom('', 'NA', '1', '-2.5', '1e3', 'x', 'é', '日本', '🙂', ' y '),
      fc
        .string({ unit: fc.constantFrom('a', '"', ',', '\n', '\r\n', ' ', 'é'), maxLength: 6 })
        .map((s) => `"${s.replaceAll('"', '""')}"`),
    );
    const csv = fc.record({
      rows: fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 12 }),
      newline: fc.constantFrom('\n', '\r\n', '\r'),
      bom: fc.boolean(),
      blankAfter: fc.nat(12),
    });
    await fc.assert(
      fc.asyncProperty(
        csv,
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 5 }),
        async ({ rows, newline, bom, blankAfter }, readBytes, chunkRows) => {
          const lines = ['a,b,c', ...rows.map((row) => row.join(','))];
          lines.splice(Math.min(blankAfter, lines.length - 1) + 1, 0, '');
          const text = (bom ? '\uFEFF' : '') + lines.join(newline) + newline;
          const bytes = new TextEncoder().encode(text);
          const whole = parseCsvText(text, textOrigin(bytes.length));
          const { result, dataset } = await streamed(new Blob([bytes]), { readBytes, chunkRows });
          if (!whole.ok) expect(result).toEqual(whole);
          else expect(dataset()).toEqual(whole.value);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('decodes UTF-8 and refuses other encodings, also past the first read', async () => {
    const utf8 = await streamed(new Blob(['a,é\n1,日本\n']), { readBytes: 1 });
    expect(utf8.dataset().meta.preview).toEqual([['1', '日本']]);
    const latin1 = Uint8Array.from([0x61, 0x2c, 0xe9, 0x0a, 0x31, 0x2c, 0x32, 0x0a]); // "a,é\n1,2\n" in Latin-1
    expect(errorOf((await streamed(new Blob([latin1]))).result)).toMatch(/^The file is not UTF-8 text/);
    const lateLatin1 = new Uint8Array([
      ...new TextEncoder().encode(`a,b\n${'1,2\n'.repeat(100)}`),
      0xe9,
      0x2c,
      0x31,
      0x0a,
    ]);
    expect(errorOf((await streamed(new Blob([lateLatin1]), { readBytes: 64 })).result)).toMatch(
      /^The file is not UTF-8 text/,
    );
  });

  it('decodes UTF-16 with its byte-order mark, little- and big-endian, also split mid-character', async () => {
    const text = 'name;größe\nÄpfel;1,5\n日本;2\n';
    const units = Array.from(text, (char) => char.charCodeAt(0));
    const littleEndian = Uint8Array.from([0xff, 0xfe, ...units.flatMap((unit) => [unit & 0xff, unit >> 8])]);
    const bigEndian = Uint8Array.from([0xfe, 0xff, ...units.flatMap((unit) => [unit >> 8, unit & 0xff])]);
    for (const bytes of [littleEndian, bigEndian]) {
      const { dataset } = await streamed(new Blob([bytes]), { readBytes: 3 });
      expect(dataset().meta.columns.map((c) => c.name)).toEqual(['name', 'größe']);
      expect(dataset().meta.preview).toEqual([
        ['Äpfel', '1.5'],
        ['日本', '2'],
      ]);
    }
  });

  it('says to save UTF-16 without a byte-order mark as UTF-8, rather than calling it binary', async () => {
    const units = Array.from('a,b\n1,2\n3,4\n', (char) => char.charCodeAt(0));
    const bytes = Uint8Array.from(units.flatMap((unit) => [unit, 0]));
    expect(errorOf((await streamed(new Blob([bytes]))).result)).toBe(
      'The file is UTF-16 text without a byte-order mark. Save it as "CSV UTF-8" and import it again.',
    );
  });

  it('splits rows at a lone CR split from its LF across reads, and at old-Mac CRs', async () => {
    const text = 'a,b\r\n1,2\r3,4\n5,6\r\n';
    for (const readBytes of [1, 2, 3, 5, 64]) {
      const { dataset } = await streamed(new Blob([text]), { readBytes });
      expect(dataset().meta.rowCount).toBe(3);
      expect(dataset().meta.preview).toEqual([
        ['1', '2'],
        ['3', '4'],
        ['5', '6'],
      ]);
    }
  });

  it('names binary content for what it is, even when it is not valid UTF-8', async () => {
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0xfe,
    ]);
    expect(errorOf((await streamed(new Blob([png]))).result)).toMatch(/does not look like a CSV text file/);
  });

  it('refuses a bad file in pass 1, before writing anything', async () => {
    const { result, chunks, progress } = await streamed(new Blob(['a,b\n1,2\n3\n']));
    expect(errorOf(result)).toBe('Every row needs 2 fields, like the header, but row 3 has 1.');
    expect(chunks).toEqual([]);
    expect(progress.every((p) => p.pass === 1)).toBe(true);
  });

  it('stops at an unclosed quote that never ends, without holding the rest of the file', async () => {
    const text = `a,b\n1,2\n3,"${'x'.repeat(9 * 2 ** 20)}`;
    expect(errorOf((await streamed(new Blob([text]))).result)).toBe(
      'Row 3 has a quote (") that is not closed properly.',
    );
  });

  it('passes on a failure to store a chunk', async () => {
    const full = { ok: false as const, error: "The browser's storage for this site is full." };
    const result = await importCsvBlob(new Blob(['a,b\n1,2\n']), { origin, writeChunk: async () => full });
    expect(result).toEqual(full);
  });
});

describe('column builders', () => {
  it('cut cells into chunks and summarise all of them', () => {
    const builder = createColumnBuilder('x', 'numeric', 2);
    const chunks = [];
    for (const cell of ['1', '2', '3', '4', '5']) {
      builder.push(cell);
      if (cell === '2' || cell === '4') chunks.push(builder.takeChunk());
    }
    chunks.push(builder.takeChunk());
    expect(chunks.map((chunk) => Array.from(chunk))).toEqual([[1, 2], [3, 4], [5]]);
    expect(builder.finish().summary).toMatchObject({ unique: 5, mean: 3, std: Math.sqrt(2) });
  });

  it('count distinct numbers as the stored float32 values, labelled with their shortest text', () => {
    const builder = createColumnBuilder('x', 'numeric', 4);
    for (const cell of ['0.1', '0.10', '0.2', ' 0.1 ']) builder.push(cell);
    expect(builder.finish().summary.valueCounts).toEqual({ values: ['0.1', '0.2'], counts: [3, 1] });
  });

  it(`count at most ${UNIQUE_COUNT_CAP} distinct numbers, and say so`, () => {
    const builder = createColumnBuilder('x', 'numeric', UNIQUE_COUNT_CAP + 1);
    for (let i = 0; i <= UNIQUE_COUNT_CAP; i++) builder.push(String(i));
    const { summary } = builder.finish();
    expect(summary).toMatchObject({
      unique: UNIQUE_COUNT_CAP,
      uniqueIsLowerBound: true,
      min: 0,
      max: UNIQUE_COUNT_CAP,
    });
    expect(summary.valueCounts).toBeUndefined();
  });
});
