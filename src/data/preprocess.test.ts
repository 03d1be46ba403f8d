import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Result } from '../model/result';
import { errorOf } from '../test/results';
import { parseCsvText } from './import/csv';
import { formatFloat32, isMissingCell, parseNumberCell } from './cells';
import {
  applyPipeline,
  classIndices,
  dataContextFor,
  dataContextFromMeta,
  fitPipeline,
  prepareTrainingData,
  targetToOriginal,
  transformImage,
  transformRawRow,
  type FittedPipeline,
  type SplitConfig,
} from './preprocess';
import type { ColumnChoice, StoredDataset } from './schema';

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

const defaults = (target: string, columns: readonly ColumnChoice[] = []) => ({ target, columns });
const numericFeature = (fitted: FittedPipeline, name: string) => {
  const feature = fitted.features.find((f) => f.name === name);
  if (feature?.kind !== 'numeric') throw new Error(`${name} is not a numeric feature`);
  return feature;
};

describe('fitPipeline', () => {
  it('standardizes numbers and one-hot encodes categories with train-row statistics, filling missing cells by default', () => {
    const fitted = valueOf(fitPipeline(dataset(TINY), defaults('label'), rows(0, 1, 2)));
    // size over rows 0–2: mean 2, population std √(2/3); color over rows 0–2: red twice.
    expect(fitted).toEqual({
      version: 2,
      features: [
        {
          kind: 'numeric',
          name: 'size',
          fill: expect.closeTo(2, 6),
          log1p: false,
          shift: expect.closeTo(2, 6),
          divisor: expect.closeTo(Math.sqrt(2 / 3), 6),
        },
        { kind: 'oneHot', name: 'color', categories: ['blue', 'green', 'red'], fill: 'red' },
      ],
      target: { name: 'label', task: 'binary', labels: ['no', 'yes'] },
      inputSize: 4,
      inputShape: [4],
    });
  });

  it.each([
    ['median', 'size', [{ name: 'size', impute: 'median' }], 2.5],
    ['most frequent', 'size', [{ name: 'size', impute: 'mostFrequent' }], 1],
    ['a constant', 'size', [{ name: 'size', impute: 'constant', fillValue: '-7' }], -7],
    ['nothing (the row is dropped)', 'size', [{ name: 'size', impute: 'drop' }], null],
  ] as const)('fills missing numbers with %s from the training rows', (_, name, columns, fill) => {
    const fitted = valueOf(
      fitPipeline(dataset('size,label\n1,a\n4,b\n2,a\n3,b\n1,a\nNA,b\n'), defaults('label', columns), rows(0, 1, 2, 3)),
    );
    expect(numericFeature(fitted, name).fill).toBe(fill);
  });

  it.each([
    ['minmax', { shift: 1, divisor: 3 }],
    ['none', { shift: 0, divisor: 1 }],
    ['log1p', { shift: expect.closeTo((Math.log(2) + Math.log(5) + Math.log(3) + Math.log(4)) / 4, 6) }],
  ] as const)('scales numbers by %s', (scale, expected) => {
    const fitted = valueOf(
      fitPipeline(
        dataset('size,label\n1,a\n4,b\n2,a\n3,b\n'),
        defaults('label', [{ name: 'size', scale }]),
        rows(0, 1, 2, 3),
      ),
    );
    expect(numericFeature(fitted, 'size')).toMatchObject({ ...expected, log1p: scale === 'log1p' });
  });

  it('encodes categories as ordinals, gives a constant fill a category of its own, and leaves ignored columns out', () => {
    const tiny = dataset('color,shade,n,label\nred,dark,1,a\nblue,,2,b\nred,light,3,a\n');
    const fitted = valueOf(
      fitPipeline(
        tiny,
        defaults('label', [
          { name: 'color', encode: 'ordinal' },
          { name: 'shade', impute: 'constant', fillValue: 'unknown' },
          { name: 'n', use: 'ignore' },
        ]),
        rows(0, 1, 2),
      ),
    );
    expect(fitted.features).toEqual([
      { kind: 'ordinal', name: 'color', categories: ['blue', 'red'], fill: 'red' },
      { kind: 'oneHot', name: 'shade', categories: ['dark', 'light', 'unknown'], fill: 'unknown' },
    ]);
    expect(fitted.inputSize).toBe(4);
    expect(Array.from(valueOf(applyPipeline(fitted, tiny, rows(0, 1))).x)).toEqual([1, 1, 0, 0, 0, 0, 0, 1]);
  });

  it('uses a numeric column as categories, matched by their text', () => {
    const data = dataset('grade,label\n1,a\n2,b\n3,a\n2,b\n');
    const fitted = valueOf(
      fitPipeline(data, defaults('label', [{ name: 'grade', use: 'categorical' }]), rows(0, 1, 2, 3)),
    );
    expect(fitted.features).toEqual([{ kind: 'oneHot', name: 'grade', categories: ['1', '2', '3'], fill: '2' }]);
    expect(Array.from(valueOf(applyPipeline(fitted, data, rows(2))).x)).toEqual([0, 0, 1]);
    expect(Array.from(valueOf(transformRawRow(fitted, { grade: '3.0' })))).toEqual([0, 0, 1]);
  });

  it('uses a column with text among its numbers as numbers, by default, the text cells missing', () => {
    const data = dataset('w,label\n1,a\n2,b\ntwelve,a\n3,b\n');
    expect(data.meta.columns[0]).toMatchObject({ type: 'categorical', textAmongNumbers: { count: 1, rows: [4] } });
    const fitted = valueOf(fitPipeline(data, defaults('label'), rows(0, 1, 2, 3)));
    expect(numericFeature(fitted, 'w')).toMatchObject({ fill: 2, shift: 2 });
    const x = valueOf(applyPipeline(fitted, data, rows(2, 3))).x;
    expect(x[0]).toBe(0);
    expect(x[1]).toBeCloseTo(1 / Math.sqrt(2 / 3), 5);
    const dropping = split('label', { validationFraction: 0.25, columns: [{ name: 'w', impute: 'drop' }] });
    expect(valueOf(prepareTrainingData(data, dropping)).droppedRows).toBe(1);
  });

  it('standardises a regression target with training statistics, and maps outputs back', () => {
    const data = dataset('x,y\n1,10\n2,20\n3,30\n4,1000\n');
    const fitted = valueOf(fitPipeline(data, defaults('y'), rows(0, 1, 2)));
    expect(fitted.target.scale).toEqual({ mean: 20, std: expect.closeTo(Math.sqrt(200 / 3), 6) });
    const y = valueOf(applyPipeline(fitted, data, rows(0, 1, 2))).y;
    expect(Array.from(y, (v) => targetToOriginal(fitted, v))).toEqual([
      expect.closeTo(10, 4),
      expect.closeTo(20, 4),
      expect.closeTo(30, 4),
    ]);
  });

  it('gives a constant column divisor 1', () => {
    const fitted = valueOf(
      fitPipeline(
        dataset('c,d,y\n5,1,a\n5,2,b\n5,3,a\n'),
        defaults('y', [{ name: 'c', use: 'numeric' }]),
        rows(0, 1, 2),
      ),
    );
    expect(numericFeature(fitted, 'c')).toMatchObject({ shift: 5, divisor: 1 });
  });

  it('is plain JSON', () => {
    const fitted = valueOf(fitPipeline(dataset(TINY), defaults('label'), rows(0, 1, 2)));
    expect(JSON.parse(JSON.stringify(fitted))).toEqual(fitted);
  });

  it('fails for an unknown target, a one-class target, a column choice that cannot work, or no training rows', () => {
    expect(fitPipeline(dataset(TINY), defaults('nope'), rows(0))).toEqual({
      ok: false,
      error: 'The data set has no column "nope".',
    });
    expect(fitPipeline(dataset('a,b\n1,x\n2,x\n'), defaults('b'), rows(0, 1)).ok).toBe(false);
    expect(
      fitPipeline(dataset(TINY), defaults('label', [{ name: 'size', impute: 'constant', fillValue: 'big' }]), rows(0)),
    ).toEqual({
      ok: false,
      error: 'Column "size": the fill for missing cells must be a number; it is "big".',
    });
    expect(fitPipeline(dataset(TINY), defaults('label'), rows())).toEqual({
      ok: false,
      error: 'There are no training rows to learn from.',
    });
  });
});

