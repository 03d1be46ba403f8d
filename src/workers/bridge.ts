/**
 * The only place that starts workers, and the UI's only door to them. It imports protocol types,
 * Comlink and the worker URLs, never tfjs: tfjs is bundled into the training worker's chunk alone.
 */
import * as Comlink from 'comlink';
import type { FeatureRanking, RankingProgress } from '../data/featureRanking';
import type { ImageImportSettings } from '../data/imageSettings';
import type { CsvImportProgress, ImageImportProgress } from '../data/importProgress';
import type { RowFindings } from '../data/rowFindings';
import type { RowPage } from '../data/rows';
import type { DataConfig, DatasetMeta } from '../data/schema';
import type { ImportedModelInfo, ModelImportRequest } from '../model/modelImport';
import type { Result } from '../model/result';
import type { BackendChoice } from '../model/project';
import type { TrainEvent, TrainRequest, WorkerCrash } from '../model/run';
import type { LrRangeProgress, LrRangeRequest, LrRangeResult } from '../sweep/lrRange';
import type { CsvSource, DataWorkerApi, ImageSource, TrainWorkerApi } from './protocol';
import { watchWorker } from './watchdog';

export interface WorkerHandle<Api> {
  /** Comlink proxy: every method returns a promise. Calls made after `terminate()` never settle. */
  readonly api: Comlink.Remote<Api>;
  /** Ends the worker at once, mid-batch included; start a new one to continue. */
  terminate(): void;
}

export interface TrainRun {
  /** Resolves once the run's last event (`train/done` or `train/error`) has been delivered. */
  readonly finished: Promise<void>;
  /** Asks the worker to stop after the batch in progress; the run then ends with `train/done`, reason 'stopped'. */
  stop(): void;
  /** Asks the worker to pause after the batch in progress; it answers with `train/paused`. */
  pause(): void;
  /** Lets a paused run go on. */
  resume(): void;
}

export interface TrainWorker extends WorkerHandle<TrainWorkerApi> {
  /**
   * Starts a run. `onEvent` receives this run's events in order, ending with exactly one
   * `train/done` or `train/error` — also when the worker crashes (an uncaught error, a message
   * that cannot be read, no answer to pings for a minute: a `train/error` with `crash` set; the
   * worker is then of no more use) or is terminated mid-run.
   */
  startRun(request: TrainRequest, onEvent: (event: TrainEvent) => void): TrainRun;
  /** Loads an imported model (see `TrainWorkerApi.importModel`), its weight buffers transferred, not copied. */
  importModel(request: ModelImportRequest): Promise<Result<ImportedModelInfo>>;
  /** Runs the learning-rate range test (see `TrainWorkerApi.findLearningRate`); `onProgress` is proxied for you. */
  findLearningRate(
    request: LrRangeRequest,
    onProgress: (progress: LrRangeProgress) => void,
  ): Promise<Result<LrRangeResult>>;
  /** Ranks the columns (see `TrainWorkerApi.rankFeatures`); `onProgress` is proxied for you. */
  rankFeatures(
    config: DataConfig,
    backend: BackendChoice,
    onProgress: (progress: RankingProgress) => void,
  ): Promise<Result<FeatureRanking>>;
}

export interface DataWorker extends WorkerHandle<DataWorkerApi> {
  /**
   * Imports a CSV (see `DataWorkerApi.importCsv`); `onProgress` is proxied for you. Aborting
   * `signal` terminates the worker, the only way to stop a parse mid-file, and rejects with the
   * signal's reason (an AbortError); start a new worker to go on. Resolves with an error, rather
   * than never, when the worker crashes.
   */
  importCsv(source: CsvSource, options: ImportOptions<CsvImportProgress>): Promise<Result<DatasetMeta>>;
  /** Imports images (see `DataWorkerApi.importImages`); aborting and crashes as for `importCsv`. */
  importImages(
    source: ImageSource,
    settings: ImageImportSettings,
    options: ImportOptions<ImageImportProgress>,
  ): Promise<Result<DatasetMeta>>;
  /** Reads rows as cell text (see `DataWorkerApi.readRows`); resolves with an error, rather than never, when the worker crashes or is terminated. */
  readRows(datasetId: string, start: number, count: number): Promise<Result<RowPage>>;
  /** The data report's findings in the rows (see `DataWorkerApi.findInRows`); crashes and termination as for `readRows`. */
  findInRows(datasetId: string, target: string): Promise<Result<RowFindings>>;
}

export interface ImportOptions<Progress> {
  readonly onProgress: (progress: Progress) => void;
  readonly signal?: AbortSignal;
}

