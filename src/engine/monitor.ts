/**
 * Monitoring with a trained model: the reference profile of its training rows (with its own
 * predictions on them), and a new batch of rows held against it.
 */
import type * as tf from '@tensorflow/tfjs';
import { readMonitorBatch } from '../data/monitor/batch';
import { referenceProfile, type ReferenceProfile } from '../data/monitor/profile';
import { monitorReport, type MonitorReport } from '../data/monitor/report';
import type { FittedPipeline } from '../data/preprocess';
import type { StoredDataset } from '../data/schema';
import type { HeadlineMetric } from '../model/evaluation';
import type { Result } from '../model/result';
import { predictRows, predictStoredRows } from './predict';

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
export async function monitorBatch(
  model: tf.LayersModel,
  pipeline: FittedPipeline,
  reference: ReferenceProfile,
  text: string,
  test: HeadlineMetric,
): Promise<Result<MonitorReport>> {
  const batch = readMonitorBatch(text, pipeline);
  if (!batch.ok) return batch;
  const predictions = await predictRows(model, pipeline, batch.value.rows);
  return {
    ok: true,
    value: monitorReport(
      reference,
      pipeline,
      batch.value,
      predictions.map((prediction) => (prediction.ok ? prediction.value : undefined)),
      test,
    ),
  };
}