describe('image data sets', () => {
  // Four 2×2 grayscale images; the label column is categorical like an import makes it.
  const images: StoredDataset = {
    meta: {
      id: 'i',
      name: 'tiny images',
      source: 'file',
      kind: 'images',
      rowCount: 4,
      bytes: 16,
      createdAt: 0,
      preview: [],
      columns: [
        { name: 'image', type: 'image', missing: 0, unique: 0, height: 2, width: 2, channels: 1 },
        {
          name: 'label',
          type: 'categorical',
          missing: 0,
          unique: 2,
          valueCounts: { values: ['dark', 'light'], counts: [2, 2] },
        },
      ],
    },
    columns: [
      {
        name: 'image',
        type: 'image',
        height: 2,
        width: 2,
        channels: 1,
        pixels: Uint8Array.from([0, 0, 0, 51, 255, 255, 255, 204, 0, 51, 0, 0, 255, 255, 204, 255]),
      },
      { name: 'label', type: 'categorical', codes: Int32Array.of(0, 1, 0, 1), vocabulary: ['dark', 'light'] },
    ],
  };

  it('take the image as [height, width, channels], pixels / 255, the same shape from the meta as from the fit', () => {
    const fitted = valueOf(fitPipeline(images, defaults('label'), rows(0, 1)));
    expect(fitted.features).toEqual([{ kind: 'image', name: 'image', height: 2, width: 2, channels: 1 }]);
    expect(dataContextFor(fitted)).toEqual(valueOf(dataContextFromMeta(images.meta, defaults('label'))));
    expect(dataContextFor(fitted).inputShape).toEqual([2, 2, 1]);
    const encoded = valueOf(applyPipeline(fitted, images, rows(1, 2)));
    expect(Array.from(encoded.x)).toEqual([1, 1, 1, 0.8, 0, 0.2, 0, 0].map(Math.fround));
    expect(Array.from(encoded.y)).toEqual([1, 0]);
  });

  it('encode one image for prediction as training encoded its rows', () => {
    const fitted = valueOf(fitPipeline(images, defaults('label'), rows(0, 1)));
    const training = valueOf(applyPipeline(fitted, images, rows(1)));
    expect(valueOf(transformImage(fitted, Uint8Array.from([255, 255, 255, 204])))).toEqual(training.x);
    const tabular = valueOf(fitPipeline(sample('iris.csv'), defaults('species'), rows(0, 1, 2)));
    expect(errorOf(transformImage(tabular, new Uint8Array(4)))).toBe('This model does not predict from images.');
  });

  it('refuse other features beside the image, and typed values for prediction', () => {
    const withExtra: StoredDataset = {
      meta: {
        ...images.meta,
        columns: [...images.meta.columns, { name: 'n', type: 'numeric', missing: 0, unique: 4, min: 0, max: 3 }],
      },
      columns: [...images.columns, { name: 'n', type: 'numeric', values: Float32Array.of(0, 1, 2, 3) }],
    };
    expect(dataContextFromMeta(withExtra.meta, defaults('label', [{ name: 'n', use: 'numeric' }]))).toEqual({
      ok: false,
      error: 'An image model takes the image alone: ignore the other columns ("n").',
    });
    // Left to its default, a column beside an image stays out of the input.
    expect(valueOf(dataContextFromMeta(withExtra.meta, defaults('label'))).inputShape).toEqual([2, 2, 1]);
    const fitted = valueOf(fitPipeline(images, defaults('label'), rows(0, 1)));
    expect(transformRawRow(fitted, {}).ok).toBe(false);
  });
});

