import type { EpochLogs, FinishedEpoch, TrainEvent } from '../../model/run';
import type { BatchProgress } from '../train';

/** ≤ 10 progress messages per second (ARCHITECTURE.md, "Data flow"); finished epochs ride along, never dropped. */
export const PROGRESS_INTERVAL_MS = 100;

/** A run's batch and epoch callbacks, throttled into `train/progress` events. */
export interface ThrottledProgress {
  /** Where the run is now; posts when PROGRESS_INTERVAL_MS of training time have passed since the last post. */
  batch(at: BatchProgress): void;
  /** An epoch finished: it rides along with the next post. */
  epoch(epoch: number, logs: EpochLogs): void;
  /** Posts what is pending (nothing before the first batch), so the last epochs arrive before the run's end. */
  flush(): void;
}

/**
 * Groups a run's batch and epoch callbacks into at most one `train/progress` event per
 * PROGRESS_INTERVAL_MS of its training time (`BatchProgress.elapsedMs`): a fast run (hundreds of
 * epochs a second) must not flood the UI thread.
 */
export function throttledProgress(runId: string, epochs: number, post: (event: TrainEvent) => void): ThrottledProgress {
  let finishedEpochs: FinishedEpoch[] = [];
  let position: BatchProgress | undefined;
  let lastPostAt = -Infinity;
  const flush = (): void => {
    if (!position) return;
    post({ type: 'train/progress', runId, epochs, ...position, finishedEpochs });
    finishedEpochs = [];
    lastPostAt = position.elapsedMs;
  };
  return {
    batch: (at) => {
      position = at;
      if (at.elapsedMs - lastPostAt >= PROGRESS_INTERVAL_MS) flush();
    },
    epoch: (epoch, logs) => void finishedEpochs.push({ epoch, logs }),
    flush,
  };
}
