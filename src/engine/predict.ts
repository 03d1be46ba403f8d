/** Raw rows typed or pasted by the person, or one image, → predictions, through the pipeline fitted for the model. */
import * as tf from '@tensorflow/tfjs';
import {
  applyPipeline,
  dataContextFor,
  targetToOriginal,
  transformImage,
  transformRawRow,
  type FittedPipeline,
} from '../data/preprocess';
import { readRowsToPredict, rowRecord, toCsv, withPredictions } from '../data/predictionTable';
import type { PredictedTable, Prediction, TableToPredict } from '../model/prediction';
import type { Result } from '../model/result';
import type { StoredDataset } from '../data/schema';

/** Rows per `predict` call when many are asked for: few enough to bound the memory of one call. */
const BATCH_ROWS = 1024;
/** Rows of a predicted table the panel shows; the download has them all. */
const SHOWN_ROWS = 20;

/** Encodes `raw` (column name → cell text) like the training rows and runs the model on it. */
export async function predictRow(
  model: tf.LayersModel,
  pipeline: FittedPipeline,
  raw: Readonly<Record<string, string>>,
): Promise<Result<Prediction>> {
  return (await predictRows(model, pipeline, [raw]))[0]!;
}

/** Runs the model on one image's pixels, as stored (HWC, the model's size and channels). */
export async function predictImage(
  model: tf.LayersModel,
  pipeline: FittedPipeline,
  pixels: Uint8Array,
): Promise<Result<Prediction>> {
  const encoded = transformImage(pipeline, pixels);
  return encoded.ok ? { ok: true, value: (await predictEncoded(model, pipeline, [encoded.value]))[0]! } : encoded;
}

/** A prediction per raw row, in batches; a row that cannot be encoded gets why instead. */
export async function predictRows(
  model: tf.LayersModel,
  pipeline: FittedPipeline,
  raws: readonly Readonly<Record<string, string>>[],
): Promise<Result<Prediction>[]> {
  const encoded = raws.map((raw) => transformRawRow(pipeline, raw));
  const readable = encoded.flatMap((row) => (row.ok ? [row.value] : []));
  const predictions = await predictEncoded(model, pipeline, readable);
  let next = 0;
  return encoded.map((row) => (row.ok ? { ok: true, value: predictions[next++]! } : row));
}

/** A prediction for each of the stored data set's `rows`, encoded as training encodes them. */
export async function predictStoredRows(
  model: tf.LayersModel,
  pipeline: FittedPipeline,
  dataset: StoredDataset,
  rows: Uint32Array,
): Promise<Result<Prediction[]>> {
  const encoded = applyPipeline(pipeline, dataset, rows);
  if (!encoded.ok) return encoded;
  const { x, count } = encoded.value;
  const examples = Array.from({ length: count }, (_, i) =>
    x.subarray(i * pipeline.inputSize, (i + 1) * pipeline.inputSize),
  );
  return { ok: true, value: await predictEncoded(model, pipeline, examples) };
}

/** Every row of a CSV table predicted, the predictions in columns after the row's own. */
export async function predictTable(
  model: tf.LayersModel,
  pipeline: FittedPipeline,
  { text, columns }: TableToPredict,
): Promise<Result<PredictedTable>> {
  if (pipeline.features.some((feature) => feature.kind === 'image'))
    return { ok: false, error: 'This model predicts from images: drop an image or draw one instead.' };
  const table = readRowsToPredict(
    text,
    columns,
    pipeline.features.map((feature) => feature.name),
  );
  if (!table.ok) return table;
  const predictions = await predictRows(
    model,
    pipeline,
    table.value.rows.map((row) => rowRecord(table.value.header, row)),
  );
  const outcomes = predictions.map((prediction) => (prediction.ok ? prediction.value : { error: prediction.error }));
  const written = withPredictions(table.value, outcomes, pipeline.target.name, dataContextFor(pipeline).labels);
  return {
    ok: true,
    value: {
      csv: toCsv(written),
      header: written.header,
      firstRows: written.rows.slice(0, SHOWN_ROWS),
      rowCount: written.rows.length,
      failedRows: predictions.filter((prediction) => !prediction.ok).length,
    },
  };
}

async function predictEncoded(
  model: tf.LayersModel,
  pipeline: FittedPipeline,
  rows: readonly Float32Array[],
): Promise<Prediction[]> {
  const { inputShape } = dataContextFor(pipeline);
  const predictions: Prediction[] = [];
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const batch = rows.slice(start, start + BATCH_ROWS);
    const x = new Float32Array(batch.length * pipeline.inputSize);
    batch.forEach((row, i) => x.set(row, i * pipeline.inputSize));
    const output = tf.tidy(() => model.predict(tf.tensor(x, [batch.length, ...inputShape])) as tf.Tensor);
    const scores = await output.data();
    output.dispose();
    const width = scores.length / batch.length;
    for (let i = 0; i < batch.length; i++)
      predictions.push(predictionOf(pipeline, Array.from(scores.subarray(i * width, (i + 1) * width))));
  }
  return predictions;
}

function predictionOf(pipeline: FittedPipeline, scores: readonly number[]): Prediction {
  const { task, labels } = dataContextFor(pipeline);
  if (task === 'regression') return { value: targetToOriginal(pipeline, scores[0]!) };
  // A binary head is one sigmoid unit: the probability of the second (positive) label.
  const probabilities = task === 'binary' ? [1 - scores[0]!, scores[0]!] : scores;
  const perClass = labels.map((label, i) => ({ label, p: probabilities[i]! }));
  const best = perClass.reduce((a, b) => (b.p > a.p ? b : a));
  return { label: best.label, probabilities: perClass };
}