describe('text columns', () => {
  const words = sample('language-words.csv');
  const TEXT = [
    { name: 'word', use: 'text', tokenizer: { level: 'char', maxVocabulary: 100, sequenceLength: 16 } },
  ] as const;

  it('become token ids from a vocabulary of the training rows only, the same shape from the meta as from the fit', () => {
    expect(words.meta.columns[0]).toMatchObject({ name: 'word', type: 'categorical' });
    expect(words.meta.columns[0]!.textLengths?.char.suggestedLength).toBeGreaterThan(5);
    const prepared = valueOf(prepareTrainingData(words, split('language', { columns: TEXT, testFraction: 0.1 })));
    const context = dataContextFor(prepared.pipeline);
    expect(context).toEqual(valueOf(dataContextFromMeta(words.meta, { target: 'language', columns: TEXT })));
    expect(context).toMatchObject({ inputShape: [16], vocabularySize: 100, task: 'multiclass' });
    const feature = prepared.pipeline.features[0]!;
    if (feature.kind !== 'text') throw new Error('word should be a text feature');
    expect(feature.tokenizer.vocabulary.slice(0, 2)).toEqual(['<pad>', '<oov>']);
    // Every id is inside the vocabulary, and a word's ids spell it, then pad.
    expect(
      prepared.train.x.every((id) => Number.isInteger(id) && id >= 0 && id < feature.tokenizer.vocabulary.length),
    ).toBe(true);
    const column = words.columns[0]!;
    if (column.type !== 'categorical') throw new Error('word should be categorical');
    const row = prepared.validationRows[0]!;
    const word = column.vocabulary[column.codes[row]!]!.toLowerCase();
    const ids = Array.from(prepared.validation.x.subarray(0, 16));
    expect(
      ids
        .slice(0, [...word].length)
        .map((id) => feature.tokenizer.vocabulary[id] ?? '?')
        .join(''),
    ).toBe([...word].slice(0, 16).join(''));
    expect(Array.from(valueOf(transformRawRow(prepared.pipeline, { word })))).toEqual(ids);
  });

  it('refuse other features beside the text, and bad tokeniser settings with the setting named', () => {
    const tiny = dataset('note,n,label\nhello world,1,a\nbye now,2,b\nhello again,3,a\n');
    expect(dataContextFromMeta(tiny.meta, defaults('label', [{ name: 'note', use: 'text' }]))).toEqual({
      ok: false,
      error: 'A text model takes the text of "note" alone: ignore the other columns ("n").',
    });
    const badLength = [
      { name: 'note', use: 'text', tokenizer: { sequenceLength: 0 } },
      { name: 'n', use: 'ignore' },
    ] as const;
    expect(dataContextFromMeta(tiny.meta, defaults('label', badLength))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Column "note": Sequence length/),
    });
  });
});