export function createDataWorker(): DataWorker {
  const worker = new Worker(new URL('./data.worker.ts', import.meta.url), { type: 'module', name: 'data' });
  const api = Comlink.wrap<DataWorkerApi>(worker);
  /** Ends the calls in flight; each removes itself when it settles. */
  const inFlight = new Set<(message: string) => void>();
  const failInFlight = (message: string): void => [...inFlight].forEach((fail) => fail(message));
  worker.addEventListener('error', (event) => {
    failInFlight(`The data worker crashed: ${event.message || 'it could not be loaded'}.`);
  });
  const terminate = (): void => {
    worker.terminate();
    failInFlight('The data worker was shut down before it answered.');
  };

  return {
    api,
    terminate,
    importCsv: (source, { onProgress, signal }) =>
      abortable(signal, () => api.importCsv(source, Comlink.proxy(onProgress))),
    importImages: (source, settings, { onProgress, signal }) =>
      abortable(signal, () => api.importImages(source, settings, Comlink.proxy(onProgress))),
    readRows: (datasetId, start, count) => abortable(undefined, () => api.readRows(datasetId, start, count)),
    findInRows: (datasetId, target) => abortable(undefined, () => api.findInRows(datasetId, target)),
  };

  /** Runs one call: resolves with an error when the worker dies, rejects with the reason when `signal` aborts it. */
  function abortable<T>(signal: AbortSignal | undefined, call: () => Promise<Result<T>>): Promise<Result<T>> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const settled = (): void => {
        inFlight.delete(fail);
        signal?.removeEventListener('abort', abort);
      };
      const fail = (error: string): void => {
        settled();
        resolve({ ok: false, error });
      };
      const abort = (): void => {
        settled();
        reject(signal!.reason);
        terminate();
      };
      inFlight.add(fail);
      signal?.addEventListener('abort', abort, { once: true });
      call().then(resolve, reject).finally(settled);
    });
  }
}

export function createTrainWorker(): TrainWorker {
  const worker = new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'train' });
  const api = Comlink.wrap<TrainWorkerApi>(worker);
  /** Ends the runs in flight with an error event; each removes itself when it ends. */
  const activeRuns = new Set<(message: string, crash?: WorkerCrash) => void>();
  const failActiveRuns = (message: string, crash?: WorkerCrash): void =>
    [...activeRuns].forEach((fail) => fail(message, crash));
  worker.addEventListener('error', (event) => {
    failActiveRuns(`The training worker crashed: ${event.message || 'it could not be loaded'}.`, 'crashed');
  });
  worker.addEventListener('messageerror', () =>
    failActiveRuns('The training worker sent a message that could not be read.', 'crashed'),
  );

  return {
    api,
    terminate() {
      worker.terminate();
      failActiveRuns('Training was cancelled: the training worker was shut down.');
    },
    startRun(request, onEvent) {
      const channel = new MessageChannel();
      let resolveFinished!: () => void;
      const finished = new Promise<void>((resolve) => (resolveFinished = resolve));
      let ended = false;
      const deliver = (event: TrainEvent): void => {
        if (ended) return;
        const last = event.type === 'train/done' || event.type === 'train/error';
        if (last) {
          ended = true;
          activeRuns.delete(fail);
          stopWatching();
          channel.port1.close();
        }
        onEvent(event);
        if (last) resolveFinished();
      };
      const fail = (message: string, crash?: WorkerCrash): void =>
        deliver({ type: 'train/error', runId: request.runId, message, ...(crash ? { crash } : {}) });
      activeRuns.add(fail);
      const stopWatching = watchWorker(
        () => api.ping(),
        () => fail('The training worker stopped answering for a minute.', 'unresponsive'),
      );
      channel.port1.onmessage = ({ data }: MessageEvent<unknown>) => {
        if (isTrainEvent(data, request.runId)) deliver(data);
      };
      channel.port1.onmessageerror = () => fail('The training worker sent an event that could not be read.', 'crashed');
      // The worker posts its last event before `train` resolves, but over another channel: only
      // a rejected call (a request that cannot be cloned, say) ends the run from here.
      api.train(request, Comlink.transfer(channel.port2, [channel.port2])).catch((error: unknown) => {
        fail(`The training worker could not start the run: ${error instanceof Error ? error.message : String(error)}`);
      });
      return { finished, stop: () => void api.stop(), pause: () => void api.pause(), resume: () => void api.resume() };
    },
    importModel: (request) => api.importModel(Comlink.transfer(request, [...request.weights])),
    findLearningRate: (request, onProgress) => api.findLearningRate(request, Comlink.proxy(onProgress)),
    rankFeatures: (config, backend, onProgress) => api.rankFeatures(config, backend, Comlink.proxy(onProgress)),
  };
}

const TRAIN_EVENT_TYPES: ReadonlySet<string> = new Set<TrainEvent['type']>([
  'train/backend',
  'train/progress',
  'train/checkpoint',
  'train/paused',
  'train/done',
  'train/error',
]);

/** Events of this run only; anything else on the port is a bug elsewhere and is dropped. */
function isTrainEvent(data: unknown, runId: string): data is TrainEvent {
  if (typeof data !== 'object' || data === null) return false;
  const { type, runId: eventRunId } = data as { type?: unknown; runId?: unknown };
  return typeof type === 'string' && TRAIN_EVENT_TYPES.has(type) && eventRunId === runId;
}
