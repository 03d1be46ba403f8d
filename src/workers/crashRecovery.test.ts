import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { createTrainingSession } from '../engine/session/trainingSession';
import { DEFAULT_TRAINING } from '../model/project';
import type { Checkpoint, TrainEvent, TrainRequest } from '../model/run';
import { defaultGraph } from '../model/templates';
import { sampleDataset } from '../test/csvDataset';
import { fakeImageDecoder } from '../test/fakeImageDecoder';
import { inProcessTrainWorker } from '../test/inProcessTrainWorker';
import { MAX_RESTARTS, recoveryAfter, superviseRun, type TrainWorkerSlot } from './crashRecovery';

const checkpointOf = (epoch: number): Checkpoint => ({
  epoch,
  logs: { loss: 1 },
  weights: [],
  samples: 0,
  elapsedMs: 0,
});
const crash = { kind: 'crashed', message: 'The training worker crashed: Uncaught Error: boom.', epoch: 4 } as const;
const ADAM = { optimizer: 'adam', stopping: false, paused: false } as const;

describe('recoveryAfter', () => {
  it('resumes at the epoch after the latest checkpoint and says where it crashed and from what it went on', () => {
    expect(recoveryAfter(crash, checkpointOf(2), 0, { ...ADAM, optimizer: 'sgd' })).toEqual({
      kind: 'restart',
      fromEpoch: 3,
      note: "The training worker crashed at epoch 5; restarted it and resumed from epoch 3's checkpoint.",
    });
  });

  it('says that an optimiser with state of its own starts it afresh', () => {
    const recovery = recoveryAfter(crash, checkpointOf(2), 1, ADAM);
    expect(recovery.kind === 'restart' && recovery.note).toMatch(
      /resumed from epoch 3's checkpoint\. The optimiser's accumulated state \(moments, momentum\) started afresh\.$/,
    );
  });

  it('starts over when no epoch was saved, and names hangs and lost GPUs as such', () => {
    expect(recoveryAfter({ ...crash, kind: 'unresponsive', epoch: 0 }, undefined, 0, ADAM)).toEqual({
      kind: 'restart',
      fromEpoch: 0,
      note: 'The training worker stopped answering at epoch 1; restarted it from the first epoch.',
    });
    const lost = recoveryAfter(
      { kind: 'device-lost', message: 'The GPU device was lost (reason: unknown).', epoch: undefined },
      undefined,
      0,
      ADAM,
    );
    expect(lost.kind === 'restart' && lost.note).toBe(
      'The GPU device was lost before training began; restarted it from the first epoch.',
    );
  });

  it(`gives up after ${MAX_RESTARTS} restarts with a sentence that says what happened and what to do`, () => {
    expect(recoveryAfter(crash, checkpointOf(2), MAX_RESTARTS - 1, ADAM).kind).toBe('restart');
    expect(recoveryAfter(crash, checkpointOf(2), MAX_RESTARTS, ADAM)).toEqual({
      kind: 'give-up',
      message:
        'The training worker crashed at epoch 5 (The training worker crashed: Uncaught Error: boom). It had already been restarted 2 times in this run, so the run ends here: train again, or choose another backend in the training settings.',
    });
  });

  it('restarts a paused run paused, and says so', () => {
    const paused = { ...ADAM, paused: true };
    expect(recoveryAfter(crash, checkpointOf(2), 0, paused)).toEqual({
      kind: 'restart',
      fromEpoch: 3,
      note: "The training worker crashed at epoch 5; restarted it from epoch 3's checkpoint, paused as you asked. The optimiser's accumulated state (moments, momentum) started afresh.",
    });
    const first = recoveryAfter(crash, undefined, 0, paused);
    expect(first.kind === 'restart' && first.note).toBe(
      'The training worker crashed at epoch 5; restarted it from the first epoch, paused as you asked.',
    );
  });

  it('does not restart a run the person was stopping', () => {
    const recovery = recoveryAfter(crash, checkpointOf(2), 0, { ...ADAM, stopping: true });
    expect(recovery.kind === 'give-up' && recovery.message).toMatch(
      /^The training worker crashed at epoch 5 while the run was stopping .*its weights were lost with it\. Train again\.$/,
    );
  });
});

/** A stand-in for the bridge's TrainWorker: the test posts the run's events itself. */
function fakeWorker() {
  const runs: {
    request: TrainRequest;
    emit: (event: TrainEvent) => void;
    stops: number;
    pauses: number;
    resumes: number;
  }[] = [];
  let terminated = false;
  const worker = {
    startRun(request: TrainRequest, onEvent: (event: TrainEvent) => void) {
      const run = { request, emit: onEvent, stops: 0, pauses: 0, resumes: 0 };
      runs.push(run);
      return {
        finished: new Promise<void>(() => {}),
        stop: () => void run.stops++,
        pause: () => void run.pauses++,
        resume: () => void run.resumes++,
      };
    },
    terminate: () => void (terminated = true),
  };
  return { worker, runs, terminated: () => terminated };
}