describe('nothing leaks from validation or test rows into the fit', () => {
  const EVERY_CHOICE: readonly (readonly ColumnChoice[])[] = [
    [],
    [
      { name: 'x', impute: 'median', scale: 'minmax' },
      { name: 'c', encode: 'ordinal' },
    ],
    [
      { name: 'x', impute: 'mostFrequent', scale: 'log1p' },
      { name: 'c', impute: 'constant', fillValue: 'z' },
    ],
    [
      { name: 'x', use: 'ignore' },
      { name: 'c', use: 'text', tokenizer: { level: 'char' } },
    ],
  ];

  it.each(EVERY_CHOICE.map((columns) => [JSON.stringify(columns), columns] as const))('%s', (_, columns) => {
    const config: SplitConfig = {
      target: 'y',
      seed: 3,
      validationFraction: 0.25,
      testFraction: 0.25,
      splitOrder: 'random',
      columns,
    };
    const lines = Array.from({ length: 40 }, (_, i) => `${i % 7},${'pq'[i % 2]},${'ab'[i % 3 === 0 ? 0 : 1]}`);
    const original = dataset(`x,c,y\n${lines.join('\n')}\n`);
    const prepared = valueOf(prepareTrainingData(original, config));
    // Rewrite every held-out row wildly — numbers, categories, missing cells — and fit again.
    const heldOut = new Set([...prepared.validationRows, ...prepared.testRows]);
    // One-hot lists are the whole column's categories by design, so only a text column gets a new value here:
    // a token only held-out rows have must not enter its vocabulary.
    const unseen = columns.some((c) => c.use === 'text') ? 'qz' : 'q';
    const changed = lines.map((line, row) =>
      heldOut.has(row) ? (row % 2 ? `9000,${unseen},` : ',,') + line.split(',')[2] : line,
    );
    const refit = valueOf(prepareTrainingData(dataset(`x,c,y\n${changed.join('\n')}\n`), config));
    expect(refit.pipeline).toEqual(prepared.pipeline);
    expect(refit.train).toEqual(prepared.train);
  });
});

