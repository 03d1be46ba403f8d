/**
 * THE message contract between the UI thread and the workers. Both sides import this file and
 * nothing else from each other. Coarse commands go over Comlink (`Remote<…Api>`); high-rate
 * training events go over a dedicated MessagePort, throttled to ≤ 10 messages per second.
 */
import type { Graph } from '../model/graph';
import type { BackendName } from '../model/layers/layerKind';
import type { ImageImportSettings } from '../data/imageSettings';
import type { CsvImportProgress, ImageImportProgress } from '../data/importProgress';
import type { RowPage } from '../data/rows';
import type { DataConfig, DatasetMeta } from '../data/schema';
import type { Evaluation, EvaluationSplit } from '../model/evaluation';
import type { ExportCompression, ExportedModel, ExportFile, ExportOptions, ExportPreview } from '../model/modelExport';
import type { PredictedTable, Prediction, PredictInput, TableToPredict } from '../model/prediction';
import type { Result } from '../model/result';
import type { Checkpoint, EpochLogs, FinishedEpoch, RunRecord, TrainSettings } from '../model/run';
import type { Shape } from '../model/shapes';
import type { DataContext } from '../model/task';

export const PROTOCOL_VERSION = 8;

// ── data worker ──────────────────────────────────────────────────────────────

export type CsvSource =
  | {
      readonly kind: 'file';
      readonly file: File;
      /** Whether the first row names the columns; absent: detected (a first row of numbers is data). */
      readonly firstRowIsHeader?: boolean;
    }
  | { readonly kind: 'sample'; readonly url: string; readonly name: string };

/** A file picked from a folder, with its path inside the folder (`webkitRelativePath`, or found by walking a dropped directory). */
export interface FolderFile {
  readonly path: string;
  readonly file: File;
}

/** Images: a zip file, the files of a folder, or a sample zip to fetch. Each sub-folder is a class. */
export type ImageSource =
  | { readonly kind: 'file'; readonly file: File }
  | { readonly kind: 'folder'; readonly name: string; readonly files: readonly FolderFile[] }
  | { readonly kind: 'sample'; readonly url: string; readonly name: string };

export interface DataWorkerApi {
  readonly protocolVersion: number;
  /**
   * Streams the file (or the fetched sample) twice, checking it and inferring column types, then
   * storing its rows in IndexedDB as typed-array chunks, and resolves to the stored data set's
   * meta. `onProgress` arrives as a `Comlink.proxy`; it is called at most 10 times a second, plus
   * once at the end of each pass. The only way to stop an import is to terminate the worker (the
   * bridge does, on abort); the chunks it wrote are removed when the next data worker starts.
   */
  importCsv(source: CsvSource, onProgress: (progress: CsvImportProgress) => void): Promise<Result<DatasetMeta>>;
  /**
   * Reads the zip's entries (or the folder's files) one at a time, decodes each image, resizes it
   * to `settings.size` square (grayscale or RGB) and stores the pixels in IndexedDB in chunks; the
   * meta lists thumbnails per class and the files skipped, with why. Progress and cancelling as
   * for `importCsv` (files done of files to look at).
   */
  importImages(
    source: ImageSource,
    settings: ImageImportSettings,
    onProgress: (progress: ImageImportProgress) => void,
  ): Promise<Result<DatasetMeta>>;
  getDataset(id: string): Promise<DatasetMeta | undefined>;
  /**
   * Rows [start, start + count) of a stored table as cell text (numbers as their shortest float32
   * text, categories as their names, missing cells empty), clipped to the data set and to
   * MAX_ROWS_PER_READ (500) rows. Only the chunks covering the rows are read; the worker keeps the
   * last two decoded, so reading on within them costs no storage read. Fails with a sentence when
   * the data set is not stored or its chunks are damaged.
   */
  readRows(datasetId: string, start: number, count: number): Promise<Result<RowPage>>;
}

// ── training worker ──────────────────────────────────────────────────────────

export interface TrainRequest {
  readonly runId: string;
  readonly graph: Graph;
  /** The dataset, target and split; rows are read from IndexedDB inside the worker. */
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
}

/** The WebGPU adapter a worker sees: `isFallback` for software ones (SwiftShader), which count as no GPU. */
export interface GpuAdapter {
  readonly description: string;
  readonly isFallback: boolean;
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
    }
  | {
      readonly type: 'train/error';
      readonly runId: string;
      readonly message: string;
      /** Set when the worker failed rather than the run (see WorkerCrash); the studio may resume the run elsewhere. */
      readonly crash?: WorkerCrash;
    };

