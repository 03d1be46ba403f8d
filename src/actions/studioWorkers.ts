import {
  createDataWorker,
  createTrainWorker,
  type DataWorker,
  type TrainRun,
  type TrainWorker,
} from '../workers/bridge';
import { superviseRun } from '../workers/crashRecovery';
import { createTrialPool } from '../workers/trialPool';
import type { StudioWorkers } from './types';

/**
 * The studio's workers, started on first use: one data worker for imports and the preview's rows
 * (replaced after a cancelled import), one training worker that keeps the last trained model for
 * prediction and export (replaced when it crashes mid-run, the run going on from its checkpoint).
 */
export function createStudioWorkers(): StudioWorkers {
  let data: DataWorker | undefined;
  let trainer: TrainWorker | undefined;
  let run: TrainRun | undefined;
  let importInFlight: AbortController | undefined;
  const dataWorker = () => (data ??= createDataWorker());
  const trainWorker = () => (trainer ??= createTrainWorker());
  const discardTrainWorker = () => {
    trainer?.terminate();
    trainer = undefined;
  };

  /** Runs one import on the data worker, cancellable by `cancelImport`. */
  const cancellable = async <T>(run: (worker: DataWorker, signal: AbortSignal) => Promise<T>): Promise<T> => {
    const worker = dataWorker();
    const controller = new AbortController();
    importInFlight = controller;
    // Aborting terminates the worker: forget it, so that the next import starts a fresh one.
    controller.signal.addEventListener('abort', () => {
      if (data === worker) data = undefined;
    });
    try {
      return await run(worker, controller.signal);
    } finally {
      if (importInFlight === controller) importInFlight = undefined;
    }
  };

  return {
    importCsv: (source, onProgress) =>
      cancellable((worker, signal) => worker.importCsv(source, { onProgress, signal })),
    importImages: (source, settings, onProgress) =>
      cancellable((worker, signal) => worker.importImages(source, settings, { onProgress, signal })),
    cancelImport: () => importInFlight?.abort(),
    readRows: (datasetId, start, count) => dataWorker().readRows(datasetId, start, count),
    findInRows: (datasetId, target) => dataWorker().findInRows(datasetId, target),
    train: (request, onEvent) => {
      run = superviseRun({ current: trainWorker, discard: discardTrainWorker }, request, onEvent);
      return run.finished;
    },
    stopTraining: () => run?.stop(),
    pauseTraining: () => run?.pause(),
    resumeTraining: () => run?.resume(),
    predict: (input) => trainWorker().api.predict(input),
    predictTable: (table) => trainWorker().api.predictTable(table),
    monitorBatch: (text) => trainWorker().api.monitorBatch(text),
    monitorImages: (source) => trainWorker().api.monitorImages(source),
    monitorReportZip: (report, batchName) => trainWorker().api.monitorReportZip(report, batchName),
    exportModel: (options) => trainWorker().api.exportModel(options),
    exportModelCard: (options) => trainWorker().api.exportModelCard(options),
    previewExport: (compression) => trainWorker().api.previewExport(compression),
    evaluate: (split) => trainWorker().api.evaluate(split),
    sweepData: (config) => trainWorker().api.sweepData(config),
    importModel: (request) => trainWorker().api.importModel(request),
    findLearningRate: (request, onProgress) => trainWorker().findLearningRate(request, onProgress),
    stopFindingLearningRate: () => void trainer?.api.stopFindingLearningRate(),
    rankFeatures: (config, backend, onProgress) => trainWorker().rankFeatures(config, backend, onProgress),
    createTrialPool: (size) =>
      createTrialPool({
        size,
        createWorker: createTrainWorker,
        cores: globalThis.navigator?.hardwareConcurrency ?? 1,
      }),
  };
}