describe('applyPipeline', () => {
  it('encodes rows as worked out by hand', () => {
    const tiny = dataset(TINY);
    const fitted = valueOf(fitPipeline(tiny, defaults('label'), rows(0, 1, 2)));
    const std = Math.sqrt(2 / 3);
    const encoded = valueOf(applyPipeline(fitted, tiny, rows(3, 1, 4)));
    expect(encoded.count).toBe(3);
    // row 3: size 4, green, no;  row 1: size 2, blue, no;  row 4: size missing → the mean 2, red, yes
    const expected = [(4 - 2) / std, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1];
    Array.from(encoded.x).forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 5));
    expect(Array.from(encoded.y)).toEqual([0, 0, 1]);
  });

  it('encodes categories never seen in training as all zeros, matching by text across data sets', () => {
    const fitted = valueOf(fitPipeline(dataset(TINY), defaults('label'), rows(0, 1, 2)));
    const other = dataset('size,color,label\n2,purple,yes\n2,red,no\n');
    const encoded = valueOf(applyPipeline(fitted, other, rows(0, 1)));
    expect(Array.from(encoded.x)).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(Array.from(encoded.y)).toEqual([1, 0]);
  });

  it('fails when a needed column is absent or holds the other kind of values', () => {
    const fitted = valueOf(fitPipeline(dataset(TINY), defaults('label'), rows(0, 1, 2)));
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
  const fitted: FittedPipeline = valueOf(fitPipeline(dataset(TINY), defaults('label'), rows(0, 1, 2)));

  it('encodes text typed by a person like applyPipeline encodes stored rows, missing cells included', () => {
    const x = valueOf(transformRawRow(fitted, { size: ' 4 ', color: 'green' }));
    expect(Array.from(x)).toEqual(Array.from(valueOf(applyPipeline(fitted, dataset(TINY), rows(3))).x));
    const filled = valueOf(transformRawRow(fitted, { size: '', color: 'red' }));
    expect(Array.from(filled)).toEqual(Array.from(valueOf(applyPipeline(fitted, dataset(TINY), rows(4))).x));
  });

  it('encodes an unknown category as all zeros', () => {
    expect(Array.from(valueOf(transformRawRow(fitted, { size: '2', color: 'purple' })))).toEqual([0, 0, 0, 0]);
  });

  it('names the column when a value is not a number, or is missing where missing rows were dropped', () => {
    expect(transformRawRow(fitted, { size: 'big', color: 'red' })).toEqual({
      ok: false,
      error: '"size" must be a number; received "big".',
    });
    const dropping = valueOf(
      fitPipeline(dataset(TINY), defaults('label', [{ name: 'size', impute: 'drop' }]), rows(0, 1, 2)),
    );
    expect(transformRawRow(dropping, { size: 'NA', color: 'red' })).toEqual({
      ok: false,
      error: '"size" is missing: enter a value.',
    });
    expect(transformRawRow(fitted, { color: 'red' })).toEqual({ ok: false, error: 'No value for "size".' });
  });
});

