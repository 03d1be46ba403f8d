/**
 * What a training run is given and what it leaves: the request and its settings, the events it
 * reports, its per-epoch logs, the record that makes it repeatable, and the checkpoints a fresh
 * worker resumes from. Shared by the engine's training session that runs it, the workers that
 * carry it and the run store that keeps it.
 */
import type { FoldChoice, FoldsMade } from '../data/folds';
import type { DataConfig } from '../data/schema';
import type { Distillation, DistillSettings, TeacherModel } from './distillation';
import type { EarlyStoppingState } from './earlyStopping';
import type { Graph } from './graph';
import type { BackendName } from './layers/layerKind';
import type { ModelMeasures } from './measures';
import type { ExportFile } from './modelExport';
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

export interface TrainRequest {
  readonly runId: string;
  readonly graph: Graph;
  /** The dataset, target and split; rows are read from IndexedDB where the run trains. */
  readonly data: DataConfig;
  readonly settings: TrainSettings;
  /** A sweep's CPU trial worker: another worker holds the real GPU, so only CPU backends are chosen automatically. */
  readonly gpuReserved?: boolean;
  /**
   * Threads wasm may train on: a sweep trial's share of the cores (sweep/workerMix.ts); every core
   * when absent. A worker's wasm backend keeps the threads it first started with.
   */
  readonly threadBudget?: number;
  /**
   * An imported model's run id: each layer whose node id and weight shapes match one of its
   * layers starts from its weights instead of fresh ones (fine-tuning). The worker must still hold it.
   */
  readonly startFrom?: string;
  /**
   * Goes on from this checkpoint of the same run (same graph, data and settings) after its worker
   * crashed: its weights are set, and training resumes at `resume.epoch + 1`. Copied, not
   * transferred: the studio keeps it in case the fresh worker crashes too.
   */
  readonly resume?: Checkpoint;
  /**
   * Waits paused before the first batch, as after `pause()`, posting `train/paused`: a run the
   * person had paused (or was pausing) when its worker crashed goes on paused in the fresh one.
   */
  readonly startPaused?: boolean;
  /**
   * Distils: the graph (the student) learns from the model the worker holds (the teacher, which
   * must have been trained on the same data set, target, columns and split) as well as from the
   * labels. The teacher's outputs on the training rows are computed once, before training.
   */
  readonly distill?: DistillSettings;
  /** A distilling run's teacher when the worker does not hold it (a trial worker): loaded and held first. */
  readonly teacher?: TeacherModel;
  /**
   * Measures the trained model's size and prediction latency (on the run's backend) before
   * `train/done`, which then carries them: a few seconds more, for candidates compared on them.
   */
  readonly measure?: boolean;
  /**
   * Writes the trained model as a kept run's files (KEPT_MODEL_EXPORT) before `train/done`, which then
   * carries them: a trial whose model may be used later without training it again (an Auto candidate).
   */
  readonly keepModel?: boolean;
  /**
   * One run of a k-fold cross-validation: the rows `data`'s split leaves for training and validation are cut
   * into seeded, stratified folds, and this fold validates (data/folds.ts); the test rows stay untouched.
   * `train/done` then says how many folds were made; a fold that cannot be made ends the run with why.
   */
  readonly fold?: FoldChoice;
}

/** How a worker failed when the run itself did not: a fresh worker can resume from the last checkpoint. */
export type WorkerCrash = 'crashed' | 'unresponsive' | 'device-lost';

export type TrainEvent =
  | {
      readonly type: 'train/backend';
      readonly runId: string;
      readonly backend: BackendName;
      readonly reason: string;
      readonly record: RunRecord;
    }
  | {
      /**
       * At most 10 per second (and once more just before `train/done` or `train/error`), so a fast
       * run never floods the UI thread: where training is, plus every epoch finished since the
       * previous progress event. Epochs are never dropped, only delivered in groups.
       */
      readonly type: 'train/progress';
      readonly runId: string;
      /** 0-based epoch and batch being trained. */
      readonly epoch: number;
      readonly epochs: number;
      readonly batch: number;
      readonly batchesPerEpoch: number;
      /** Examples trained on so far in this run (with elapsedMs, the samples per second). */
      readonly samples: number;
      readonly elapsedMs: number;
      readonly finishedEpochs: readonly FinishedEpoch[];
    }
  /**
   * After an epoch, at most once a second (never after the last one): the run's checkpoint, its
   * weights' buffers transferred. Posted just after a `train/progress` that carries that epoch.
   */
  | { readonly type: 'train/checkpoint'; readonly runId: string; readonly checkpoint: Checkpoint }
  /**
   * Posted by the studio, not a worker: the run's worker crashed and a fresh one goes on from
   * `fromEpoch` (0-based; epochs from there on will be logged again). `note` says so for the run log.
   */
  | { readonly type: 'train/resumed'; readonly runId: string; readonly fromEpoch: number; readonly note: string }
  /** The run reached a batch boundary after `pause()` and waits there for `resume()` or `stop()`. */
  | { readonly type: 'train/paused'; readonly runId: string }
  | {
      readonly type: 'train/done';
      readonly runId: string;
      readonly reason: 'completed' | 'stopped';
      readonly epochsRun: number;
      /** How the run ended, when there is more to say (early stopping, restored weights). */
      readonly note?: string;
      readonly logs: EpochLogs;
      /** A distilling run's teacher and student figures, side by side. */
      readonly distillation?: Distillation;
      /** Set when the request asked to `measure`, or distilled. */
      readonly measures?: ModelMeasures;
      /** Set when the request asked to `keepModel` and the model could be written; its buffers transferred. */
      readonly model?: readonly ExportFile[];
      /** Set for a `fold` run: the folds its rows were cut into (fewer than asked, with why, when a class is small). */
      readonly folds?: FoldsMade;
    }
  | {
      readonly type: 'train/error';
      readonly runId: string;
      readonly message: string;
      /** Set when the worker failed rather than the run (see WorkerCrash); the studio may resume the run elsewhere. */
      readonly crash?: WorkerCrash;
    };
