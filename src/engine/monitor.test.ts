import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceProfile } from '../data/monitor/profile';
import { sampleDataset } from '../test/csvDataset';
import { valueOf } from '../test/results';
import { trainedForExport } from '../test/training';
import type { TrainedModel } from './export/trainedModel';
import { savedReferenceOf } from './importModel';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { StoredDataset } from '../data/schema';
import { TEMPLATES } from '../model/templates';
import { fakeImageBytes, fakeImageDecoder } from '../test/fakeImageDecoder';
import { pngHeader } from '../test/imageHeaders';
import { errorOf } from '../test/results';
import { MONITOR_REPORT_FILE, monitorBatch, monitorImageBatch, monitorReportZip } from './monitor';

const IRIS = sampleDataset('iris.csv');
const test = { name: 'accuracy', split: 'test', value: { value: 0.9 } } as const;
let iris: TrainedModel;
let reference: ReferenceProfile;

/**
 * 8×8 gray images, each one flat grey (as the fake decoder paints a file): `dark` ones at four
 * levels from 20 to 50, `light` ones at four from 180 to 210, each level as common, so any large
 * share of them (the training rows) is spread as all of them are.
 */
const SIZE = 8;
const greys = Array.from({ length: 160 }, (_, i) => [20, 180, 30, 190, 40, 200, 50, 210][i % 8]!);
const labelOf = (grey: number) => (grey < 128 ? 'dark' : 'light');
const TONES: StoredDataset = {
  meta: {
    id: 'tones',
    name: 'tones',
    source: 'file',
    kind: 'images',
    rowCount: greys.length,
    bytes: greys.length * SIZE * SIZE,
    createdAt: 0,
    preview: [],
    columns: [
      { name: 'image', type: 'image', missing: 0, unique: 0, height: SIZE, width: SIZE, channels: 1 },
      {
        name: 'label',
        type: 'categorical',
        missing: 0,
        unique: 2,
        valueCounts: { values: ['dark', 'light'], counts: [80, 80] },
      },
    ],
    images: {
      height: SIZE,
      width: SIZE,
      channels: 1,
      thumbnails: [],
      skipped: [],
      skippedCount: 0,
      sourceSizes: [{ width: SIZE, height: SIZE, count: greys.length }],
      sourceSizeCount: 1,
    },
  },
  columns: [
    {
      name: 'image',
      type: 'image',
      height: SIZE,
      width: SIZE,
      channels: 1,
      pixels: Uint8Array.from(greys.flatMap((grey) => new Array<number>(SIZE * SIZE).fill(grey))),
    },
    {
      name: 'label',
      type: 'categorical',
      codes: Int32Array.from(greys, (grey) => (labelOf(grey) === 'dark' ? 0 : 1)),
      vocabulary: ['dark', 'light'],
    },
  ],
};
let tones: TrainedModel;
let tonesReference: ReferenceProfile;

beforeAll(async () => {
  await tf.setBackend('cpu');
  iris = await trainedForExport(IRIS, 'species', 5);
  reference = valueOf(await iris.reference());
  const cnn = TEMPLATES.find((template) => template.id === 'cnn')!;
  tones = await trainedForExport(TONES, 'label', 3, cnn.build());
  tonesReference = valueOf(await tones.reference());
  // Two models trained: longer than a hook's default 10 s on a busy machine.
}, 60_000);

afterAll(() => {
  iris.model.dispose();
  tones.model.dispose();
});

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

/** A PNG of the tones' size that the fake decoder paints `grey` (0: refuses as damaged). */
const pngBlob = (grey: number, [width, height] = [SIZE, SIZE]) =>
  new Blob([fakeImageBytes(pngHeader(width, height), grey) as Uint8Array<ArrayBuffer>]);

/** The tones' images as PNG files in class folders, each `brighter` by that many grey levels (at most white). */
function tonesFiles(brighter: number, size?: [number, number]) {
  return greys.map((grey, i) => ({
    path: `june/${labelOf(grey)}/${i}.png`,
    file: pngBlob(Math.min(255, grey + brighter), size),
  }));
}

