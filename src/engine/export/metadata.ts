/** metadata.json: everything besides the network that predicting on a raw input needs, and how the model came to be. */
import type { ReferenceProfile } from '../../data/monitor/profile';
import type { FittedPipeline } from '../../data/preprocess';
import type { HeadlineMetric } from '../../model/evaluation';
import type { ExportFormat } from '../../model/exportFormats';
import type { BackendName } from '../../model/layers/layerKind';
import type { ExportCompression } from '../../model/modelExport';
import type { EpochLogs, RunRecord, TrainSettings } from '../../model/run';
import type { Task } from '../../model/task';

export const MODEL_FORMAT = 'tensorloom-model';
/**
 * 4 added `reference`; readers take every version (a missing `reference` means the model cannot be
 * monitored, nothing else).
 */
export const MODEL_FORMAT_VERSION = 4;

export interface ModelMetadata {
  readonly format: typeof MODEL_FORMAT;
  readonly version: typeof MODEL_FORMAT_VERSION;
  /** Which files travel with this metadata, and how their weights were pruned and are stored. */
  readonly export: ExportCompression & { readonly format: ExportFormat };
  /** What one example is before preprocessing: a table row, an image or a text. */
  readonly inputKind: 'table' | 'image' | 'text';
  /**
   * Apply this to a raw input, in `features` order, to get the model's input. A text model's
   * tokenizer (settings and vocabulary, id = index) is `features[0].tokenizer`.
   */
  readonly pipeline: FittedPipeline;
  /** Class names in output order; empty for regression. */
  readonly labels: readonly string[];
  readonly task: Task;
  /** The columns a raw row must have. */
  readonly inputColumns: readonly string[];
  /** ISO 8601. */
  readonly createdAt: string;
  /** The run's record: the versions that trained the model, and the seed of its split, initial weights, shuffles and dropout. */
  readonly appVersion: string;
  readonly tfjsVersion: string;
  readonly seed: number;
  readonly backend: BackendName;
  readonly trainSettings: TrainSettings;
  readonly metrics: {
    /** The last epoch's logs (Keras names: loss, acc, val_loss, val_acc, mse …). */
    readonly training: EpochLogs;
    /** The exported model (quantised, when it is) measured on the held-out test split at export. */
    readonly test: HeadlineMetric;
  };
  /**
   * The training rows' profile (per input column, and the model's predictions on them), which the
   * Monitor view compares a new batch with; absent when it could not be computed.
   */
  readonly reference?: ReferenceProfile;
}

export interface MetadataInput {
  readonly pipeline: FittedPipeline;
  readonly backend: BackendName;
  readonly record: RunRecord;
  readonly trainSettings: TrainSettings;
  readonly finalMetrics: EpochLogs;
}

export function modelMetadata(
  input: MetadataInput,
  exported: ModelMetadata['export'],
  test: HeadlineMetric,
  reference: ReferenceProfile | undefined,
): ModelMetadata {
  const { pipeline } = input;
  const kinds = new Set(pipeline.features.map((feature) => feature.kind));
  return {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    export: exported,
    inputKind: kinds.has('image') ? 'image' : kinds.has('text') ? 'text' : 'table',
    pipeline,
    labels: pipeline.target.labels,
    task: pipeline.target.task,
    inputColumns: pipeline.features.map((feature) => feature.name),
    createdAt: new Date().toISOString(),
    appVersion: input.record.appVersion,
    tfjsVersion: input.record.tfjsVersion,
    seed: input.record.seed,
    backend: input.backend,
    trainSettings: input.trainSettings,
    metrics: { training: input.finalMetrics, test },
    ...(reference && { reference }),
  };
}