describe('data contexts', () => {
  it.each([
    ['iris.csv', 'species', [], [4], 'multiclass'],
    [
      'iris.csv',
      'species',
      [
        { name: 'petal_width', use: 'ignore' },
        { name: 'sepal_length', use: 'categorical' },
      ],
      undefined,
      'multiclass',
    ],
    ['us-macro.csv', 'unemp', [], [13], 'regression'],
    ['language-words.csv', 'language', [{ name: 'word', use: 'categorical', encode: 'ordinal' }], [1], 'multiclass'],
  ] as const)(
    '%s → %s %j: the shapes from the meta equal what training builds',
    (file, target, columns, shape, task) => {
      const data = sample(file);
      const fromMeta = valueOf(dataContextFromMeta(data.meta, { target, columns }));
      const train = Uint32Array.from({ length: data.meta.rowCount }, (_, row) => row);
      const fitted = dataContextFor(
        valueOf(fitPipeline(data, { target, columns }, train.subarray(0, train.length >> 1))),
      );
      expect(fromMeta).toEqual(fitted);
      expect(fromMeta.task).toBe(task);
      if (shape) expect(fromMeta.inputShape).toEqual(shape);
    },
  );

  it('reports a target the meta does not have, and a column plan that leaves no feature', () => {
    expect(dataContextFromMeta(dataset(TINY).meta, defaults('nope'))).toEqual({
      ok: false,
      error: 'The data set has no column "nope".',
    });
    expect(dataContextFromMeta(sample('language-words.csv').meta, defaults('language'))).toEqual({
      ok: false,
      error: 'No column is used as a feature: set at least one column to numeric or categorical.',
    });
  });
});

const split = (target: string, extra: Partial<SplitConfig> = {}): SplitConfig => ({
  target,
  seed: 42,
  validationFraction: 0.2,
  testFraction: 0,
  splitOrder: 'random',
  columns: [],
  ...extra,
});