describe('monitorImageBatch', () => {
  const check = (source: Parameters<typeof monitorImageBatch>[3], model = tones, profile = tonesReference) =>
    monitorImageBatch(model.model, model.pipeline, profile, source, fakeImageDecoder(), test);

  it("profiles the training images' brightness and contrast", () => {
    const [image] = tonesReference.columns;
    expect(image).toMatchObject({ kind: 'image', name: 'image' });
    if (image?.kind !== 'image') throw new Error('image expected');
    expect(image.imageMeans).toHaveLength(1);
    expect(image.imageStds).toHaveLength(1);
  });

  it('finds the brightened images drifted in their mean only, and measures accuracy on the class folders', async () => {
    const report = valueOf(await check({ kind: 'files', files: tonesFiles(60) }));
    expect(report.rows).toBe(greys.length);
    expect(report.columns.map((column) => [column.name, column.level])).toEqual([
      ['gray channel mean', 'drifted'],
      ['gray channel std', 'stable'],
      ['image size before resizing', 'stable'],
    ]);
    expect(report.columns[0]!.sentence).toMatch(/^gray channel mean has drifted: PSI [\d.]+ > 0\.25$/);
    expect(report.metric).toMatchObject({ name: 'accuracy', rows: greys.length });
    const markdown = strFromU8(unzipSync(await monitorReportZip(report, 'june'))[MONITOR_REPORT_FILE]!);
    expect(markdown).toContain('Drifted (PSI > 0.25): gray channel mean.');
    expect(markdown).toMatch(/^gray channel mean has drifted: PSI [\d.]+ > 0\.25\.$/m);
  });

  it('finds the training images themselves stable, from a zip', async () => {
    const zip = zipSync(
      Object.fromEntries(
        await Promise.all(
          tonesFiles(0).map(async ({ path, file }) => [path, new Uint8Array(await file.arrayBuffer())] as const),
        ),
      ),
    );
    const report = valueOf(await check({ kind: 'zip', file: new Blob([zip]) }));
    expect(report.columns.every((column) => column.level === 'stable')).toBe(true);
    expect(report.predictions.level).toBe('stable');
    expect(report.rows).toBe(greys.length);
  });

  it('finds images that came in another size drifted in their size only', async () => {
    const report = valueOf(await check({ kind: 'files', files: tonesFiles(0, [64, 48]) }));
    expect(report.columns.filter((column) => column.level !== 'stable').map((column) => column.name)).toEqual([
      'image size before resizing',
    ]);
  });

  it('counts files it cannot decode and leaves them out, without failing the batch', async () => {
    const files = [
      ...tonesFiles(0).slice(0, 4),
      { path: 'june/dark/broken.png', file: pngBlob(0) },
      { path: 'june/notes.txt', file: new Blob([strToU8('not an image')]) },
    ];
    const report = valueOf(await check({ kind: 'files', files }));
    expect(report.rows).toBe(4);
    expect(report.notes).toEqual([expect.stringMatching(/^2 files could not be read and were left out \(/)]);
    const markdown = strFromU8(unzipSync(await monitorReportZip(report, 'june'))[MONITOR_REPORT_FILE]!);
    expect(markdown).toContain(report.notes![0]);
  });

  it('refuses images for a table model, and a zip with no images, with a sentence', async () => {
    expect(errorOf(await check({ kind: 'files', files: tonesFiles(0) }, iris, reference))).toBe(
      'This model does not read images: choose a CSV file of rows with the columns it reads (sepal_length, sepal_width, petal_length, petal_width).',
    );
    const notes = zipSync({ 'june/readme.txt': strToU8('no pictures here') });
    expect(errorOf(await check({ kind: 'zip', file: new Blob([notes]) }))).toMatch(
      /^No image could be imported; the one file was skipped \(june\/readme.txt: not an image/,
    );
    expect(
      errorOf(await monitorBatch(tones.model, tones.pipeline, tonesReference, 'image,label\na.png,dark', test)),
    ).toBe('This model reads images: choose image files for its batch, not a table.');
  });
});
