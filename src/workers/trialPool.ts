/**
 * A sweep's trial pool: up to `size` training workers, started on demand through the factory it
 * is given (the bridge's `createTrainWorker` in the studio) and reused from trial to trial.
 */
import type { TrainEvent, TrainRequest } from '../model/run';
import { trialThreadBudget, trialWorkerRoles, type TrialWorkerRole } from '../sweep/workerMix';
import type { TrainRun, TrainWorker } from './bridge';
import type { GpuAdapter } from './protocol';

export interface TrialPool {
  /** Trains one request on the next free worker (waiting for one if all are busy); events as for `TrainWorker.startRun`. */
  train(
    request: TrainRequest,
    onEvent: (event: TrainEvent) => void,
  ): { readonly finished: Promise<void>; stop(): void };
  /** Terminates every worker; runs in flight end with an error event. */
  dispose(): void;
}

/** What the pool asks of a training worker: the bridge's TrainWorker has it. */
export type TrialWorker = Pick<TrainWorker, 'startRun' | 'terminate'> & {
  readonly api: { probeGpu(): Promise<GpuAdapter | null> };
};

export interface TrialPoolOptions {
  /** Workers at most. */
  readonly size: number;
  /** Starts a training worker; called again for the one that takes a crashed worker's place. */
  readonly createWorker: () => TrialWorker;
  /** The machine's cores, shared out among the workers' wasm threads. */
  readonly cores: number;
}

/** How long the first trial worker may take to say whether a real GPU is there (it loads tfjs first). */
const GPU_PROBE_TIMEOUT_MS = 20_000;

/**
 * The first worker started says whether a real GPU is there; if so it keeps the engine's choice
 * (WebGPU) and the others train on CPU backends only. Each trains on its share of the cores
 * (sweep/workerMix.ts).
 */
export function createTrialPool({ size, createWorker, cores }: TrialPoolOptions): TrialPool {
  const threadBudget = trialThreadBudget(cores, size);
  const workers: TrialWorker[] = [];
  const idle: TrialWorker[] = [];
  const waiting: ((worker: TrialWorker) => void)[] = [];
  const roles = new Map<TrialWorker, Promise<TrialWorkerRole>>();
  let plan: Promise<readonly TrialWorkerRole[]> | undefined;
  const acquire = (): Promise<TrialWorker> => {
    const free = idle.pop();
    if (free) return Promise.resolve(free);
    if (workers.length < size) {
      const worker = createWorker();
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
  const release = (worker: TrialWorker) => {
    const next = waiting.shift();
    if (next) next(worker);
    else idle.push(worker);
  };
  /** A crashed worker is of no more use: a fresh one takes its place (and its role) for the trials to come. */
  const replace = (crashed: TrialWorker): TrialWorker => {
    crashed.terminate();
    const fresh = createWorker();
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
