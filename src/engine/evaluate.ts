/**
 * Evaluates a trained model on held-out examples: runs it (tfjs) and hands the outputs to the pure
 * assembly in src/model/evaluation.ts. Runs in Node on the cpu backend (the tests) and in the
 * training worker on any backend.
 */
import * as tf from '@tensorflow/tfjs';
import { formatFloat32 } from '../data/cells';
import { dataContextFor, targetToOriginal, type EncodedRows, type FittedPipeline } from '../data/preprocess';
import type { StoredColumn, StoredDataset } from '../data/schema';
import {
  classificationEvaluation,
  regressionEvaluation,
  type Evaluation,
  type EvaluationSplit,
  type RowDescriber,
} from '../model/evaluation';
import type { Result } from '../model/result';

export interface EvaluationInput {
  readonly runId: string;
  readonly pipeline: FittedPipeline;
  /** The data set the examples come from: listed examples show its raw cells. */
  readonly dataset: StoredDataset;
  readonly split: EvaluationSplit;
  /** The split's examples, encoded by `pipeline`. */
  readonly examples: EncodedRows;
  /** The data-set row of each example. */
  readonly rows: Uint32Array;
}

/** Rows per `predict` call: large enough to be cheap, small enough to bound the memory of one call. */
const PREDICT_CHUNK = 1024;

/** Leaves no tensors behind. Fails (for the person) only when there is nothing to evaluate. */
export async function evaluateModel(model: tf.LayersModel, input: EvaluationInput): Promise<Result<Evaluation>> {
  const { runId, pipeline, dataset, examples, rows, split } = input;
  if (examples.count === 0) {
    return {
      ok: false,
      error: `There is no ${split} split to evaluate on: set a ${split} share above 0 on the Data view and train again.`,
    };
  }
  const subject = { runId, split };
  const { task, labels, inputShape } = dataContextFor(pipeline);
  const outputs = await predictAll(model, inputShape, examples);
  if (task === 'regression') {
    // Metrics in the target's own units, not the standardised ones the model was trained in.
    const original = (values: Float32Array) => values.map((value) => targetToOriginal(pipeline, value));
    return {
      ok: true,
      value: regressionEvaluation(subject, pipeline.target.name, original(examples.y), original(outputs)),
    };
  }

  // A binary head is one sigmoid unit, the probability of the second (positive) label, as in predict.ts.
  const probabilities =
    task === 'binary'
      ? Array.from({ length: 2 * outputs.length }, (_, j) => (j % 2 === 0 ? 1 - outputs[j >> 1]! : outputs[j >> 1]!))
      : outputs;
  const actual = Int32Array.from(examples.y);
  return {
    ok: true,
    value: classificationEvaluation(subject, { labels, probabilities, actual, rows }, rawCells(dataset, pipeline)),
  };
}

/** The model's outputs for every example, row-major, predicted chunk by chunk. */
async function predictAll(
  model: tf.LayersModel,
  inputShape: readonly number[],
  examples: EncodedRows,
): Promise<Float32Array> {
  const size = inputShape.reduce((a, b) => a * b, 1);
  const chunks: Float32Array[] = [];
  for (let start = 0; start < examples.count; start += PREDICT_CHUNK) {
    const count = Math.min(PREDICT_CHUNK, examples.count - start);
    const output = tf.tidy(() => {
      const x = tf.tensor(examples.x.subarray(start * size, (start + count) * size), [count, ...inputShape]);
      return model.predict(x) as tf.Tensor;
    });
    chunks.push((await output.data()) as Float32Array);
    output.dispose();
  }
  const all = new Float32Array(chunks.reduce((n, chunk) => n + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return all;
}

/** A data-set row's feature cells as text: numbers as their stored float32 value, categories by name, missing as ''. */
function rawCells(dataset: StoredDataset, pipeline: FittedPipeline): RowDescriber {
  const columns = pipeline.features.map(({ name }) => dataset.columns.find((c) => c.name === name)!);
  return {
    columns: pipeline.features.map(({ name }) => name),
    valuesOf: (row) => columns.map((column) => cellText(column, row)),
  };
}

function cellText(column: StoredColumn, row: number): string {
  if (column.type === 'numeric') {
    const value = column.values[row]!;
    return Number.isNaN(value) ? '' : formatFloat32(value);
  }
  // An image has no text to list; its size says which input it was.
  if (column.type === 'image') return `${column.width}×${column.height} image`;
  const code = column.codes[row]!;
  return code < 0 ? '' : column.vocabulary[code]!;
}
