import { describe, expect, it } from 'vitest';
import { AGE_CITY_PIPELINE } from '../../test/monitorPipeline';
import type { FittedPipeline } from '../preprocess';
import { readMonitorBatch } from './batch';
import type { ReferenceProfile } from './profile';
import { batchTerms, driftSentence, monitorReport, type MonitorReport } from './report';

const pipeline = AGE_CITY_PIPELINE;

const reference: ReferenceProfile = {
  version: 1,
  rows: 100,
  columns: [
    { kind: 'numeric', name: 'age', edges: [30, 50], shares: [0.25, 0.5, 0.25], count: 100, missingShare: 0 },
    { kind: 'categorical', name: 'city', categories: ['Oslo', 'Rome'], shares: [0.5, 0.5], count: 100 },
  ],
  predictions: { kind: 'classes', labels: ['no', 'yes'], shares: [0.5, 0.5], count: 100 },
};

const test = { name: 'accuracy', split: 'test', value: { value: 0.9 } } as const;

function batchOf(text: string) {
  const read = readMonitorBatch(text, pipeline);
  if (!read.ok) throw new Error(read.error);
  return read.value;
}

describe('driftSentence', () => {
  it('says the level in words with the threshold crossed', () => {
    expect(driftSentence('age', 0.31)).toBe('age has drifted: PSI 0.31 > 0.25');
    expect(driftSentence('age', 0.04)).toBe('age is stable: PSI 0.04 < 0.1');
    expect(driftSentence('age', 0.17)).toBe('age has moved moderately: PSI 0.17 is between 0.1 and 0.25');
  });
});

describe('monitorReport', () => {
  it('finds the shifted column drifted and the unchanged one stable', () => {
    // age: every row above 50 (the training rows' top quarter); city: half and half, as in training.
    const batch = batchOf('age,city,bought\n60,Oslo,yes\n70,Rome,no\n80,Oslo,yes\n90,Rome,yes');
    const predictions = [{ label: 'yes' }, { label: 'no' }, { label: 'yes' }, { label: 'no' }];
    const report = monitorReport(reference, pipeline, batch, predictions, test);
    const [age, city] = report.columns;
    // Shares 0.25 0.5 0.25 against 0 0 1, the empty bins taken as 1e-4.
    const empty = 1e-4;
    const expected =
      (empty - 0.25) * Math.log(empty / 0.25) + (empty - 0.5) * Math.log(empty / 0.5) + 0.75 * Math.log(1 / 0.25);
    expect(age!.psi).toBeCloseTo(expected, 9);
    expect(age!.level).toBe('drifted');
    expect(age!.ks!.statistic).toBeCloseTo(0.75, 12);
    expect(city!.level).toBe('stable');
    expect(city!.chiSquare!.statistic).toBeCloseTo(0, 12);
    expect(report.predictions.level).toBe('stable');
    // Rows 1 and 3 right, 2 right ("no"), 4 wrong.
    expect(report.metric).toEqual({ name: 'accuracy', batch: { value: 0.75 }, test: { value: 0.9 }, rows: 4 });
  });

  it('names values outside the training categories and leaves rows without a prediction out', () => {
    const batch = batchOf('age,city\n40,Oslo\n40,Paris');
    const report = monitorReport(reference, pipeline, batch, [{ label: 'no' }, undefined], test);
    expect(report.columns[1]!.notes).toEqual(['1 value is not among the training categories (Paris).']);
    expect(report.failedRows).toBe(1);
    expect(report.metric).toBeUndefined();
  });

  it('says a target of another task leaves the metric undefined, rather than scoring it', () => {
    const labels = batchOf('age,city,bought\n40,Oslo,3.5\n45,Rome,4');
    const classified = monitorReport(reference, pipeline, labels, [{ label: 'no' }, { label: 'yes' }], test);
    expect(classified.metric?.batch).toEqual({
      value: null,
      undefinedBecause: `the batch's bought holds values such as "3.5", none of the model's classes (no, yes): is the batch for another task?`,
    });

    const regression: FittedPipeline = { ...pipeline, target: { name: 'bought', task: 'regression', labels: [] } };
    const values: ReferenceProfile = {
      ...reference,
      predictions: { kind: 'values', edges: [0.5], shares: [0.5, 0.5], count: 100 },
    };
    const r2 = { name: 'R²', split: 'test', value: { value: 0.8 } } as const;
    const read = readMonitorBatch('age,city,bought\n40,Oslo,yes\n45,Rome,no', regression);
    if (!read.ok) throw new Error(read.error);
    const measured = monitorReport(values, regression, read.value, [{ value: 0.2 }, { value: 0.9 }], r2);
    expect(measured.metric).toMatchObject({
      name: 'R²',
      batch: {
        value: null,
        undefinedBecause: expect.stringMatching(
          /^the batch's bought holds text such as "yes" where the model predicts numbers/,
        ),
      },
      test: { value: 0.8 },
    });
  });
});

describe('batchTerms', () => {
  const drift = { psi: 0, level: 'stable', sentence: '', bins: [], notes: [] } as const;
  const report = (kinds: readonly ('numeric' | 'image')[]): MonitorReport => ({
    rows: 3,
    referenceRows: 9,
    columns: kinds.map((kind, i) => ({ ...drift, name: `c${i}`, kind })),
    predictions: drift,
    ignored: [],
    failedRows: 0,
  });

  it('counts a table in rows with columns, and a batch of images in images', () => {
    expect(batchTerms(report(['numeric', 'numeric']))).toEqual({ unit: 'rows', none: 'No column has drifted' });
    expect(batchTerms(report(['image', 'image']))).toEqual({ unit: 'images', none: 'Nothing has drifted' });
    expect(batchTerms(report(['numeric', 'image'])).unit).toBe('rows');
  });
});