/** The slot studioWorkers gives superviseRun, over fake workers. */
function fakeSlot() {
  const started: ReturnType<typeof fakeWorker>[] = [];
  let current: ReturnType<typeof fakeWorker> | undefined;
  const slot: TrainWorkerSlot = {
    current: () => {
      if (!current) started.push((current = fakeWorker()));
      return current.worker;
    },
    discard: () => {
      current?.worker.terminate();
      current = undefined;
    },
  };
  return { slot, started, latestRun: () => started.at(-1)!.runs.at(-1)! };
}

const REQUEST: TrainRequest = {
  runId: 'r1',
  graph: { nodes: [], edges: [] },
  data: { datasetId: 'd', target: 't' } as TrainRequest['data'],
  settings: { ...DEFAULT_TRAINING, optimizer: 'sgd' },
};
const progressAt = (epoch: number): TrainEvent => ({
  type: 'train/progress',
  runId: 'r1',
  epoch,
  epochs: 10,
  batch: 0,
  batchesPerEpoch: 1,
  samples: 0,
  elapsedMs: 0,
  finishedEpochs: [],
});
const crashed: TrainEvent = {
  type: 'train/error',
  runId: 'r1',
  message: 'The training worker crashed: boom.',
  crash: 'crashed',
};

describe('superviseRun', () => {
  it('keeps checkpoints to itself, and after a crash goes on in a fresh worker from the latest one', async () => {
    const { slot, started, latestRun } = fakeSlot();
    const events: TrainEvent[] = [];
    const run = superviseRun(slot, REQUEST, (event) => events.push(event));
    latestRun().emit(progressAt(1));
    latestRun().emit({ type: 'train/checkpoint', runId: 'r1', checkpoint: checkpointOf(1) });
    latestRun().emit({ type: 'train/checkpoint', runId: 'r1', checkpoint: checkpointOf(2) });
    latestRun().emit(progressAt(3));
    latestRun().emit(crashed);

    expect(started).toHaveLength(2);
    expect(started[0]!.terminated()).toBe(true);
    expect(latestRun().request).toEqual({ ...REQUEST, resume: checkpointOf(2) });
    expect(events.map((e) => e.type)).toEqual(['train/progress', 'train/progress', 'train/resumed']);
    expect(events.at(-1)).toEqual({
      type: 'train/resumed',
      runId: 'r1',
      fromEpoch: 3,
      note: "The training worker crashed at epoch 4; restarted it and resumed from epoch 3's checkpoint.",
    });

    // Stop reaches the fresh worker; the run ends with its last event.
    run.stop();
    expect(latestRun().stops).toBe(1);
    latestRun().emit({ type: 'train/done', runId: 'r1', reason: 'stopped', epochsRun: 4, logs: {} });
    await run.finished;
    expect(events.at(-1)?.type).toBe('train/done');
  });

  it(`fails the run at the crash after ${MAX_RESTARTS} restarts, each from the latest checkpoint, and leaves no crashed worker behind`, async () => {
    const { slot, started, latestRun } = fakeSlot();
    const events: TrainEvent[] = [];
    const run = superviseRun(slot, REQUEST, (event) => events.push(event));
    latestRun().emit({ type: 'train/checkpoint', runId: 'r1', checkpoint: checkpointOf(0) });
    latestRun().emit(crashed);
    // The second worker crashes before saving anything: the third goes on from the same checkpoint.
    latestRun().emit(crashed);
    expect(latestRun().request.resume).toEqual(checkpointOf(0));
    latestRun().emit(crashed);

    await run.finished;
    expect(started).toHaveLength(MAX_RESTARTS + 1);
    expect(started.every((worker) => worker.terminated())).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['train/resumed', 'train/resumed', 'train/error']);
    expect(events.at(-1)).toMatchObject({
      message: expect.stringMatching(/restarted 2 times in this run, so the run ends here/),
    });
    expect(events.at(-1)).not.toHaveProperty('crash');
  });

  it('passes an ordinary failure on as it is, without restarting', async () => {
    const { slot, started, latestRun } = fakeSlot();
    const events: TrainEvent[] = [];
    const run = superviseRun(slot, REQUEST, (event) => events.push(event));
    const diverged: TrainEvent = { type: 'train/error', runId: 'r1', message: 'Training diverged.' };
    latestRun().emit(diverged);
    await run.finished;
    expect(events).toEqual([diverged]);
    expect(started).toHaveLength(1);
    expect(started[0]!.terminated()).toBe(false);
  });

  it('restarts a paused run paused (the worker starts at its pause), and Resume and Stop reach the fresh worker', () => {
    const { slot, latestRun } = fakeSlot();
    const events: TrainEvent[] = [];
    const run = superviseRun(slot, REQUEST, (event) => events.push(event));
    latestRun().emit({ type: 'train/checkpoint', runId: 'r1', checkpoint: checkpointOf(1) });
    run.pause();
    latestRun().emit({ type: 'train/paused', runId: 'r1' });
    latestRun().emit(crashed);

    expect(latestRun().request).toEqual({ ...REQUEST, resume: checkpointOf(1), startPaused: true });
    expect(events.at(-1)).toMatchObject({
      type: 'train/resumed',
      fromEpoch: 2,
      note: expect.stringMatching(/restarted it from epoch 2's checkpoint, paused as you asked\.$/),
    });
    run.resume();
    expect(latestRun().resumes).toBe(1);
    // Resumed, then crashed again: the next worker runs at once.
    latestRun().emit(crashed);
    expect(latestRun().request).toEqual({ ...REQUEST, resume: checkpointOf(1) });
    run.pause();
    run.stop();
    expect([latestRun().pauses, latestRun().stops]).toEqual([1, 1]);
  });

  it('restarts a run paused when the pause was asked but not yet acknowledged, and follows a pause or resume sent while the fresh worker starts', () => {
    const { slot, latestRun } = fakeSlot();
    const run = superviseRun(slot, REQUEST, () => undefined);
    // Pausing: asked, no `train/paused` yet.
    run.pause();
    latestRun().emit(crashed);
    expect(latestRun().request).toEqual({ ...REQUEST, startPaused: true });
    // Resumed and paused again while the fresh worker was starting: both reach it, and its crash restarts the run paused.
    run.resume();
    run.pause();
    expect([latestRun().resumes, latestRun().pauses]).toEqual([1, 1]);
    latestRun().emit(crashed);
    expect(latestRun().request).toEqual({ ...REQUEST, startPaused: true });
  });
});

