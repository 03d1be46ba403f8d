import { describe, expect, it } from 'vitest';
import type { TrainEvent, TrainRequest } from '../model/run';
import type { GpuAdapter } from './protocol';
import { createTrialPool, type TrialPool, type TrialWorker } from './trialPool';

/** A tiny training worker: each run ends at once as `ending` says, a crash included; it records the requests it got. */
interface FakeWorker extends TrialWorker {
  readonly requests: TrainRequest[];
  terminated: boolean;
  ending: 'done' | 'crash';
}

/** A factory of fake workers, each seeing `gpu` when probed, and the workers it started. */
function fakeWorkers(gpu: GpuAdapter | null = null) {
  const started: FakeWorker[] = [];
  const createWorker = (): FakeWorker => {
    const fake: FakeWorker = {
      requests: [],
      terminated: false,
      ending: 'done',
      api: { probeGpu: async () => gpu },
      terminate: () => void (fake.terminated = true),
      startRun: (request: TrainRequest, onEvent: (event: TrainEvent) => void) => {
        fake.requests.push(request);
        const { runId } = request;
        const finished = Promise.resolve().then(() =>
          onEvent(
            fake.ending === 'crash'
              ? { type: 'train/error', runId, message: 'The training worker crashed: out of memory.', crash: 'crashed' }
              : { type: 'train/done', runId, reason: 'completed', epochsRun: 1, logs: { loss: 0.5 } },
          ),
        );
        return { finished, stop: () => {}, pause: () => {}, resume: () => {} };
      },
    };
    started.push(fake);
    return fake;
  };
  return { createWorker, started };
}

/** Runs one trial on `pool` and returns the events it got. */
async function trial(pool: TrialPool, runId: string): Promise<TrainEvent[]> {
  const events: TrainEvent[] = [];
  await pool.train({ runId } as TrainRequest, (event) => events.push(event)).finished;
  return events;
}

describe('the trial pool', () => {
  it("shares the machine's cores out among its trial workers' wasm threads", async () => {
    const { createWorker, started } = fakeWorkers();
    const pair = createTrialPool({ size: 2, createWorker, cores: 4 });
    await Promise.all([trial(pair, 'a'), trial(pair, 'b')]);
    expect(started.flatMap((worker) => worker.requests.map((request) => request.threadBudget))).toEqual([2, 2]);
    pair.dispose();

    const single = createTrialPool({ size: 1, createWorker, cores: 4 });
    await trial(single, 'c');
    expect(started.at(-1)!.requests.map((request) => request.threadBudget)).toEqual([4]);
    single.dispose();
  });

  it('with a real GPU, keeps it for the first worker and sends the others to CPU backends', async () => {
    const { createWorker, started } = fakeWorkers({ description: 'a real GPU', isFallback: false });
    const pool = createTrialPool({ size: 2, createWorker, cores: 4 });
    await Promise.all([trial(pool, 'a'), trial(pool, 'b')]);
    expect(started.map((worker) => worker.requests[0]!.gpuReserved)).toEqual([undefined, true]);

    const { createWorker: withFallback, started: onSoftware } = fakeWorkers({
      description: 'SwiftShader',
      isFallback: true,
    });
    const software = createTrialPool({ size: 2, createWorker: withFallback, cores: 4 });
    await Promise.all([trial(software, 'a'), trial(software, 'b')]);
    expect(onSoftware.map((worker) => worker.requests[0]!.gpuReserved)).toEqual([undefined, undefined]);
  });

  it('fails a trial whose worker crashed and gives the next trial a fresh worker, not the dead one', async () => {
    const { createWorker, started } = fakeWorkers();
    const pool = createTrialPool({ size: 1, createWorker, cores: 1 });
    expect((await trial(pool, 'trial-1')).map((event) => event.type)).toEqual(['train/done']);
    started[0]!.ending = 'crash';
    const crashed = await trial(pool, 'trial-2');
    expect(crashed).toEqual([expect.objectContaining({ type: 'train/error', crash: 'crashed' })]);

    expect((await trial(pool, 'trial-3')).map((event) => event.type)).toEqual(['train/done']);
    expect(started).toHaveLength(2);
    const runIds = (worker: FakeWorker) => worker.requests.map((request) => request.runId);
    expect([runIds(started[0]!), started[0]!.terminated]).toEqual([['trial-1', 'trial-2'], true]);
    expect([runIds(started[1]!), started[1]!.terminated]).toEqual([['trial-3'], false]);

    // The replacement is one of the pool's workers: disposing ends it.
    pool.dispose();
    expect(started[1]!.terminated).toBe(true);
  });
});
