/**
 * Monitoring with a trained model: the reference profile of its training rows (with its own
 * predictions on them), and a new batch of rows held against it.
 */
import type * as tf from '@tensorflow/tfjs';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { ImageDecoder } from '../data/import/imageColumn';
import { readImageBatch } from '../data/import/imageBatch';
import { imageFilesOf, type ImageFilesSource } from '../data/import/imageFiles';
import { listed } from '../data/monitor/batch';
import { driftFigure } from '../data/monitor/driftFigure';
import { imageMonitorReport } from '../data/monitor/imageReport';
import { monitorMarkdown } from '../data/monitor/markdown';
import { referenceProfile, type ReferenceProfile } from '../data/monitor/profile';
import { monitorCsv, type MonitorReport } from '../data/monitor/report';
import { predictEncoded } from '../data/predictRaw';
import { imageInputOf, transformImage, type FittedPipeline } from '../data/preprocess';
import type { StoredDataset } from '../data/schema';
import type { HeadlineMetric } from '../model/evaluation';
import type { Result } from '../model/result';
import { canDrawPng, figurePng } from './export/figurePng';
import { predictStoredRows, scorerOf } from './predict';

/**
 * Training rows profiled at most: deciles and shares are as good from 10,000 rows spread over the
 * set as from all of them, and the model predicts each profiled row.
 */
export const MAX_PROFILED_ROWS = 10_000;

/** The profile of `trainRows` (evenly thinned to MAX_PROFILED_ROWS) and of `model`'s predictions on them. */
export async function trainingReference(
  model: tf.LayersModel,
  pipeline: FittedPipeline,
  dataset: StoredDataset,
  trainRows: Uint32Array,
): Promise<Result<ReferenceProfile>> {
  const step = Math.max(1, trainRows.length / MAX_PROFILED_ROWS);
  const rows =
    step === 1
      ? trainRows
      : Uint32Array.from({ length: Math.floor(trainRows.length / step) }, (_, i) => trainRows[Math.floor(i * step)]!);
  const predictions = await predictStoredRows(model, pipeline, dataset, rows);
  if (!predictions.ok) return predictions;
  return { ok: true, value: referenceProfile(dataset, pipeline, rows, predictions.value) };
}

/** The CSV batch `text` read, predicted through `pipeline` and compared with `reference`. */
export function monitorBatch(
  model: tf.LayersModel,
  pipeline: FittedPipeline,
  reference: ReferenceProfile,
  text: string,
  test: HeadlineMetric,
): Promise<Result<MonitorReport>> {
  return monitorCsv(scorerOf(model), pipeline, reference, text, test);
}

/**
 * A batch of images (`source`: a zip, or files picked or in a folder) read as the model's input,
 * predicted and compared with `reference`; refused, with a sentence, for a model that does not read
 * images, and when no file is an image.
 */
export async function monitorImageBatch(
  model: tf.LayersModel,
  pipeline: FittedPipeline,
  reference: ReferenceProfile,
  source: ImageFilesSource,
  decode: ImageDecoder,
  test: HeadlineMetric,
): Promise<Result<MonitorReport>> {
  const input = imageInputOf(pipeline);
  if (!input)
    return {
      ok: false,
      error: `This model does not read images: choose a CSV file of rows with the columns it reads (${listed(pipeline.features.map((feature) => feature.name))}).`,
    };
  const files = await imageFilesOf(source);
  if (!files.ok) return files;
  const batch = await readImageBatch(
    files.value,
    input,
    pipeline.target.labels,
    decode,
    source.kind === 'zip' ? 'zip' : 'folder',
  );
  if (!batch.ok) return batch;
  const { pixels, count, imageBytes } = batch.value;
  const encoded: Float32Array[] = [];
  for (let i = 0; i < count; i++) {
    const image = transformImage(pipeline, pixels.subarray(i * imageBytes, (i + 1) * imageBytes));
    if (!image.ok) return image;
    encoded.push(image.value);
  }
  const predictions = await predictEncoded(scorerOf(model), pipeline, encoded);
  return { ok: true, value: imageMonitorReport(reference, pipeline, batch.value, predictions, test) };
}

/** The report's Markdown file inside the zip "Download report" saves. */
export const MONITOR_REPORT_FILE = 'drift-report.md';

/**
 * The report as a zip: drift-report.md and, where the worker can draw (OffscreenCanvas), one PNG
 * per drift in figures/, which the Markdown shows.
 */
export async function monitorReportZip(report: MonitorReport, batchName: string): Promise<Uint8Array> {
  const drifts = [
    { title: 'Predictions', drift: report.predictions },
    ...report.columns.map((c) => ({ title: c.name, drift: c })),
  ];
  const figures = new Map<string, { file: string; bytes: Uint8Array }>();
  if (canDrawPng()) {
    for (const [i, { title, drift }] of drifts.entries()) {
      const file = `figures/${i}-${title.replace(/[^A-Za-z0-9_-]+/g, '-')}.png`;
      figures.set(title, { file, bytes: await figurePng(driftFigure(title, drift)) });
    }
  }
  const markdown = monitorMarkdown(report, batchName, (title) => figures.get(title)?.file);
  const entries: Zippable = {
    [MONITOR_REPORT_FILE]: strToU8(markdown),
    // PNGs are compressed already.
    ...Object.fromEntries([...figures.values()].map(({ file, bytes }) => [file, [bytes, { level: 0 }]])),
  };
  return zipSync(entries);
}
