/**
 * Raw rows typed or pasted by the person, or one image, → predictions, through the pipeline fitted
 * for the model: data/predictRaw.ts, scored by the tfjs model here.
 */
import * as tf from '@tensorflow/tfjs';
import { applyPipeline, type FittedPipeline } from '../data/preprocess';
import { predictCsvTable, predictEncoded, predictPixels, predictRawRows, type Scorer } from '../data/predictRaw';
import type { PredictedTable, Prediction, TableToPredict } from '../model/prediction';
import type { Result } from '../model/result';
import type { StoredDataset } from '../data/schema';

/** Encodes `raw` (column name → cell text) like the training rows and runs the model on it. */
export async function predictRow(
  model: tf.LayersModel,
  pipeline: FittedPipeline,
  raw: Readonly<Record<string, string>>,
): Promise<Result<Prediction>> {
  return (await predictRows(model, pipeline, [raw]))[0]!;
}

/** Runs the model on one image's pixels, as stored (HWC, the model's size and channels). */
export function predictImage(
  model: tf.LayersModel,
  pipeline: FittedPipeline,
  pixels: Uint8Array,
): Promise<Result<Prediction>> {
  return predictPixels(scorerOf(model), pipeline, pixels);
}

/** A prediction per raw row, in batches; a row that cannot be encoded gets why instead. */
export function predictRows(
  model: tf.LayersModel,
  pipeline: FittedPipeline,
  raws: readonly Readonly<Record<string, string>>[],
): Promise<Result<Prediction>[]> {
  return predictRawRows(scorerOf(model), pipeline, raws);
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
  return { ok: true, value: await predictEncoded(scorerOf(model), pipeline, examples) };
}

/** Every row of a CSV table predicted, the predictions in columns after the row's own. */
export function predictTable(
  model: tf.LayersModel,
  pipeline: FittedPipeline,
  table: TableToPredict,
): Promise<Result<PredictedTable>> {
  return predictCsvTable(scorerOf(model), pipeline, table);
}

/** `model` as the pure prediction code runs it: encoded rows in, its outputs back. */
export function scorerOf(model: tf.LayersModel): Scorer {
  return async (x, count, inputShape) => {
    const output = tf.tidy(() => model.predict(tf.tensor(x, [count, ...inputShape])) as tf.Tensor);
    try {
      return (await output.data()) as Float32Array;
    } finally {
      output.dispose();
    }
  };
}
