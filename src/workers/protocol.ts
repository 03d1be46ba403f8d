/**
 * THE message contract between the UI thread and the workers. Both sides import this file and
 * nothing else from each other. Coarse commands go over Comlink (`Remote<…Api>`); high-rate
 * training events go over a dedicated MessagePort, throttled to ≤ 10 messages per second.
 *
 * It holds the worker APIs and the arguments only their calls carry (a CSV's or images' source,
 * the GPU a worker sees). What the calls exchange that the engine or the UI state also use lives
 * in the core, where both import it from: a run's request and its `TrainEvent`s (src/model/run.ts),
 * `Result`, an export's options, a prediction, an imported model. A worker never throws across the
 * boundary: it answers with a `Result`, or ends a run with `train/done` or `train/error`.
 */
import type { FeatureRanking, RankingProgress } from '../data/featureRanking';
import type { ImageImportSettings } from '../data/imageSettings';
import type { CsvImportProgress, ImageImportProgress } from '../data/importProgress';
import type { RowFindings } from '../data/rowFindings';
import type { RowPage } from '../data/rows';
import type { ImageFilesSource } from '../data/import/imageFiles';
import type { MonitorReport } from '../data/monitor/report';
import type { DataConfig, DatasetMeta } from '../data/schema';
import type { Evaluation, EvaluationSplit } from '../model/evaluation';
import type { ExportCompression, ExportedModel, ExportOptions, ExportPreview } from '../model/modelExport';
import type { ImportedModelInfo, ModelImportRequest } from '../model/modelImport';
import type { PredictedTable, Prediction, PredictInput, TableToPredict } from '../model/prediction';
import type { Result } from '../model/result';
import type { BackendChoice } from '../model/project';
import type { TrainRequest } from '../model/run';
import type { SweepData } from '../sweep/codegen/python';
import type { LrRangeProgress, LrRangeRequest, LrRangeResult } from '../sweep/lrRange';

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
  /**
   * What a stored table's rows say beyond its summaries, for predicting `target`: numeric columns
   * that count the rows (IDs) and columns that alone predict the target almost perfectly (see
   * data/rowFindings.ts). Reads every chunk once, every k-th row of a long or wide table. Fails
   * with a sentence when the data set is not stored or its chunks are damaged.
   */
  findInRows(datasetId: string, target: string): Promise<Result<RowFindings>>;
}

// ── training worker ──────────────────────────────────────────────────────────

/** The WebGPU adapter a worker sees: `isFallback` for software ones (SwiftShader), which count as no GPU. */
export interface GpuAdapter {
  readonly description: string;
  readonly isFallback: boolean;
}

export interface TrainWorkerApi {
  /**
   * Answers at once, between batches and while paused: the bridge pings a worker with a run every
   * 5 s and reports it hung when a ping goes unanswered for a minute (watchdog.ts).
   */
  ping(): void;
  /** Trains one run; its `TrainEvent`s (src/model/run.ts) stream to `events` until `train/done` or `train/error`. */
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
   * A monitoring batch (CSV text with a header) held against the model's reference profile: drift
   * per column and of the predictions, and the metric on the batch when it has the target. Refused,
   * with a sentence, for a batch that lacks columns, has a column of another type or no rows.
   */
  monitorBatch(text: string): Promise<Result<MonitorReport>>;
  /**
   * A monitoring batch of images (a zip, or files picked or in a folder) read as the model's input
   * and held against its reference profile: each channel's brightness and contrast, the predictions,
   * and the accuracy on images in folders named after its classes. Files that are not images are
   * counted and left out; refused for a model that does not read images, or when no file is one.
   */
  monitorImages(source: ImageFilesSource): Promise<Result<MonitorReport>>;
  /** The report as a zip (drift-report.md and a PNG per drift it shows), the bytes transferred. */
  monitorReportZip(report: MonitorReport, batchName: string): Promise<Result<Uint8Array>>;
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
  /**
   * The learning-rate range test (src/sweep/lrRange.ts) on the project as `request` describes it: a fresh model,
   * seeded, trained one batch per rate on the training split as a run would. `onProgress` arrives as a
   * `Comlink.proxy`, called at most 10 times a second with the steps done. Leaves the held model alone. Fails
   * while a run or another test is in progress, and when stopped.
   */
  findLearningRate(
    request: LrRangeRequest,
    onProgress: (progress: LrRangeProgress) => void,
  ): Promise<Result<LrRangeResult>>;
  /** Stops the learning-rate test in progress after its current step; it then resolves with an error. */
  stopFindingLearningRate(): void;
  /**
   * Ranks the columns `config` uses by permutation importance (data/featureRanking.ts) with a quick model of its
   * own, fitted on the training split as a run would prepare it, on the `backend` a run with that choice would use. `onProgress` arrives as a `Comlink.proxy`, called
   * at most 10 times a second. Leaves the held model alone. Fails for images and text, and while a run, the
   * learning-rate test or another ranking is in progress.
   */
  rankFeatures(
    config: DataConfig,
    backend: BackendChoice,
    onProgress: (progress: RankingProgress) => void,
  ): Promise<Result<FeatureRanking>>;
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