describe('superviseRun over training sessions', () => {
  const iris = sampleDataset('iris.csv');
  const request: TrainRequest = {
    runId: 'iris',
    graph: defaultGraph(),
    data: { ...DEFAULT_DATA_CONFIG, datasetId: iris.meta.id, target: 'species' },
    // Plain SGD keeps no state of its own: resumed from a checkpoint, the run repeats the uninterrupted one.
    settings: { ...DEFAULT_TRAINING, epochs: 4, batchSize: 16, optimizer: 'sgd', backend: 'cpu' },
  };
  /** The studio's slot over in-process sessions that checkpoint after every epoch. */
  const sessions = () => {
    const started: ReturnType<typeof inProcessTrainWorker>[] = [];
    let current: ReturnType<typeof inProcessTrainWorker> | undefined;
    const slot: TrainWorkerSlot = {
      current: () => {
        if (!current) {
          const session = createTrainingSession({
            decodeImage: fakeImageDecoder(),
            getDataset: async (id) => (id === iris.meta.id ? iris : undefined),
            checkpointEveryMs: 0,
          });
          started.push((current = inProcessTrainWorker(session)));
        }
        return current;
      },
      discard: () => {
        current?.terminate();
        current = undefined;
      },
    };
    return { slot, started };
  };
  const run = async (slot: TrainWorkerSlot, onEvent: (event: TrainEvent) => void = () => {}) => {
    const events: TrainEvent[] = [];
    await superviseRun(slot, request, (event) => {
      events.push(event);
      onEvent(event);
    }).finished;
    return events;
  };

  it('goes on in a fresh session from the checkpoint before a crash, and ends where the uninterrupted run ends', async () => {
    const uninterrupted = await run(sessions().slot);
    expect(uninterrupted.at(-1)).toMatchObject({ type: 'train/done', reason: 'completed', epochsRun: 4 });

    const { slot, started } = sessions();
    const events = await run(slot, (event) => {
      // The progress that carries epoch 2 (0-based) comes before its checkpoint: epoch 1's is the latest.
      const atEpoch2 = event.type === 'train/progress' && event.finishedEpochs.some(({ epoch }) => epoch === 2);
      if (atEpoch2 && started.length === 1) started[0]!.crash();
    });
    expect(started).toHaveLength(2);
    expect(events.filter((event) => event.type === 'train/resumed')).toEqual([
      {
        type: 'train/resumed',
        runId: 'iris',
        fromEpoch: 2,
        note: "The training worker crashed at epoch 3; restarted it and resumed from epoch 2's checkpoint.",
      },
    ]);
    expect(events.some((event) => event.type === 'train/checkpoint')).toBe(false);
    expect(events.at(-1)).toEqual(uninterrupted.at(-1));
  });
});
