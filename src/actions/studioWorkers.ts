import { createDataWorker, createTrainWorker, type DataWorker, type TrainRun } from '../workers/bridge';
import type { StudioWorkers } from './types';

/**
 * The studio's workers, started on first use: one data worker for imports and the preview's rows
 * (replaced after a cancelled import), one training worker that keeps the last trained model for prediction and export.
 */
export function createStudioWorkers(): StudioWorkers {
  let data: DataWorker | undefined;
  let trainer: ReturnType<typeof createTrainWorker> | undefined;
  let run: TrainRun | undefined;
  let importInFlight: AbortController | undefined;
  const dataWorker = () => (data ??= createDataWorker());
  const trainWorker = () => (trainer ??= createTrainWorker());

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
    importCsv: (source, onProgress) => cancellable((worker, signal) => worker.importCsv(source, { onProgress, signal })),
    importImages: (source, settings, onProgress) => cancellable((worker, signal) => worker.importImages(source, settings, { onProgress, signal })),
    cancelImport: () => importInFlight?.abort(),
    readRows: (datasetId, start, count) => dataWorker().readRows(datasetId, start, count),
    train: (request, onEvent) => {
      run = trainWorker().startRun(request, onEvent);
      return run.finished;
    },
    stopTraining: () => run?.stop(),
    pauseTraining: () => run?.pause(),
    resumeTraining: () => run?.resume(),
    predict: (raw) => trainWorker().api.predict(raw),
    exportModel: () => trainWorker().api.exportModel(),
    evaluate: (split) => trainWorker().api.evaluate(split),
  };
}
