/**
 * Crash recovery for a training run: when its worker crashes, stops answering or loses its GPU,
 * a fresh worker goes on from the run's latest checkpoint (kept here, in memory, never stored),
 * at most MAX_RESTARTS times a run, paused if the person had paused it. The run log says so.
 */
import type { OptimizerName } from '../model/project';
import type { Checkpoint, TrainEvent, TrainRequest, WorkerCrash } from '../model/run';
import type { TrainRun, TrainWorker } from './bridge';

export const MAX_RESTARTS = 2;

export interface Crash {
  readonly kind: WorkerCrash;
  /** The bridge's or worker's sentence for it. */
  readonly message: string;
  /** The 0-based epoch in progress; undefined before the first batch. */
  readonly epoch: number | undefined;
}

/** Go on in a fresh worker from `fromEpoch` (0-based), saying so in `note`; or end the run with `message`. */
export type Recovery =
  | { readonly kind: 'restart'; readonly fromEpoch: number; readonly note: string }
  | { readonly kind: 'give-up'; readonly message: string };

const WHAT: Readonly<Record<WorkerCrash, string>> = {
  crashed: 'The training worker crashed',
  unresponsive: 'The training worker stopped answering',
  'device-lost': 'The GPU device was lost',
};

/**
 * What to do after `crash`, given the run's latest checkpoint (if any epoch was saved), the
 * restarts the run has had, and whether the person had asked it to stop, or to pause.
 */
export function recoveryAfter(
  crash: Crash,
  checkpoint: Checkpoint | undefined,
  restarts: number,
  context: { readonly optimizer: OptimizerName; readonly stopping: boolean; readonly paused: boolean },
): Recovery {
  const what = `${WHAT[crash.kind]}${crash.epoch === undefined ? ' before training began' : ` at epoch ${crash.epoch + 1}`}`;
  const detail = crash.message.replace(/\.$/, '');
  if (context.stopping)
    return {
      kind: 'give-up',
      message: `${what} while the run was stopping (${detail}); its weights were lost with it. Train again.`,
    };
  if (restarts >= MAX_RESTARTS) {
    return {
      kind: 'give-up',
      message: `${what} (${detail}). It had already been restarted ${restarts} times in this run, so the run ends here: train again, or choose another backend in the training settings.`,
    };
  }
  const fromEpoch = checkpoint ? checkpoint.epoch + 1 : 0;
  const from = checkpoint ? `epoch ${fromEpoch}'s checkpoint` : 'the first epoch';
  // A run the person paused stays paused in the fresh worker until they resume it.
  const restarted = context.paused
    ? `restarted it from ${from}, paused as you asked`
    : checkpoint
      ? `restarted it and resumed from ${from}`
      : `restarted it from ${from}`;
  // Plain SGD keeps no state of its own; the other optimisers' moments and velocities are not checkpointed.
  const optimizerState =
    checkpoint && context.optimizer !== 'sgd'
      ? " The optimiser's accumulated state (moments, momentum) started afresh."
      : '';
  return { kind: 'restart', fromEpoch, note: `${what}; ${restarted}.${optimizerState}` };
}

/**
 * The training worker in use (started when there is none), and a way to be rid of it: the
 * studio's slot starts workers with the bridge's `createTrainWorker`; tests, sessions in-process.
 */
export interface TrainWorkerSlot {
  current(): Pick<TrainWorker, 'startRun'>;
  /** Terminates the current worker; the next `current()` starts a fresh one. */
  discard(): void;
}

/**
 * Runs `request` like `TrainWorker.startRun`, but a crashed worker is replaced and the run goes on
 * from its latest checkpoint: `onEvent` then gets `train/resumed` (not the crash), and the epochs
 * from the checkpoint on are trained again. Checkpoints stay here; `onEvent` never sees them.
 */
export function superviseRun(
  workers: TrainWorkerSlot,
  request: TrainRequest,
  onEvent: (event: TrainEvent) => void,
): TrainRun {
  let checkpoint: Checkpoint | undefined;
  let epoch: number | undefined;
  let restarts = 0;
  let stopping = false;
  // The person's last word, pause or resume: a fresh worker starts as they left the run.
  let paused = false;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));

  const handle = (event: TrainEvent): void => {
    switch (event.type) {
      case 'train/checkpoint':
        checkpoint = event.checkpoint;
        return;
      case 'train/progress':
        epoch = event.epoch;
        break;
      case 'train/error':
        if (event.crash) return recover({ kind: event.crash, message: event.message, epoch });
        break;
    }
    onEvent(event);
    if (event.type === 'train/done' || event.type === 'train/error') end();
  };
  const end = (): void => {
    // The weights are not needed once the run is over (the studio holds on to its last run).
    checkpoint = undefined;
    resolveFinished();
  };

  const recover = (crash: Crash): void => {
    // Crashed, hung or without its GPU: the worker is of no more use (and may still be spinning).
    workers.discard();
    const recovery = recoveryAfter(crash, checkpoint, restarts, {
      optimizer: request.settings.optimizer,
      stopping,
      paused,
    });
    if (recovery.kind === 'give-up') {
      onEvent({ type: 'train/error', runId: request.runId, message: recovery.message });
      return end();
    }
    restarts++;
    // Until the fresh worker reports, it is about to train the epoch it resumes at.
    epoch = checkpoint ? recovery.fromEpoch : undefined;
    onEvent({ type: 'train/resumed', runId: request.runId, fromEpoch: recovery.fromEpoch, note: recovery.note });
    run = workers
      .current()
      .startRun(
        { ...request, ...(checkpoint ? { resume: checkpoint } : {}), ...(paused ? { startPaused: true } : {}) },
        handle,
      );
  };

  let run = workers.current().startRun(request, handle);
  return {
    finished,
    stop: () => {
      stopping = true;
      run.stop();
    },
    pause: () => {
      paused = true;
      run.pause();
    },
    resume: () => {
      paused = false;
      run.resume();
    },
  };
}
