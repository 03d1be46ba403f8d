/**
 * What a training run is given and what it leaves: its settings, its per-epoch logs, the record
 * that makes it repeatable, and the checkpoints a fresh worker resumes from. Shared by the engine
 * that trains, the workers that carry it and the run store that keeps it.
 */
import type { EarlyStoppingState } from './earlyStopping';
import type { TrainingConfig } from './project';

/** The training settings are part of the project document; a run receives them as saved. */
export type TrainSettings = TrainingConfig;

/** Per-epoch metrics, Keras names: loss, val_loss, acc, val_acc (classification), mse, val_mse (regression). */
export type EpochLogs = Readonly<Record<string, number>>;

/**
 * What a run's numbers depend on besides the project and the backend, recorded with the run: the
 * same project, backend and record repeat the same curves.
 */
export interface RunRecord {
  /** Seeds the split, the initial weights, the shuffles and the dropout masks. */
  readonly seed: number;
  readonly tfjsVersion: string;
  readonly appVersion: string;
}

export interface FinishedEpoch {
  readonly epoch: number;
  readonly logs: EpochLogs;
}

/** One weight of a model, by position in `model.weights`; `buffer` holds exactly its values. */
export interface SavedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32';
  readonly buffer: ArrayBuffer;
}

/**
 * Where a run stood after an epoch: enough for a fresh worker to go on from the next one. The
 * learning-rate schedule, the shuffles, the augmentation and the dropout masks follow from the
 * epoch and the seed; the optimiser's slots (Adam's moments, momentum) are not kept.
 */
export interface Checkpoint {
  /** The 0-based epoch just finished. */
  readonly epoch: number;
  /** That epoch's logs. */
  readonly logs: EpochLogs;
  readonly weights: readonly SavedTensor[];
  /** Early stopping's rule, when it is on. */
  readonly earlyStopping?: EarlyStoppingState;
  /** The best epoch's weights, kept to restore at the end, when they are not `weights`. */
  readonly bestWeights?: readonly SavedTensor[];
  /** Examples trained on and time spent training so far, so samples/s and the ETA go on. */
  readonly samples: number;
  readonly elapsedMs: number;
}
