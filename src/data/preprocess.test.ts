import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from './import/csv';
import {
  applyPipeline,
  classIndices,
  completeRows,
  dataContextFor,
  dataContextFromMeta,
  fitPipeline,
  formatFloat32,
  isMissingCell,
  parseNumberCell,
  prepareTrainingData,
  transformRawRow,
  type FittedPipeline,
} from './preprocess';
import type { Result, StoredDataset } from './schema';

function dataset(text: string): StoredDataset {
  const result = parseCsvText(text, { id: 't', name: 't.csv', source: 'file', bytes: text.length, createdAt: 0 });
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected a value, got: ${result.error}`);
  return result.value;
}

function sample(file: string): StoredDataset {
  return dataset(readFileSync(new URL(`../../public/samples/${file}`, import.meta.url), 'utf8'));
}

/** Small enough to check by hand: rows 0–3 complete, row 4 lacks `size`. */
const TINY = 'size,color,label\n1,red,yes\n2,blue,no\n3,red,yes\n4,green,no\nNA,red,yes\n';
const rows = (...indices: number[]) => Uint32Array.from(indices);

describe('cells', () => {
  it('recognises missing markers and plain decimal numbers', () => {
    expect(['', ' ', 'NA', 'n/a', 'NaN', 'NULL', '?'].every(isMissingCell)).toBe(true);
    expect(isMissingCell('0')).toBe(false);
    expect(parseNumberCell(' -1.5e2 ')).toBe(-150);
    expect(parseNumberCell('.5')).toBe(0.5);
    expect(parseNumberCell('1e999')).toBeUndefined();
    expect(parseNumberCell('12abc')).toBeUndefined();
  });

  it('formats a float32 with the shortest text that reads back', () => {
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat32(1959)).toBe('1959');
    expect(Math.fround(Number(formatFloat32(Math.fround(123456789))))).toBe(Math.fround(123456789));
  });
});

describe('completeRows', () => {
  it('keeps rows with a value in every named column', () => {
    const tiny = dataset(TINY);
    expect(Array.from(completeRows(tiny.columns, ['size', 'color', 'label']))).toEqual([0, 1, 2, 3]);
    expect(Array.from(completeRows(tiny.columns, ['color']))).toEqual([0, 1, 2, 3, 4]);
    expect(() => completeRows(tiny.columns, ['nope'])).toThrow(RangeError);
  });
});

describe('fitPipeline', () => {
  it('standardizes numbers with train-row statistics and one-hot encodes categories', () => {
    const fitted = valueOf(fitPipeline(dataset(TINY), { target: 'label' }, rows(0, 1, 2)));
    // size over rows 0–2: mean 2, population std √(2/3).
    expect(fitted).toEqual({
      version: 1,
      features: [
        { kind: 'standardize', name: 'size', mean: expect.closeTo(2, 6), std: expect.closeTo(Math.sqrt(2 / 3), 6) },
        { kind: 'oneHot', name: 'color', categories: ['blue', 'green', 'red'] },
      ],
      target: { name: 'label', task: 'binary', labels: ['no', 'yes'] },
      inputSize: 4,
    });
  });

  it('does not let validation rows leak into the statistics', () => {
    const train = rows(0, 1, 2);
    const original = valueOf(fitPipeline(dataset(TINY), { target: 'label' }, train));
    // Row 3 is a validation row: change its value wildly, the fit must not move.
    const changed = valueOf(
      fitPipeline(dataset(TINY.replace('4,green,no', '4000,green,no')), { target: 'label' }, train),
    );
    expect(changed).toEqual(original);
    const all = valueOf(fitPipeline(dataset(TINY), { target: 'label' }, rows(0, 1, 2, 3)));
    expect(all.features[0]).not.toEqual(original.features[0]);
  });

  it('gives a constant column std 1', () => {
    const fitted = valueOf(fitPipeline(dataset('c,y\n5,a\n5,b\n5,a\n'), { target: 'y' }, rows(0, 1, 2)));
    expect(fitted.features[0]).toEqual({ kind: 'standardize', name: 'c', mean: 5, std: 1 });
  });

  it('is plain JSON', () => {
    const fitted = valueOf(fitPipeline(dataset(TINY), { target: 'label' }, rows(0, 1, 2)));
    expect(JSON.parse(JSON.stringify(fitted))).toEqual(fitted);
  });

  it('fails for an unknown target, a one-class target or no training rows', () => {
    expect(fitPipeline(dataset(TINY), { target: 'nope' }, rows(0))).toEqual({
      ok: false,
      error: 'The data set has no column "nope".',
    });
    expect(fitPipeline(dataset('a,b\n1,x\n2,x\n'), { target: 'b' }, rows(0, 1)).ok).toBe(false);
    expect(fitPipeline(dataset(TINY), { target: 'label' }, rows())).toEqual({
      ok: false,
      error: 'There are no training rows to learn from.',
    });
  });
});

describe('applyPipeline', () => {
  it('encodes rows as worked out by hand', () => {
    const tiny = dataset(TINY);
    const fitted = valueOf(fitPipeline(tiny, { target: 'label' }, rows(0, 1, 2)));
    const std = Math.sqrt(2 / 3);
    const encoded = valueOf(applyPipeline(fitted, tiny, rows(3, 1)));
    expect(encoded.count).toBe(2);
    // row 3: size 4, green, no;  row 1: size 2, blue, no
    const expected = [(4 - 2) / std, 0, 1, 0, 0, 1, 0, 0];
    Array.from(encoded.x).forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 5));
    expect(Array.from(encoded.y)).toEqual([0, 0]);
  });

  it('encodes categories never seen in training as all zeros, matching by text across data sets', () => {
    const fitted = valueOf(fitPipeline(dataset(TINY), { target: 'label' }, rows(0, 1, 2)));
    const other = dataset('size,color,label\n2,purple,yes\n2,red,no\n');
    const encoded = valueOf(applyPipeline(fitted, other, rows(0, 1)));
    expect(Array.from(encoded.x)).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(Array.from(encoded.y)).toEqual([1, 0]);
  });

  it('gives regression targets as values', () => {
    const data = dataset('x,y\n1,10\n2,20.5\n3,30\n');
    const fitted = valueOf(fitPipeline(data, { target: 'y' }, rows(0, 1, 2)));
    expect(Array.from(valueOf(applyPipeline(fitted, data, rows(1, 2))).y)).toEqual([20.5, 30]);
  });

  it('fails when a needed column is absent or holds the other kind of values', () => {
    const fitted = valueOf(fitPipeline(dataset(TINY), { target: 'label' }, rows(0, 1, 2)));
    expect(applyPipeline(fitted, dataset('color,label\nred,yes\n'), rows(0))).toEqual({
      ok: false,
      error: 'The data set has no column "size", which the model was trained on.',
    });
    expect(applyPipeline(fitted, dataset('size,color,label\nbig,red,yes\n'), rows(0))).toEqual({
      ok: false,
      error: 'Column "size" should hold numbers.',
    });
  });
});

describe('classIndices', () => {
  it('maps a numeric binary target through its labels, -1 for missing', () => {
    const data = dataset('x,y\n1,0.1\n2,0.7\n3,NA\n4,0.1\n');
    const y = data.columns[1]!;
    expect(Array.from(classIndices(y, ['0.1', '0.7']))).toEqual([0, 1, -1, 0]);
  });
});

describe('transformRawRow', () => {
  const fitted: FittedPipeline = valueOf(fitPipeline(dataset(TINY), { target: 'label' }, rows(0, 1, 2)));

  it('encodes text typed by a person like applyPipeline encodes stored rows', () => {
    const x = valueOf(transformRawRow(fitted, { size: ' 4 ', color: 'green' }));
    const fromStore = valueOf(applyPipeline(fitted, dataset(TINY), rows(3))).x;
    expect(Array.from(x)).toEqual(Array.from(fromStore));
  });

  it('encodes an unknown category as all zeros', () => {
    expect(Array.from(valueOf(transformRawRow(fitted, { size: '2', color: 'purple' })))).toEqual([0, 0, 0, 0]);
  });

  it('names the column when a number is missing or is not a number', () => {
    expect(transformRawRow(fitted, { size: 'big', color: 'red' })).toEqual({
      ok: false,
      error: '"size" must be a number; received "big".',
    });
    expect(transformRawRow(fitted, { size: 'NA', color: 'red' })).toEqual({
      ok: false,
      error: '"size" is missing: enter a number.',
    });
    expect(transformRawRow(fitted, { color: 'red' })).toEqual({ ok: false, error: 'No value for "size".' });
  });
});

describe('data contexts', () => {
  it.each([
    ['iris.csv', 'species', [4], 'multiclass'],
    ['us-macro.csv', 'unemp', [13], 'regression'],
    ['language-words.csv', 'language', undefined, 'multiclass'],
  ] as const)('%s → %s: the shapes from the meta equal what training builds', (file, target, shape, task) => {
    const data = sample(file);
    const fromMeta = valueOf(dataContextFromMeta(data.meta, target));
    const train = completeRows(data.columns, [target]);
    const fitted = dataContextFor(valueOf(fitPipeline(data, { target }, train.subarray(0, train.length >> 1))));
    expect(fromMeta).toEqual(fitted);
    expect(fromMeta.task).toBe(task);
    if (shape) expect(fromMeta.inputShape).toEqual(shape);
  });

  it('reports a target the meta does not have', () => {
    expect(dataContextFromMeta(dataset(TINY).meta, 'nope')).toEqual({
      ok: false,
      error: 'The data set has no column "nope".',
    });
  });
});

describe('prepareTrainingData', () => {
  it('iris: stratified 120/30 split, encoded', () => {
    const prepared = valueOf(prepareTrainingData(sample('iris.csv'), { target: 'species', seed: 42, validationFraction: 0.2 }));
    expect(prepared.train.count).toBe(120);
    expect(prepared.validation.count).toBe(30);
    expect(prepared.droppedRows).toBe(0);
    expect(prepared.train.x).toHaveLength(120 * 4);
    const perClass = [0, 1, 2].map((c) => prepared.validation.y.filter((y) => y === c).length);
    expect(perClass).toEqual([10, 10, 10]);
    // Standardized with training statistics: training features have mean ≈ 0.
    const firstFeature = Array.from({ length: 120 }, (_, i) => prepared.train.x[i * 4]!);
    expect(firstFeature.reduce((s, v) => s + v, 0) / 120).toBeCloseTo(0, 5);
  });

  it('drops incomplete rows and is reproducible by seed', () => {
    const config = { target: 'label', seed: 1, validationFraction: 0.25 };
    const first = valueOf(prepareTrainingData(dataset(TINY), config));
    expect(first.droppedRows).toBe(1);
    expect(first.train.count + first.validation.count).toBe(4);
    expect(valueOf(prepareTrainingData(dataset(TINY), config))).toEqual(first);
  });

  it('names the data-set row of each validation example', () => {
    const tiny = dataset(TINY);
    const prepared = valueOf(prepareTrainingData(tiny, { target: 'label', seed: 1, validationFraction: 0.5 }));
    expect(prepared.validationRows).toHaveLength(prepared.validation.count);
    // Row 4 is incomplete, so never held out; each example's encoded size is its row's, standardized.
    const size = tiny.columns[0]!;
    if (size.type !== 'numeric') throw new Error('size should be numeric');
    const { mean, std } = prepared.pipeline.features[0] as { mean: number; std: number };
    prepared.validationRows.forEach((row, i) => {
      expect(row).toBeLessThan(4);
      expect(prepared.validation.x[i * prepared.pipeline.inputSize]).toBeCloseTo((size.values[row]! - mean) / std, 6);
    });
  });

  it('says which column leaves no complete rows', () => {
    expect(prepareTrainingData(dataset('a,b,y\n1,,x\n2,,z\n'), { target: 'y', seed: 1, validationFraction: 0.2 })).toEqual({
      ok: false,
      error: 'No row has a value in every column; "b" is missing in 2 of 2 rows.',
    });
  });

  it('refuses a validation share of 1 or more', () => {
    expect(prepareTrainingData(dataset(TINY), { target: 'label', seed: 1, validationFraction: 1 }).ok).toBe(false);
  });
});
