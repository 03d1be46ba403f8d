import {
  createDataWorker,
  createTrainWorker,
  type DataWorker,
  type TrainRun,
  type TrainWorker,
} from '../workers/bridge';
import { trialThreadBudget, trialWorkerRoles, type TrialWorkerRole } from '../sweep/workerMix';
import { superviseRun } from './crashRecovery';
import type { StudioWorkers, TrialPool } from './types';

/**
 * The studio's workers, started on first use: one data worker for imports and the preview's rows
 * (replaced after a cancelled import), one training worker that keeps the last trained model for
 * prediction and export (replaced when it crashes mid-run, the run going on from its checkpoint).
 */
export function createStudioWorkers(): StudioWorkers {
  let data: DataWorker | undefined;
  let trainer: ReturnType<typeof createTrainWorker> | undefined;
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
    train: (request, onEvent) => {
      run = superviseRun({ current: trainWorker, discard: discardTrainWorker }, request, onEvent);
      return run.finished;
    },
    stopTraining: () => run?.stop(),
    pauseTraining: () => run?.pause(),
    resumeTraining: () => run?.resume(),
    predict: (input) => trainWorker().api.predict(input),
    predictTable: (table) => trainWorker().api.predictTable(table),
    exportModel: (options) => trainWorker().api.exportModel(options),
    exportModelCard: (options) => trainWorker().api.exportModelCard(options),
    previewExport: (compression) => trainWorker().api.previewExport(compression),
    evaluate: (split) => trainWorker().api.evaluate(split),
    sweepData: (config) => trainWorker().api.sweepData(config),
    importModel: (request) => trainWorker().api.importModel(request),
    createTrialPool,
  };
}

/** How long the first trial worker may take to say whether a real GPU is there (it loads tfjs first). */
const GPU_PROBE_TIMEOUT_MS = 20_000;

/**
 * Up to `size` training workers for a sweep, started on demand and reused. The first one started
 * says whether a real GPU is there; if so it keeps the engine's choice (WebGPU) and the others
 * train on CPU backends only. Each trains on its share of the cores (sweep/workerMix.ts).
 */
function createTrialPool(size: number): TrialPool {
  const threadBudget = trialThreadBudget(globalThis.navigator?.hardwareConcurrency ?? 1, size);
  const workers: TrainWorker[] = [];
  const idle: TrainWorker[] = [];
  const waiting: ((worker: TrainWorker) => void)[] = [];
  const roles = new Map<TrainWorker, Promise<TrialWorkerRole>>();
  let plan: Promise<readonly TrialWorkerRole[]> | undefined;
  const acquire = (): Promise<TrainWorker> => {
    const free = idle.pop();
    if (free) return Promise.resolve(free);
    if (workers.length < size) {
      const worker = createTrainWorker();
      // A call to a worker that crashed while loading never settles: after a while, plan as if no GPU were there
      // (the run's own error then fails the trial), rather than leave the sweep waiting.
      if (!plan) {
        const unanswered = new Promise<null>((resolve) => setTimeout(() => resolve(null), GPU_PROBE_TIMEOUT_MS));
        plan = Promise.race([worker.api.probeGpu(), unanswered]).then(
          (gpu) => trialWorkerRoles(size, gpu !== null && !gpu.isFallback),
          () => trialWorkerRoles(size, false),
        );
      }
      const index = workers.length;
      roles.set(
        worker,
        plan.then((roles) => roles[index] ?? 'any'),
      );
      workers.push(worker);
      return Promise.resolve(worker);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (worker: TrainWorker) => {
    const next = waiting.shift();
    if (next) next(worker);
    else idle.push(worker);
  };
  /** A crashed worker is of no more use: a fresh one takes its place (and its role) for the trials to come. */
  const replace = (crashed: TrainWorker): TrainWorker => {
    crashed.terminate();
    const fresh = createTrainWorker();
    workers[workers.indexOf(crashed)] = fresh;
    roles.set(fresh, roles.get(crashed)!);
    roles.delete(crashed);
    return fresh;
  };
  return {
    train(request, onEvent) {
      let stopped = false;
      let run: TrainRun | undefined;
      const finished = acquire().then(async (worker) => {
        const role = await roles.get(worker)!;
        // The trial's `train/error` fails it; the worker must not take the next one.
        let crashed = false;
        run = worker.startRun(
          { ...request, threadBudget, ...(role === 'cpu' ? { gpuReserved: true } : {}) },
          (event) => {
            if (event.type === 'train/error' && event.crash) crashed = true;
            onEvent(event);
          },
        );
        if (stopped) run.stop();
        return run.finished.finally(() => release(crashed ? replace(worker) : worker));
      });
      return {
        finished,
        stop: () => {
          stopped = true;
          run?.stop();
        },
      };
    },
    dispose: () => workers.forEach((worker) => worker.terminate()),
  };
}
