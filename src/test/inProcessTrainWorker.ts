import type { TrainingSession } from '../engine/session/trainingSession';
import type { TrainEvent, WorkerCrash } from '../model/run';
import type { TrialWorker } from '../workers/trialPool';

/**
 * A training worker over a training session in this thread, as the bridge gives one over a real
 * worker: each run's events end with exactly one `train/done` or `train/error`, also when the
 * worker is terminated or `crash()`ed mid-run (a `train/error` with `crash` set, as the bridge
 * reports a crashed worker). A dead worker's session is told to stop and its events are dropped.
 */
export function inProcessTrainWorker(session: TrainingSession): TrialWorker & { crash(): void } {
  const active = new Set<(message: string, crash?: WorkerCrash) => void>();
  let dead = false;
  const die = (message: string, crash?: WorkerCrash): void => {
    dead = true;
    session.stop();
    [...active].forEach((fail) => fail(message, crash));
  };
  return {
    api: { probeGpu: session.probeGpu },
    startRun(request, onEvent) {
      let ended = false;
      let resolveFinished!: () => void;
      const finished = new Promise<void>((resolve) => (resolveFinished = resolve));
      const deliver = (event: TrainEvent): void => {
        if (ended) return;
        const last = event.type === 'train/done' || event.type === 'train/error';
        if (last) {
          ended = true;
          active.delete(fail);
        }
        onEvent(event);
        if (last) resolveFinished();
      };
      const fail = (message: string, crash?: WorkerCrash): void =>
        deliver({ type: 'train/error', runId: request.runId, message, ...(crash ? { crash } : {}) });
      active.add(fail);
      void session.train(request, { postMessage: (event) => dead || deliver(event), close: () => {} });
      return { finished, stop: session.stop, pause: session.pause, resume: session.resume };
    },
    terminate: () => die('Training was cancelled: the training worker was shut down.'),
    crash: () => die('The training worker crashed: in a test.', 'crashed'),
  };
}
