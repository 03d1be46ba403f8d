/**
 * Raw inputs (rows typed or pasted as in the CSV, an image's pixels, a CSV table) → predictions,
 * through the pipeline fitted for the model, given a `Scorer` that runs the model. Pure: the
 * studio's engine scores with the tfjs module, the exported web app (src/webapp) with tfjs's
 * browser bundle, so both encode inputs and read scores with this one implementation.
 */
import type { PredictedTable, Prediction, TableToPredict } from '../model/prediction';
import type { Result } from '../model/result';
import { readRowsToPredict, rowRecord, toCsv, withPredictions } from './predictionTable';
import { dataContextFor, targetToOriginal, transformImage, transformRawRow, type FittedPipeline } from './preprocess';

/**
 * Runs the model on `count` encoded examples (`x`: count × inputSize, row-major; each example
 * shaped `inputShape`) and returns its outputs, count × outputs, row-major. At most
 * BATCH_ROWS examples a call.
 */
export type Scorer = (x: Float32Array, count: number, inputShape: readonly number[]) => Promise<Float32Array>;

/** Rows per scorer call when many are asked for: few enough to bound the memory of one call. */
const BATCH_ROWS = 1024;
/** Rows of a predicted table the panel shows; the download has them all. */
const SHOWN_ROWS = 20;

/** A prediction per raw row (column name → cell text), in batches; a row that cannot be encoded gets why instead. */
export async function predictRawRows(
  score: Scorer,
  pipeline: FittedPipeline,
  raws: readonly Readonly<Record<string, string>>[],
): Promise<Result<Prediction>[]> {
  const encoded = raws.map((raw) => transformRawRow(pipeline, raw));
  const readable = encoded.flatMap((row) => (row.ok ? [row.value] : []));
  const predictions = await predictEncoded(score, pipeline, readable);
  let next = 0;
  return encoded.map((row) => (row.ok ? { ok: true, value: predictions[next++]! } : row));
}

/** One image's pixels, as stored (HWC, the model's size and channels), predicted. */
export async function predictPixels(
  score: Scorer,
  pipeline: FittedPipeline,
  pixels: Uint8Array,
): Promise<Result<Prediction>> {
  const encoded = transformImage(pipeline, pixels);
  return encoded.ok ? { ok: true, value: (await predictEncoded(score, pipeline, [encoded.value]))[0]! } : encoded;
}

/** Every row of a CSV table predicted, the predictions in columns after the row's own. */
export async function predictCsvTable(
  score: Scorer,
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
  const predictions = await predictRawRows(
    score,
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

/** Encoded examples (each `pipeline.inputSize` long) scored in bounded batches and read as predictions. */
export async function predictEncoded(
  score: Scorer,
  pipeline: FittedPipeline,
  rows: readonly Float32Array[],
): Promise<Prediction[]> {
  const { inputShape } = dataContextFor(pipeline);
  const predictions: Prediction[] = [];
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const batch = rows.slice(start, start + BATCH_ROWS);
    const x = new Float32Array(batch.length * pipeline.inputSize);
    batch.forEach((row, i) => x.set(row, i * pipeline.inputSize));
    const scores = await score(x, batch.length, inputShape);
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
