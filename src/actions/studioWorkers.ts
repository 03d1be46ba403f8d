import { createDataWorker, createTrainWorker, type TrainRun } from '../workers/bridge';
import type { StudioWorkers } from './types';

/**
 * The studio's workers, started on first use: one data worker for imports, one training worker
 * that keeps the last trained model for prediction and export.
 */
export function createStudioWorkers(): StudioWorkers {
  let data: ReturnType<typeof createDataWorker> | undefined;
  let trainer: ReturnType<typeof createTrainWorker> | undefined;
  let run: TrainRun | undefined;
  const dataApi = () => (data ??= createDataWorker()).api;
  const trainWorker = () => (trainer ??= createTrainWorker());

  return {
    importCsv: (source) => dataApi().importCsv(source),
    train: (request, onEvent) => {
      run = trainWorker().startRun(request, onEvent);
      return run.finished;
    },
    stopTraining: () => run?.stop(),
    predict: (raw) => trainWorker().api.predict(raw),
    exportModel: () => trainWorker().api.exportModel(),
  };
}
