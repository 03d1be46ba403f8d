import { describe, expect, it } from 'vitest';
import type { TrainEvent } from '../../model/run';
import { PROGRESS_INTERVAL_MS, throttledProgress } from './progress';

const at = (elapsedMs: number, batch = 0, epoch = 0) => ({ epoch, batch, batchesPerEpoch: 10, elapsedMs, samples: 0 });

describe('throttledProgress', () => {
  it(`posts at most once per ${PROGRESS_INTERVAL_MS} ms of training, finished epochs riding along, and flushes what is pending`, () => {
    const posted: TrainEvent[] = [];
    const progress = throttledProgress('r1', 3, (event) => posted.push(event));
    progress.flush();
    expect(posted).toEqual([]);

    progress.batch(at(0));
    progress.batch(at(40, 1));
    progress.epoch(0, { loss: 1 });
    progress.batch(at(90, 0, 1));
    expect(posted).toEqual([{ type: 'train/progress', runId: 'r1', epochs: 3, ...at(0), finishedEpochs: [] }]);
    progress.batch(at(100, 1, 1));
    progress.epoch(1, { loss: 0.5 });
    progress.flush();
    expect(posted.slice(1)).toEqual([
      {
        type: 'train/progress',
        runId: 'r1',
        epochs: 3,
        ...at(100, 1, 1),
        finishedEpochs: [{ epoch: 0, logs: { loss: 1 } }],
      },
      {
        type: 'train/progress',
        runId: 'r1',
        epochs: 3,
        ...at(100, 1, 1),
        finishedEpochs: [{ epoch: 1, logs: { loss: 0.5 } }],
      },
    ]);
    // A flush restarts the interval.
    progress.batch(at(150, 2, 1));
    expect(posted).toHaveLength(3);
  });
});
