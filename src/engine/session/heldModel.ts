/**
 * The model a training session keeps after a run (or an import) for `predict`, `exportModel` and
 * `evaluate`, with what evaluating it needs; and the stored data runs and imports read.
 */
import type * as tf from '@tensorflow/tfjs';
import { prepareTrainingData, type PreparedData } from '../../data/preprocess';
import type { FoldChoice } from '../../data/folds';
import type { DataConfig, StoredDataset } from '../../data/schema';
import type { EvaluationSplit } from '../../model/evaluation';
import type { Graph } from '../../model/graph';
import type { Result } from '../../model/result';
import type { EpochLogs, RunRecord, TrainSettings } from '../../model/run';
import type { ReferenceProfile } from '../../data/monitor/profile';
import { evaluateModel, type EvaluationInput } from '../evaluate';
import type { TrainedModel } from '../export/trainedModel';
import { evaluationSetup, savedPipelineOf, savedReferenceOf, type EvaluationSetup } from '../importModel';
import { trainingReference } from '../monitor';

/** Reads a stored data set by id (IndexedDB in the worker); undefined when it is gone. */
export type DatasetSource = (id: string) => Promise<StoredDataset | undefined>;

/** What evaluation needs besides the model, for each held-out split. */
export interface HeldOut extends Omit<EvaluationInput, 'split' | 'examples' | 'rows'> {
  readonly splits: Readonly<Record<EvaluationSplit, Pick<EvaluationInput, 'examples' | 'rows'>>>;
}

/** The model `predict`, `exportModel` and `evaluate` use: the last run that ended with usable weights, or an import. */
export type HeldModel = TrainedModel & { readonly evaluation: HeldOut };

/** Where a held model came from: its run, data and settings. */
export interface Held {
  readonly runId: string;
  readonly graph: Graph;
  readonly backend: TrainedModel['backend'];
  readonly record: RunRecord;
  readonly settings: TrainSettings;
  readonly logs: EpochLogs;
  readonly epochsRun: number;
  readonly dataset: StoredDataset;
  /** Rows left out before splitting, and the training split's size: for the model card. */
  readonly droppedRows: number;
  readonly trainRows: number;
  readonly setup: EvaluationSetup;
  /**
   * Where the reference profile for monitoring comes from: the run's training rows (profiled when
   * first asked), or an import's metadata.json (none before model format 4).
   */
  readonly reference: { readonly trainRows: Uint32Array } | { readonly saved: ReferenceProfile | undefined };
  /** An import that came without its metadata.json: `setup.pipeline` was fitted on the current data for it, not saved with it. */
  readonly withoutMetadata: boolean;
}

/** An import whose metadata.json has no reference profile cannot be monitored. */
const NO_SAVED_REFERENCE =
  "This model's metadata.json has no reference profile of its training data (it was exported before monitoring existed, or without its metadata): export it again from the studio that trained it.";

/** `model` with what exporting and evaluating it needs. The dataset stays in memory with it: evaluation lists rows with their raw cells. */
export function heldModel(
  model: tf.LayersModel,
  {
    runId,
    graph,
    backend,
    record,
    settings,
    logs,
    epochsRun,
    dataset,
    droppedRows,
    trainRows,
    setup: { pipeline, splits },
    reference,
    withoutMetadata,
  }: Held,
): HeldModel {
  let profiled: Promise<Result<ReferenceProfile>> | undefined;
  return {
    model,
    graph,
    pipeline,
    withoutMetadata,
    backend,
    record,
    trainSettings: settings,
    finalMetrics: logs,
    epochsRun,
    data: {
      name: dataset.meta.name,
      rows: dataset.meta.rowCount,
      droppedRows,
      split: { train: trainRows, validation: splits.validation.examples.count, test: splits.test.examples.count },
    },
    evaluation: { runId, pipeline, dataset, splits },
    evaluate: (candidate) => evaluateModel(candidate, { runId, pipeline, dataset, split: 'test', ...splits.test }),
    reference: () =>
      (profiled ??=
        'saved' in reference
          ? Promise.resolve(
              reference.saved
                ? { ok: true as const, value: reference.saved }
                : { ok: false, error: NO_SAVED_REFERENCE },
            )
          : trainingReference(model, pipeline, dataset, reference.trainRows)),
  };
}

/** The stored data set `config` names, split (`fold` validating, when given) and encoded as a run with `config` trains on it. */
export async function storedData(
  getDataset: DatasetSource,
  config: DataConfig,
  fold?: FoldChoice,
): Promise<Result<{ dataset: StoredDataset; prepared: PreparedData }>> {
  if (config.datasetId === null || config.target === null)
    return { ok: false, error: 'Choose a dataset and a target column first.' };
  const dataset = await getDataset(config.datasetId);
  if (!dataset) return { ok: false, error: 'The dataset is no longer stored in this browser; import it again.' };
  const prepared = prepareTrainingData(dataset, { ...config, target: config.target, ...(fold && { fold }) });
  return prepared.ok ? { ok: true, value: { dataset, prepared: prepared.value } } : prepared;
}

/**
 * The project's data set and its held-out splits encoded for an imported model (with its
 * metadata.json's preprocessing when it came with one), or why it cannot take them, worded to
 * follow "cannot be evaluated here: ".
 */
export async function importedHeldOut(
  getDataset: DatasetSource,
  model: tf.LayersModel,
  metadata: string | undefined,
  config: DataConfig,
): Promise<Result<Pick<Held, 'dataset' | 'droppedRows' | 'trainRows' | 'setup' | 'reference' | 'withoutMetadata'>>> {
  if (config.datasetId === null || config.target === null)
    return { ok: false, error: 'choose the data set and target it was trained on' };
  const dataset = await getDataset(config.datasetId);
  if (!dataset) return { ok: false, error: 'the project’s data set is no longer stored in this browser' };
  const saved = metadata === undefined ? undefined : savedPipelineOf(metadata);
  if (saved && !saved.ok) return saved;
  const prepared = prepareTrainingData(dataset, { ...config, target: config.target });
  if (!prepared.ok) return prepared;
  const setup = evaluationSetup(model, saved?.value, dataset, prepared.value);
  if (!setup.ok) return setup;
  return {
    ok: true,
    value: {
      dataset,
      droppedRows: prepared.value.droppedRows,
      trainRows: prepared.value.train.count,
      setup: setup.value,
      reference: { saved: metadata === undefined ? undefined : savedReferenceOf(metadata) },
      withoutMetadata: metadata === undefined,
    },
  };
}
