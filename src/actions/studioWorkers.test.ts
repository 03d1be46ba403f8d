import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrainWorker } from '../workers/bridge';
import type { TrainEvent, TrainRequest } from '../workers/protocol';

/** A fake training worker: its runs end as `ending` says, a crash included. */
interface FakeWorker {
  readonly number: number;
  readonly runs: string[];
  readonly threadBudgets: (number | undefined)[];
  terminated: boolean;
  ending: 'done' | 'crash';
}

const started: FakeWorker[] = [];

vi.mock('../workers/bridge', () => ({
  createDataWorker: () => {
    throw new Error('not in this test');
  },
  createTrainWorker: (): TrainWorker => {
    const fake: FakeWorker = {
      number: started.length + 1,
      runs: [],
      threadBudgets: [],
      terminated: false,
      ending: 'done',
    };
    started.push(fake);
    return {
      api: { probeGpu: async () => null } as unknown as TrainWorker['api'],
      terminate: () => void (fake.terminated = true),
      startRun: ({ runId, threadBudget }: TrainRequest, onEvent: (event: TrainEvent) => void) => {
        fake.runs.push(runId);
        fake.threadBudgets.push(threadBudget);
        const finished = Promise.resolve().then(() =>
          onEvent(
            fake.ending === 'crash'
              ? { type: 'train/error', runId, message: 'The training worker crashed: out of memory.', crash: 'crashed' }
              : { type: 'train/done', runId, reason: 'completed', epochsRun: 1, logs: { loss: 0.5 } },
          ),
        );
        return { finished, stop: () => {}, pause: () => {}, resume: () => {} };
      },
      importModel: () => {
        throw new Error('not in this test');
      },
    };
  },
}));

const { createStudioWorkers } = await import('./studioWorkers');

/** Runs one trial on `pool` and returns the events it got. */
async function trial(
  pool: ReturnType<ReturnType<typeof createStudioWorkers>['createTrialPool']>,
  runId: string,
): Promise<TrainEvent[]> {
  const events: TrainEvent[] = [];
  await pool.train({ runId } as TrainRequest, (event) => events.push(event)).finished;
  return events;
}

describe('the trial pool', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    started.length = 0;
  });

  it("shares the machine's cores out among its trial workers' wasm threads", async () => {
    vi.stubGlobal('navigator', { hardwareConcurrency: 4 });
    const pair = createStudioWorkers().createTrialPool(2);
    await Promise.all([trial(pair, 'a'), trial(pair, 'b')]);
    expect(started.flatMap((worker) => worker.threadBudgets)).toEqual([2, 2]);
    pair.dispose();

    const single = createStudioWorkers().createTrialPool(1);
    await trial(single, 'c');
    expect(started.at(-1)!.threadBudgets).toEqual([4]);
    single.dispose();
  });

  it('fails a trial whose worker crashed and gives the next trial a fresh worker, not the dead one', async () => {
    const pool = createStudioWorkers().createTrialPool(1);
    expect((await trial(pool, 'trial-1')).map((event) => event.type)).toEqual(['train/done']);
    started[0]!.ending = 'crash';
    const crashed = await trial(pool, 'trial-2');
    expect(crashed).toEqual([expect.objectContaining({ type: 'train/error', crash: 'crashed' })]);

    expect((await trial(pool, 'trial-3')).map((event) => event.type)).toEqual(['train/done']);
    expect(started).toHaveLength(2);
    expect(started[0]).toMatchObject({ runs: ['trial-1', 'trial-2'], terminated: true });
    expect(started[1]).toMatchObject({ runs: ['trial-3'], terminated: false });

    // The replacement is one of the pool's workers: disposing ends it.
    pool.dispose();
    expect(started[1]!.terminated).toBe(true);
  });
});
