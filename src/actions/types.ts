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
import type { TrainEvent, TrainRequest } from '../model/run';
import type { StudioStores } from '../state/StudioProvider';
import type { SweepData } from '../sweep/codegen/python';
import type { LrRangeProgress, LrRangeRequest, LrRangeResult } from '../sweep/lrRange';
import type { CsvSource, ImageSource } from '../workers/protocol';
import type { TrialPool } from '../workers/trialPool';

/** What actions need from the workers; implemented over workers/bridge.ts. */
export interface StudioWorkers {
  /**
   * Imports in the data worker; `onProgress` gets at most 10 reports a second. Rejects with an
   * AbortError when `cancelImport` stops it.
   */
  importCsv(source: CsvSource, onProgress: (progress: CsvImportProgress) => void): Promise<Result<DatasetMeta>>;
  /** Imports images (a zip, a folder's files, a sample zip) in the data worker; cancelled like `importCsv`. */
  importImages(
    source: ImageSource,
    settings: ImageImportSettings,
    onProgress: (progress: ImageImportProgress) => void,
  ): Promise<Result<DatasetMeta>>;
  /** Stops the import in progress at once (its data worker is terminated; the next import starts a fresh one). */
  cancelImport(): void;
  /**
   * Rows of a stored table as cell text, read in the data worker (at most 500 a call). Resolves
   * with an error when the data worker is shut down before answering (a cancelled import).
   */
  readRows(datasetId: string, start: number, count: number): Promise<Result<RowPage>>;
  /** The data report's findings in a stored table's rows, computed in the data worker (see `DataWorkerApi.findInRows`). */
  findInRows(datasetId: string, target: string): Promise<Result<RowFindings>>;
  /** Runs one training run; events arrive on `onEvent` until done or error. */
  train(request: TrainRequest, onEvent: (event: TrainEvent) => void): Promise<void>;
  stopTraining(): void;
  /** Pauses the run in progress after its current batch; its `train/paused` event follows. */
  pauseTraining(): void;
  resumeTraining(): void;
  predict(input: PredictInput): Promise<Result<Prediction>>;
  predictTable(table: TableToPredict): Promise<Result<PredictedTable>>;
  /** A CSV batch's drift report against the held model's training data (see `TrainWorkerApi.monitorBatch`). */
  monitorBatch(text: string): Promise<Result<MonitorReport>>;
  /** An image batch's drift report against the held model's training images (see `TrainWorkerApi.monitorImages`). */
  monitorImages(source: ImageFilesSource): Promise<Result<MonitorReport>>;
  /** A drift report as the zip "Download report" saves, written in the training worker (see `TrainWorkerApi.monitorReportZip`). */
  monitorReportZip(report: MonitorReport, batchName: string): Promise<Result<Uint8Array>>;
  exportModel(options: ExportOptions): Promise<Result<ExportedModel>>;
  /** The model card of the export `options` describe, alone (model-card.html). */
  exportModelCard(options: Omit<ExportOptions, 'packaging'>): Promise<Result<ExportedModel>>;
  previewExport(compression: ExportCompression): Promise<Result<ExportPreview>>;
  evaluate(split: EvaluationSplit): Promise<Result<Evaluation>>;
  /** The sweep's Python export data (see `TrainWorkerApi.sweepData`), written in the training worker. */
  sweepData(config: DataConfig): Promise<Result<SweepData>>;
  /**
   * The learning-rate range test in the training worker that keeps the last trained model (which it leaves
   * alone); `onProgress` gets at most 10 reports a second.
   */
  findLearningRate(
    request: LrRangeRequest,
    onProgress: (progress: LrRangeProgress) => void,
  ): Promise<Result<LrRangeResult>>;
  /** Stops the learning-rate test in progress after its current step; its call then resolves with an error. */
  stopFindingLearningRate(): void;
  /**
   * The data report's feature ranking in the training worker that keeps the last trained model (which it leaves
   * alone), on the backend a run with `backend` would use; `onProgress` gets at most 10 reports a second.
   */
  rankFeatures(
    config: DataConfig,
    backend: BackendChoice,
    onProgress: (progress: RankingProgress) => void,
  ): Promise<Result<FeatureRanking>>;
  /** Loads an imported model into the training worker that keeps the last trained model. */
  importModel(request: ModelImportRequest): Promise<Result<ImportedModelInfo>>;
  /**
   * Training workers for a sweep's trials, apart from the one that keeps the last trained model:
   * at most `size`, started on first use and reused from trial to trial.
   */
  createTrialPool(size: number): TrialPool;
}

export interface ActionContext extends StudioStores {
  readonly workers: StudioWorkers;
}

/**
 * One user operation. Buttons, keyboard shortcuts and tests all go through the ActionManager,
 * so each behaviour has exactly one implementation.
 */
export interface Action<Data = void> {
  readonly label: string;
  /** The shortcut, if any; at most one action may match a key event. */
  readonly keyTest?: (event: KeyboardEvent) => boolean;
  /** The shortcut as the shortcuts dialog writes it, e.g. "Ctrl+Z". */
  readonly shortcut?: string;
  /** True when the action can run now, else the reason it cannot (shown to the person). */
  readonly predicate?: (ctx: ActionContext) => true | string;
  perform(ctx: ActionContext, data: Data): void | Promise<void>;
}