describe('prepareTrainingData', () => {
  it('iris: stratified 105/30/15 split, encoded', () => {
    const prepared = valueOf(prepareTrainingData(sample('iris.csv'), split('species', { testFraction: 0.1 })));
    expect([prepared.train.count, prepared.validation.count, prepared.test.count]).toEqual([105, 30, 15]);
    expect(prepared.droppedRows).toBe(0);
    expect(prepared.train.x).toHaveLength(105 * 4);
    const perClass = (y: Float32Array) => [0, 1, 2].map((c) => y.filter((label) => label === c).length);
    expect(perClass(prepared.validation.y)).toEqual([10, 10, 10]);
    expect(perClass(prepared.test.y)).toEqual([5, 5, 5]);
    expect(new Set([...prepared.validationRows, ...prepared.testRows]).size).toBe(45);
    // Standardized with training statistics: training features have mean ≈ 0.
    const firstFeature = Array.from({ length: 105 }, (_, i) => prepared.train.x[i * 4]!);
    expect(firstFeature.reduce((s, v) => s + v, 0) / 105).toBeCloseTo(0, 5);
  });

  it('cross-validates on the rows the test split leaves: each fold validates once, fitted on its training rows only', () => {
    const iris = sample('iris.csv');
    const plain = valueOf(prepareTrainingData(iris, split('species', { testFraction: 0.1 })));
    const folds = [0, 1, 2, 3, 4].map((index) =>
      valueOf(prepareTrainingData(iris, split('species', { testFraction: 0.1, fold: { folds: 5, index } }))),
    );
    const testRows = [...plain.testRows];
    const validated = folds.flatMap((fold) => [...fold.validationRows]);
    expect(validated).toHaveLength(135);
    expect(new Set([...validated, ...testRows]).size).toBe(150);
    for (const fold of folds) {
      expect([...fold.testRows]).toEqual(testRows);
      expect(fold.train.count + fold.validation.count).toBe(135);
      expect(fold.folds).toEqual({ count: 5 });
      // Stratified: 9 of each species in every fold.
      expect([0, 1, 2].map((c) => fold.validation.y.filter((label) => label === c).length)).toEqual([9, 9, 9]);
      // Standardised with its own training rows' statistics.
      const firstFeature = Array.from({ length: fold.train.count }, (_, i) => fold.train.x[i * 4]!);
      expect(firstFeature.reduce((sum, v) => sum + v, 0) / fold.train.count).toBeCloseTo(0, 5);
    }
    expect(folds[0]!.pipeline).not.toEqual(folds[1]!.pipeline);
    expect(plain.folds).toBeUndefined();
    const again = valueOf(
      prepareTrainingData(iris, split('species', { testFraction: 0.1, fold: { folds: 5, index: 3 } })),
    );
    expect(again).toEqual(folds[3]);
  });

  it('refuses to cross-validate rows kept in order', () => {
    const inOrder = split('unemp', { splitOrder: 'sequential', fold: { folds: 5, index: 0 } });
    expect(prepareTrainingData(sample('us-macro.csv'), inOrder)).toEqual({
      ok: false,
      error:
        'Cross-validation shuffles the rows into folds, and the split keeps them in order (a time series): choose the random split order to cross-validate.',
    });
  });

  it('keeps the rows in order for a sequential split: the test rows are the last', () => {
    const prepared = valueOf(
      prepareTrainingData(sample('us-macro.csv'), split('unemp', { splitOrder: 'sequential', testFraction: 0.1 })),
    );
    expect(Array.from(prepared.testRows)).toEqual(Array.from({ length: 20 }, (_, i) => 183 + i));
    expect(Math.max(...prepared.validationRows)).toBeLessThan(183);
  });

  it('drops rows without a target or with a missing cell that drops the row, and is reproducible by seed', () => {
    const withMissingTarget = `${TINY}5,red,\n`;
    const filled = valueOf(
      prepareTrainingData(dataset(withMissingTarget), split('label', { seed: 1, validationFraction: 0.25 })),
    );
    expect(filled.droppedRows).toBe(1);
    const dropping = split('label', { seed: 1, validationFraction: 0.25, columns: [{ name: 'size', impute: 'drop' }] });
    const dropped = valueOf(prepareTrainingData(dataset(withMissingTarget), dropping));
    expect(dropped.droppedRows).toBe(2);
    expect(dropped.train.count + dropped.validation.count).toBe(4);
    expect(valueOf(prepareTrainingData(dataset(withMissingTarget), dropping))).toEqual(dropped);
  });

  it('names the data-set row of each validation example', () => {
    const tiny = dataset(TINY);
    const prepared = valueOf(prepareTrainingData(tiny, split('label', { seed: 1, validationFraction: 0.5 })));
    expect(prepared.validationRows).toHaveLength(prepared.validation.count);
    const size = tiny.columns[0]!;
    if (size.type !== 'numeric') throw new Error('size should be numeric');
    const { shift, divisor, fill } = numericFeature(prepared.pipeline, 'size');
    prepared.validationRows.forEach((row, i) => {
      const value = Number.isNaN(size.values[row]!) ? fill! : size.values[row]!;
      expect(prepared.validation.x[i * prepared.pipeline.inputSize]).toBeCloseTo((value - shift) / divisor, 6);
    });
  });

  it('says which column leaves no usable rows', () => {
    const data = dataset('a,b,y\n1,,x\n2,,z\n');
    expect(prepareTrainingData(data, split('y', { columns: [{ name: 'b', use: 'numeric', impute: 'drop' }] }))).toEqual(
      {
        ok: false,
        error:
          'No row can be used: "b" is missing in 2 of 2 rows, and its missing cells drop the row. Fill them instead (mean, median, most frequent or a constant).',
      },
    );
  });

  it('refuses shares that leave nothing for training', () => {
    expect(prepareTrainingData(dataset(TINY), split('label', { validationFraction: 1 })).ok).toBe(false);
    expect(prepareTrainingData(dataset(TINY), split('label', { validationFraction: 0.5, testFraction: 0.5 })).ok).toBe(
      false,
    );
  });
});
