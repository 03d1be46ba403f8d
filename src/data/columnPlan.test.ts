import { describe, expect, it } from 'vitest';
import { planColumns } from './columnPlan';
import { parseCsvText } from './import/csv';
import type { DatasetMeta } from './schema';

function meta(text: string): DatasetMeta {
  const result = parseCsvText(text, { id: 't', name: 't.csv', source: 'file', bytes: text.length, createdAt: 0 });
  if (!result.ok) throw new Error(result.error);
  return result.value.meta;
}

/**
 * 150 rows: a number, a 3-category column, an id unique per row, 125 codes some rows share, a constant, an
 * empty column, and the target.
 */
const WIDE = meta(
  'n,colour,id,code,always,empty,y\n' +
    Array.from(
      { length: 150 },
      (_, i) => `${i % 10},${['red', 'green', 'blue'][i % 3]},id${i},c${i % 125},same,,${i % 2 ? 'a' : 'b'}`,
    ).join('\n') +
    '\n',
);

const ADJECTIVES = ['quiet', 'bright', 'heavy', 'small', 'rapid', 'old', 'green'];
const NOUNS = [
  'market',
  'river',
  'engine',
  'garden',
  'ticket',
  'letter',
  'bridge',
  'camera',
  'forest',
  'window',
  'school',
];
/** `rows` short sentences, nearly all distinct, with one of 8 sections each; `extra` adds a numeric column first. */
function descriptions(rows: number, extra = false): DatasetMeta {
  const lines = Array.from({ length: rows }, (_, i) => {
    const sentence = `"The ${ADJECTIVES[i % 7]} ${NOUNS[i % 11]} near stop ${i}"`;
    return `${extra ? `${i % 9},` : ''}${sentence},section${i % 8}`;
  });
  return meta(`${extra ? 'n,' : ''}description,section\n${lines.join('\n')}\n`);
}

describe('free text', () => {
  it('is tokenised by default when it is the only input, its length the texts’ own 95th percentile', () => {
    const data = descriptions(300);
    const plan = planColumns(data, { target: 'section', columns: [] });
    expect(plan.problem).toBeUndefined();
    const words = data.columns.find((c) => c.name === 'description')!.textLengths!.word;
    expect(plan.features).toEqual([
      expect.objectContaining({ name: 'description', use: 'text', width: words.suggestedLength }),
    ]);
    expect(plan.features[0]!.tokenizer.sequenceLength).toBe(words.suggestedLength);
    expect(words.suggestedLength).toBeLessThan(64);
    // A length the person chose stays theirs.
    const chosen = planColumns(data, {
      target: 'section',
      columns: [{ name: 'description', use: 'text', tokenizer: { sequenceLength: 40 } }],
    });
    expect(chosen.features[0]!.width).toBe(40);
  });

  it('is left out, saying how to use it, beside other inputs (a text model takes its text alone)', () => {
    const plan = planColumns(descriptions(300, true), { target: 'section', columns: [] });
    expect(plan.columns[1]).toEqual({
      name: 'description',
      role: 'ignored',
      reason: expect.stringMatching(/^free text \(300 distinct values\): use it as text/),
    });
    expect(plan.features.map((f) => f.name)).toEqual(['n']);
    expect(plan.problem).toBeUndefined();
  });
});

