import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceProfile } from '../data/monitor/profile';
import { sampleDataset } from '../test/csvDataset';
import { valueOf } from '../test/results';
import { trainedForExport } from '../test/training';
import type { TrainedModel } from './export/trainedModel';
import { savedReferenceOf } from './importModel';
import { strFromU8, unzipSync } from 'fflate';
import { MONITOR_REPORT_FILE, monitorBatch, monitorReportZip } from './monitor';

const IRIS = sampleDataset('iris.csv');
const test = { name: 'accuracy', split: 'test', value: { value: 0.9 } } as const;
let iris: TrainedModel;
let reference: ReferenceProfile;

beforeAll(async () => {
  await tf.setBackend('cpu');
  iris = await trainedForExport(IRIS, 'species', 5);
  reference = valueOf(await iris.reference());
});

afterAll(() => iris.model.dispose());

/** Iris's rows as CSV, `shift` added to one column's values. */
function irisBatch(shift: { column: string; by: number }): string {
  const columns = IRIS.columns.map((column) => column.name);
  const rows = Array.from({ length: IRIS.meta.rowCount }, (_, row) =>
    IRIS.columns.map((column) => {
      if (column.type === 'categorical') return column.vocabulary[column.codes[row]!]!;
      if (column.type !== 'numeric') throw new Error('Iris is a table');
      return String(column.values[row]! + (column.name === shift.column ? shift.by : 0));
    }),
  );
  return [columns, ...rows].map((row) => row.join(',')).join('\n');
}

function standardDeviation(name: string): number {
  const column = IRIS.columns.find((c) => c.name === name);
  if (column?.type !== 'numeric') throw new Error(`${name} is not numeric`);
  const mean = column.values.reduce((a, b) => a + b, 0) / column.values.length;
  return Math.sqrt(column.values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / column.values.length);
}

describe('monitorBatch', () => {
  it("profiles the model's training rows and its predictions on them", () => {
    expect(reference.columns.map((column) => column.name)).toEqual([
      'sepal_length',
      'sepal_width',
      'petal_length',
      'petal_width',
    ]);
    expect(reference.predictions.kind).toBe('classes');
  });

  it('finds the column shifted by three standard deviations drifted, and no other', async () => {
    const std = standardDeviation('petal_length');
    const report = valueOf(
      await monitorBatch(
        iris.model,
        iris.pipeline,
        reference,
        irisBatch({ column: 'petal_length', by: 3 * std }),
        test,
      ),
    );
    expect(report.columns.filter((column) => column.level === 'drifted').map((column) => column.name)).toEqual([
      'petal_length',
    ]);
    expect(report.columns.find((column) => column.name === 'petal_length')!.sentence).toMatch(
      /^petal_length has drifted: PSI [\d.]+ > 0\.25$/,
    );
    expect(report.metric?.name).toBe('accuracy');
    expect(report.metric?.rows).toBe(IRIS.meta.rowCount);
  });

  it('finds nothing drifted in the data the model was trained on', async () => {
    const report = valueOf(
      await monitorBatch(iris.model, iris.pipeline, reference, irisBatch({ column: '', by: 0 }), test),
    );
    expect(report.columns.every((column) => column.level === 'stable')).toBe(true);
    expect(report.predictions.level).toBe('stable');
  });

  it('keeps the profile through metadata.json, and reads metadata without one (format 3) as having none', () => {
    const metadata = { format: 'tensorloom-model', version: 4, reference };
    expect(savedReferenceOf(JSON.stringify(metadata))).toEqual(reference);
    expect(savedReferenceOf(JSON.stringify({ format: 'tensorloom-model', version: 3 }))).toBeUndefined();
  });

  it('zips the report as Markdown, naming the drifted column (no figures where nothing can draw them)', async () => {
    const report = valueOf(
      await monitorBatch(iris.model, iris.pipeline, reference, irisBatch({ column: 'sepal_width', by: 10 }), test),
    );
    const files = unzipSync(await monitorReportZip(report, 'june.csv'));
    expect(Object.keys(files)).toEqual([MONITOR_REPORT_FILE]);
    const markdown = strFromU8(files[MONITOR_REPORT_FILE]!);
    expect(markdown).toContain('# Drift report: june.csv');
    expect(markdown).toContain('Drifted (PSI > 0.25): sepal_width.');
    expect(markdown).toMatch(/^sepal_width has drifted: PSI [\d.]+ > 0\.25\.$/m);
  });
});
