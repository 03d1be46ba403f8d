import * as tf from '@tensorflow/tfjs';
import { dataContextFor, prepareTrainingData, type PreparedData } from '../data/preprocess';
import type { StoredDataset } from '../data/schema';
import { buildModel } from '../engine/build';
import { evaluateModel } from '../engine/evaluate';
import { trainingReference } from '../engine/monitor';
import type { TrainedModel } from '../engine/export/trainedModel';
import { trainModel } from '../engine/train';
import type { Graph } from '../model/graph';
import { DEFAULT_TRAINING } from '../model/project';
import { defaultGraph } from '../model/templates';

/** Prepares `target` (seeded split), trains `graph` (the default MLP) for `epochs`, and returns what evaluation needs with the last logs. */
export async function trainedOn(
  data: StoredDataset,
  target: string,
  epochs: number,
  testFraction = 0,
  graph: Graph = defaultGraph(),
) {
  const prepared = prepareTrainingData(data, {
    target,
    seed: 42,
    validationFraction: 0.2,
    testFraction,
    splitOrder: 'random',
    columns: [],
  });
  if (!prepared.ok) throw new Error(prepared.error);
  const { pipeline, train, validation } = prepared.value;
  const context = dataContextFor(pipeline);
  const built = buildModel(graph, context);
  if (!built.ok) throw new Error(built.error);
  const outcome = await trainModel(built.value, {
    data: context,
    settings: { ...DEFAULT_TRAINING, epochs },
    seed: 7,
    train,
    validation,
    targetStd: pipeline.target.scale?.std,
  });
  if (!outcome.ok) throw new Error(outcome.error);
  return { model: built.value, prepared: prepared.value, logs: outcome.value.logs };
}

/** The held-out rows of `split` as evaluation takes them. */
export function evaluationInput(
  data: StoredDataset,
  prepared: PreparedData,
  split: 'validation' | 'test' = 'validation',
) {
  const [examples, rows] =
    split === 'validation' ? [prepared.validation, prepared.validationRows] : [prepared.test, prepared.testRows];
  return { runId: 'run-1', pipeline: prepared.pipeline, dataset: data, split, examples, rows };
}

/** A trained model as the training worker hands it to the exporters, measured on its test split. */
export async function trainedForExport(
  data: StoredDataset,
  target: string,
  epochs: number,
  graph: Graph = defaultGraph(),
): Promise<TrainedModel> {
  const { model, prepared, logs } = await trainedOn(data, target, epochs, 0.2, graph);
  const trainSettings = { ...DEFAULT_TRAINING, epochs };
  return {
    model,
    graph,
    pipeline: prepared.pipeline,
    withoutMetadata: false,
    backend: 'cpu',
    record: { seed: 42, tfjsVersion: tf.version.tfjs, appVersion: '0.0.0-test' },
    trainSettings,
    finalMetrics: logs,
    epochsRun: epochs,
    data: {
      name: data.meta.name,
      rows: data.meta.rowCount,
      droppedRows: prepared.droppedRows,
      split: { train: prepared.train.count, validation: prepared.validation.count, test: prepared.test.count },
    },
    evaluate: (candidate) => evaluateModel(candidate, evaluationInput(data, prepared, 'test')),
    reference: () => trainingReference(model, prepared.pipeline, data, prepared.trainRows),
  };
}
