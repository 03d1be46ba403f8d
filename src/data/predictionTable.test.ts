import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { readRowsToPredict, rowRecord, toCsv, withPredictions } from './predictionTable';

const DATASET = ['sepal_length', 'sepal_width', 'species'];
const FEATURES = ['sepal_length', 'sepal_width'];

describe('readRowsToPredict', () => {
  it('takes a header naming every feature, in any order, with other columns', () => {
    const read = readRowsToPredict('species,sepal_width,sepal_length\nsetosa,3.5,5.1\n,3,6\n', DATASET, FEATURES);
    expect(read.ok && read.value.rows.map((row) => rowRecord(read.value.header, row))).toEqual([
      { species: 'setosa', sepal_width: '3.5', sepal_length: '5.1' },
      { species: '', sepal_width: '3', sepal_length: '6' },
    ]);
  });

  it("reads rows without a header in the data set's column order, or in the model's, by their length", () => {
    const whole = readRowsToPredict('5.1,3.5,setosa\n6.2,2.9,virginica', DATASET, FEATURES);
    expect(whole.ok && whole.value.header).toEqual(DATASET);
    // Copied from a spreadsheet: tab-separated.
    const features = readRowsToPredict('5.1\t3.5\n6.2\t2.9\n', DATASET, FEATURES);
    expect(features.ok && features.value).toEqual({
      header: FEATURES,
      rows: [
        ['5.1', '3.5'],
        ['6.2', '2.9'],
      ],
    });
  });

  it('says which row does not fit and what the model reads', () => {
    expect(readRowsToPredict('5.1,3.5\n1,2,3,4', DATASET, FEATURES)).toEqual({
      ok: false,
      error:
        'Row 2 has 4 values; the model reads 2 (sepal_length, sepal_width), or a row of the data set has 3. Start with a header row to name the columns.',
    });
    expect(readRowsToPredict('  \n', DATASET, FEATURES)).toMatchObject({
      ok: false,
      error: expect.stringContaining('no rows'),
    });
    expect(readRowsToPredict('sepal_length,sepal_width', DATASET, FEATURES)).toMatchObject({
      ok: false,
      error: expect.stringContaining('no rows under it'),
    });
  });
});

describe('withPredictions', () => {
  it('writes the rows as read, the predicted class, every probability and why a row failed, as CSV a spreadsheet reads back', () => {
    const table = {
      header: FEATURES,
      rows: [
        ['5.1', '3.5'],
        ['x', '3'],
        ['6,5', '3'],
      ],
    };
    const outcomes = [
      {
        label: 'setosa',
        probabilities: [
          { label: 'setosa', p: 0.9 },
          { label: 'virginica', p: 0.1 },
        ],
      },
      { error: 'sepal_length: "x" is not a number' },
      {
        label: 'virginica',
        probabilities: [
          { label: 'setosa', p: 1 / 3 },
          { label: 'virginica', p: 2 / 3 },
        ],
      },
    ];
    const written = withPredictions(table, outcomes, 'species', ['setosa', 'virginica']);
    expect(written.header).toEqual([
      'sepal_length',
      'sepal_width',
      'predicted species',
      'p(setosa)',
      'p(virginica)',
      'error',
    ]);
    expect(Papa.parse(toCsv(written)).data).toEqual([
      written.header,
      ['5.1', '3.5', 'setosa', '0.9', '0.1', ''],
      ['x', '3', '', '', '', 'sepal_length: "x" is not a number'],
      ['6,5', '3', 'virginica', '0.333333', '0.666667', ''],
    ]);
  });

  it('writes the predicted value of a regression, with no error column when every row was read', () => {
    const written = withPredictions({ header: ['x'], rows: [['1']] }, [{ value: 2.5 }], 'y', []);
    expect(written).toEqual({ header: ['x', 'predicted y'], rows: [['1', '2.5']] });
  });
});