describe('planColumns', () => {
  it('uses numbers as numbers and few categories one-hot; ignores an id, a constant and an empty column, saying why', () => {
    const plan = planColumns(WIDE, { target: 'y', columns: [] });
    expect(plan.columns).toEqual([
      {
        name: 'n',
        role: 'feature',
        feature: expect.objectContaining({ use: 'numeric', impute: 'mean', scale: 'standardize', width: 1 }),
      },
      {
        name: 'colour',
        role: 'feature',
        feature: expect.objectContaining({ use: 'categorical', impute: 'mostFrequent', encode: 'oneHot', width: 3 }),
      },
      {
        name: 'id',
        role: 'ignored',
        reason: 'a distinct value in every row, like an ID: a new row would share none of them',
      },
      {
        name: 'code',
        role: 'ignored',
        reason: '125 distinct values: too many to one-hot by default; use it as text to tokenise it',
      },
      { name: 'always', role: 'ignored', reason: 'one value only: nothing to learn from' },
      { name: 'empty', role: 'ignored', reason: 'no values' },
      { name: 'y', role: 'target' },
    ]);
    expect(plan.inputSize).toBe(4);
    expect(plan.problem).toBeUndefined();
  });

  it('ignores a column of image paths by default, saying how to bring the images', () => {
    const plan = planColumns(meta('file,x,y\na.png,1,p\nb.png,2,q\nc.png,3,p\n'), { target: 'y', columns: [] });
    expect(plan.columns[0]).toEqual({
      name: 'file',
      role: 'ignored',
      reason: expect.stringMatching(/^names image files: import a zip or folder holding this CSV/),
    });
    expect(plan.features.map((f) => f.name)).toEqual(['x']);
  });

  it('makes a stored image column the input and, unless chosen, leaves the other columns out', () => {
    const table = meta('file,x,y\na,1,p\nb,2,q\n');
    const withImages: DatasetMeta = {
      ...table,
      columns: [
        { name: 'file', type: 'image', missing: 0, unique: 0, height: 4, width: 4, channels: 3 },
        ...table.columns.slice(1),
      ],
    };
    const plan = planColumns(withImages, { target: 'y', columns: [] });
    expect(plan.features.map((f) => [f.name, f.use])).toEqual([['file', 'image']]);
    expect(plan.columns[1]).toMatchObject({
      role: 'ignored',
      reason: expect.stringMatching(/^the image column is the model’s input/),
    });
    expect(plan.inputShape).toEqual([4, 4, 3]);
    expect(plan.problem).toBeUndefined();
    const both = planColumns(withImages, { target: 'y', columns: [{ name: 'x', use: 'numeric' }] });
    expect(both.problem).toMatch(/^An image model takes the image alone: ignore the other columns \("x"\)/);
    const imageIgnored = planColumns(withImages, { target: 'y', columns: [{ name: 'file', use: 'ignore' }] });
    expect(imageIgnored.features.map((f) => f.name)).toEqual(['x']);
  });

  it('follows the person: ordinal, a numeric column as categories, a constant fill with its own slot, an ignored column', () => {
    const plan = planColumns(WIDE, {
      target: 'y',
      columns: [
        { name: 'n', use: 'categorical' },
        { name: 'colour', impute: 'constant', fillValue: 'none' },
        { name: 'id', use: 'categorical', encode: 'ordinal' },
        { name: 'always', use: 'categorical' },
      ],
    });
    expect(plan.features.map((f) => [f.name, f.width])).toEqual([
      ['n', 10],
      ['colour', 4],
      ['id', 1],
      ['always', 1],
    ]);
    expect(plan.inputSize).toBe(16);
    expect(plan.problem).toBeUndefined();
  });

  it.each([
    [[{ name: 'colour', use: 'numeric' }], 'Column "colour": it holds text, so it cannot be used as numbers.'],
    [
      [{ name: 'colour', impute: 'median' }],
      'Column "colour": the median of categories does not exist; fill missing cells with the most frequent category or a constant.',
    ],
    [[{ name: 'n', impute: 'constant' }], 'Column "n": enter the constant that fills its missing cells.'],
    [
      [{ name: 'n', impute: 'constant', fillValue: 'zero' }],
      'Column "n": the fill for missing cells must be a number; it is "zero".',
    ],
    [
      [
        { name: 'n', use: 'ignore' },
        { name: 'colour', use: 'ignore' },
      ],
      'No column is used as a feature: set at least one column to numeric or categorical.',
    ],
  ] as const)('explains a choice that cannot work: %j', (columns, problem) => {
    expect(planColumns(WIDE, { target: 'y', columns }).problem).toBe(problem);
  });

  it('refuses log1p for values at or below −1, and too many categories to one-hot', () => {
    const negative = meta('x,y\n-3,a\n2,b\n5,a\n');
    expect(planColumns(negative, { target: 'y', columns: [{ name: 'x', scale: 'log1p' }] }).problem).toBe(
      'Column "x": log1p needs values above −1, and its minimum is -3.',
    );
    const many = meta('w,y\n' + Array.from({ length: 1200 }, (_, i) => `w${i},${i % 2}`).join('\n') + '\n');
    expect(planColumns(many, { target: 'y', columns: [{ name: 'w', use: 'categorical' }] }).problem).toBe(
      'Column "w": 1,200 categories are too many to one-hot encode; use ordinal encoding or ignore it.',
    );
    const numbers = meta('x,y\n' + Array.from({ length: 200 }, (_, i) => `${i},${i % 2}`).join('\n') + '\n');
    expect(planColumns(numbers, { target: 'y', columns: [{ name: 'x', use: 'categorical' }] }).problem).toBe(
      'Column "x": it has over 100 distinct numbers: too many to use as categories.',
    );
  });

  it('keeps choices for columns the data set lacks out of the plan', () => {
    expect(
      planColumns(WIDE, { target: 'y', columns: [{ name: 'gone', use: 'numeric' }] }).columns.map((c) => c.name),
    ).toEqual(['n', 'colour', 'id', 'code', 'always', 'empty', 'y']);
  });
});
