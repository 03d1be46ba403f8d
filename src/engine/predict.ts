/** One raw row typed by the person, or one image, → a prediction, through the pipeline fitted for the model. */
import * as tf from '@tensorflow/tfjs';
import { dataContextFor, targetToOriginal, transformImage, transformRawRow, type FittedPipeline } from '../data/preprocess';
import type { Prediction, Result } from '../workers/protocol';

/** Encodes `raw` (column name → cell text) like the training rows and runs the model on it. */
export function predictRow(model: tf.LayersModel, pipeline: FittedPipeline, raw: Readonly<Record<string, string>>): Promise<Result<Prediction>> {
  const encoded = transformRawRow(pipeline, raw);
  return encoded.ok ? predictEncoded(model, pipeline, encoded.value) : Promise.resolve(encoded);
}

/** Runs the model on one image's pixels, as stored (HWC, the model's size and channels). */
export function predictImage(model: tf.LayersModel, pipeline: FittedPipeline, pixels: Uint8Array): Promise<Result<Prediction>> {
  const encoded = transformImage(pipeline, pixels);
  return encoded.ok ? predictEncoded(model, pipeline, encoded.value) : Promise.resolve(encoded);
}

async function predictEncoded(model: tf.LayersModel, pipeline: FittedPipeline, encoded: Float32Array): Promise<Result<Prediction>> {
  const { inputShape, task, labels } = dataContextFor(pipeline);
  const output = tf.tidy(() => model.predict(tf.tensor(encoded, [1, ...inputShape])) as tf.Tensor);
  const scores = Array.from(await output.data());
  output.dispose();

  if (task === 'regression') return { ok: true, value: { value: targetToOriginal(pipeline, scores[0]!) } };
  // A binary head is one sigmoid unit: the probability of the second (positive) label.
  const probabilities = task === 'binary' ? [1 - scores[0]!, scores[0]!] : scores;
  const perClass = labels.map((label, i) => ({ label, p: probabilities[i]! }));
  const best = perClass.reduce((a, b) => (b.p > a.p ? b : a));
  return { ok: true, value: { label: best.label, probabilities: perClass } };
}