/** What a sweep's Python export reads, and the shapes its script builds the model for. */
export interface SweepData {
  /** The .npz of `sweepDataArrays` (src/sweep/codegen/python.ts); its buffer is transferred. */
  readonly file: ExportFile;
  /** As the fitted pipeline gives it: the same DataContext a trial's model was built for. */
  readonly data: DataContext;
  readonly trainRows: number;
  readonly validationRows: number;
}

/** An imported model's files, read on the UI thread and checked there (model/modelImport.ts). */
export interface ModelImportRequest {
  /** The run the imported model stands for: its evaluations carry this id. */
  readonly runId: string;
  readonly modelJson: string;
  /** The weight files' bytes, in the order the manifest joins them (`checkWeightFiles`); transferred. */
  readonly weights: readonly ArrayBuffer[];
  /** metadata.json's text, when the files came with one (the studio's own export). */
  readonly metadata?: string;
  /** The graph the canvas will show: it picks the backend, and the Keras export is written from it. */
  readonly graph: Graph;
  /** The project's data and settings now: what the model is evaluated on. */
  readonly data: DataConfig;
  readonly settings: TrainSettings;
}

export interface ImportedModelInfo {
  /** Each layer's output shape, by its name in model.json, as the loaded model reports it. */
  readonly layerShapes: Readonly<Record<string, Shape>>;
  /**
   * Why the model cannot be evaluated, predicted with or exported on the project's current data,
   * worded to follow "cannot be evaluated here: "; absent when it can, and the worker then holds
   * it as its trained model (replacing the last run's).
   */
  readonly notUsable?: string;
}

export interface TrainWorkerApi {
  readonly protocolVersion: number;
  /** Trains one run; events stream to `events` until `train/done` or `train/error`. */
  train(request: TrainRequest, events: MessagePort): Promise<void>;
  /** Stops the current run after the batch in progress (at once when paused); the weights so far are kept. */
  stop(): void;
  /**
   * Pauses the current run after the batch in progress: the worker posts `train/paused` and waits,
   * using no CPU, until `resume()` or `stop()`. Ignored when no run is in progress.
   */
  pause(): void;
  /** Lets a paused run go on from where it paused. */
  resume(): void;
  /**
   * Predicts through the saved preprocessing: one raw row (column name → text as in the CSV), or
   * one image (PNG, JPEG, GIF, BMP or WebP bytes), decoded and resized as the import did.
   */
  predict(input: PredictInput): Promise<Result<Prediction>>;
  /** Predicts every row of a CSV table (a header naming the features, or none), each row's prediction in columns after it. */
  predictTable(table: TableToPredict): Promise<Result<PredictedTable>>;
  /**
   * The trained model in `options.format`, pruned and quantised as asked, with metadata.json, a
   * README and the model card (MODEL_CARD.md, confusion-matrix.png, model-card.html), zipped or as
   * separate files. Fails with a sentence naming the layers a format cannot write.
   */
  exportModel(options: ExportOptions): Promise<Result<ExportedModel>>;
  /** The model card of the export `options` describe, alone: one file, model-card.html, self-contained. */
  exportModelCard(options: Omit<ExportOptions, 'packaging'>): Promise<Result<ExportedModel>>;
  /**
   * Sizes and test-split metrics of the trained model as it is and pruned and quantised as
   * `compression` says (tfjs's own loader reads the written weights back), and which layers each
   * other format cannot write. Fails while a run is in progress.
   */
  previewExport(compression: ExportCompression): Promise<Result<ExportPreview>>;
  /**
   * Evaluates the trained model on one of its run's held-out splits, kept from training: the
   * validation split (exactly the rows behind the run's `val_*` logs) or the test split, which
   * the run never saw. Metrics, curves, the confusion matrix and the first rows of each of its
   * cells with their raw cells. Fails while a run is in progress.
   */
  evaluate(split: EvaluationSplit): Promise<Result<Evaluation>>;
  /**
   * Reads the data set from IndexedDB and prepares it as a run with `config` would (same split,
   * pipeline fitted on the training rows), then writes the training and validation arrays as an
   * .npz for the sweep's Python scripts. Leaves the trained model alone; runs beside a run.
   */
  sweepData(config: DataConfig): Promise<Result<SweepData>>;
  /** The WebGPU adapter this worker would train on, or null when there is none. */
  probeGpu(): Promise<GpuAdapter | null>;
  /**
   * Loads an imported model with tfjs's own loader (`tf.io.fromMemory`): fails with a sentence
   * when tfjs cannot read it (a class it lacks, weights that do not fit their layers). When it
   * loads and takes the project's data, it becomes the model `predict`, `exportModel` and
   * `evaluate` use, its inputs encoded with its metadata.json's preprocessing when it came with
   * one. Fails while a run is in progress.
   */
  importModel(request: ModelImportRequest): Promise<Result<ImportedModelInfo>>;
}
