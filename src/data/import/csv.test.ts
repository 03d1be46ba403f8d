import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ColumnSummary, Result, StoredColumn, StoredDataset } from '../schema';
import { createColumnBuilder, decodeCsvBytes, parseCsvText, type CsvOrigin } from './csv';

const origin: CsvOrigin = { id: 'test', name: 'test.csv', source: 'file', bytes: 0, createdAt: 0 };

function sample(file: string): string {
  return readFileSync(new URL(`../../../public/samples/${file}`, import.meta.url), 'utf8');
}

function parsed(text: string): StoredDataset {
  const result = parseCsvText(text, origin);
  if (!result.ok) throw new Error(`expected a data set, got: ${result.error}`);
  return result.value;
}

function errorOf(result: Result<unknown>): string {
  if (result.ok) throw new Error('expected an error');
  return result.error;
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

  it('us-macro: quoted header names, every column numeric', () => {
    const macro = parsed(sample('us-macro.csv'));
    expect(macro.meta.rowCount).toBe(203);
    expect(macro.meta.columns).toHaveLength(14);
    expect(macro.meta.columns.every((c) => c.type === 'numeric')).toBe(true);
    expect(macro.meta.columns[0]!.name).toBe('year');
    expect(summary(macro, 'year')).toMatchObject({ min: 1959, max: 2009, missing: 0, unique: 51 });
    expect(summary(macro, 'quarter').valueCounts).toEqual([
      { value: '1', count: 51 },
      { value: '2', count: 51 },
      { value: '3', count: 51 },
      { value: '4', count: 50 },
    ]);
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
    expect(summary(data, 'y')).toMatchObject({ missing: 1, unique: 2, topValues: [{ value: 'b', count: 2 }, { value: 'a', count: 1 }] });
  });

  it('does not read hexadecimal, infinities or thousands separators as numbers', () => {
    const data = parsed('a,b,c,d\n0x10,Infinity,"1,000",1\n');
    expect(data.meta.columns.map((c) => c.type)).toEqual(['categorical', 'categorical', 'categorical', 'numeric']);
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
    expect(data.ok && data.value.meta).toMatchObject({ id: 'sample:x', name: 'X', source: 'sample', bytes: 8, createdAt: 5 });
  });

  it('previews at most 100 rows', () => {
    const text = `a,b\n${Array.from({ length: 250 }, (_, i) => `${i},${i % 2}`).join('\n')}`;
    const data = parsed(text);
    expect(data.meta.rowCount).toBe(250);
    expect(data.meta.preview).toHaveLength(100);
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
    expect(errorOf(parseCsvText('PK\u0003\u0004\0\0\0binary', origin))).toBe('This does not look like a CSV text file (it holds binary data).');
    const garbled = 'a,b\n' + '\uFFFD\u0001\u0002'.repeat(50);
    expect(errorOf(parseCsvText(garbled, origin))).toBe('This does not look like a CSV text file (it holds binary data).');
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

describe('decodeCsvBytes', () => {
  it('decodes UTF-8 and refuses other encodings', () => {
    expect(decodeCsvBytes(new TextEncoder().encode('a,é\n'))).toEqual({ ok: true, value: 'a,é\n' });
    const latin1 = Uint8Array.from([0x61, 0x2c, 0xe9, 0x0a]); // "a,é\n" in Latin-1
    expect(errorOf(decodeCsvBytes(latin1))).toMatch(/^The file is not UTF-8 text/);
  });

  it('names binary content for what it is, even when it is not valid UTF-8', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0xfe]);
    expect(errorOf(decodeCsvBytes(png))).toMatch(/does not look like a CSV text file/);
    expect(errorOf(decodeCsvBytes(png.buffer))).toMatch(/does not look like a CSV text file/);
  });
});

describe('column builders', () => {
  it('grow past the expected row count', () => {
    const builder = createColumnBuilder('x', 'numeric', 1);
    for (const cell of ['1', '2', '3', '4', '5']) builder.push(cell);
    const { column, summary: s } = builder.finish();
    expect(column.type === 'numeric' && Array.from(column.values)).toEqual([1, 2, 3, 4, 5]);
    expect(s).toMatchObject({ unique: 5, mean: 3, std: Math.sqrt(2) });
  });

  it('count distinct numbers as the stored float32 values, labelled with their shortest text', () => {
    const builder = createColumnBuilder('x', 'numeric', 4);
    for (const cell of ['0.1', '0.10', '0.2', ' 0.1 ']) builder.push(cell);
    expect(builder.finish().summary.valueCounts).toEqual([
      { value: '0.1', count: 3 },
      { value: '0.2', count: 1 },
    ]);
  });
});
