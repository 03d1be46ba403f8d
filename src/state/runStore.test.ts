import { describe, expect, it } from 'vitest';
import { createRunStore, isActive } from './runStore';

const BACKEND = {
  type: 'train/backend',
  runId: 'r1',
  backend: 'cpu',
  reason: 'test',
  record: { seed: 1, tfjsVersion: '4.22.0', appVersion: '0.1.0' },
} as const;

const running = () => {
  const store = createRunStore();
  store.getState().startRun('r1');
  store.getState().apply(BACKEND);
  return store;
};

describe('runStore pause and resume', () => {
  it('is paused only once the worker says so, stays active while paused, and runs again on resume', () => {
    const store = running();
    store.getState().markPausing();
    expect(store.getState().run?.status).toBe('pausing');
    store.getState().apply({ type: 'train/paused', runId: 'r1' });
    expect(store.getState().run?.status).toBe('paused');
    expect(isActive(store.getState().run)).toBe(true);
    store.getState().markResumed();
    expect(store.getState().run?.status).toBe('running');
  });

  it('keeps a Stop pressed while the pause was on its way', () => {
    const store = running();
    store.getState().markPausing();
    store.getState().markStopping();
    store.getState().apply({ type: 'train/paused', runId: 'r1' });
    expect(store.getState().run?.status).toBe('stopping');
  });

  it('keeps a Stop pressed before the worker reported its backend', () => {
    const store = createRunStore();
    store.getState().startRun('r1');
    store.getState().markStopping();
    store.getState().apply(BACKEND);
    expect(store.getState().run?.status).toBe('stopping');
  });
});

describe('runStore after a crashed worker was restarted', () => {
  const progress = (runId: string, epochs: number[]) =>
    ({
      type: 'train/progress',
      runId,
      epoch: epochs.at(-1)!,
      epochs: 10,
      batch: 0,
      batchesPerEpoch: 1,
      samples: 0,
      elapsedMs: 1,
      finishedEpochs: epochs.map((epoch) => ({ epoch, logs: { loss: 1 / (epoch + 1) } })),
    }) as const;

  it('drops the epochs trained again, so the curves hold each epoch once, and logs the restart before how the run ended', () => {
    const store = createRunStore();
    store.getState().startRun('r1');
    store.getState().apply(progress('r1', [0, 1, 2, 3, 4]));
    // The checkpoint was of epoch 3 (0-based 2): epochs 4 and 5 are trained again.
    store.getState().apply({ type: 'train/resumed', runId: 'r1', fromEpoch: 3, note: 'Restarted.' });
    expect(store.getState().run?.history.map(({ epoch }) => epoch)).toEqual([0, 1, 2]);
    expect(store.getState().run?.note).toBe('Restarted.');
    store.getState().apply(progress('r1', [3, 4, 5]));
    store
      .getState()
      .apply({ type: 'train/done', runId: 'r1', reason: 'completed', epochsRun: 6, logs: {}, note: 'Stopped early.' });
    const run = store.getState().run!;
    expect(run.history.map(({ epoch }) => epoch)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(run.note).toBe('Restarted. Stopped early.');
    expect(run.status).toBe('completed');
  });

  it('a paused run stays paused through the restart and its fresh worker’s start, and Resume runs it', () => {
    const store = running();
    store.getState().markPausing();
    store.getState().apply({ type: 'train/paused', runId: 'r1' });
    store.getState().apply({ type: 'train/resumed', runId: 'r1', fromEpoch: 0, note: 'Restarted.' });
    store.getState().apply(BACKEND);
    store.getState().apply({ type: 'train/paused', runId: 'r1' });
    expect(store.getState().run?.status).toBe('paused');
    store.getState().markResumed();
    expect(store.getState().run?.status).toBe('running');
  });

  it('a run pausing when its worker crashed is paused once the fresh worker says so; one running runs on', () => {
    const store = running();
    store.getState().markPausing();
    store.getState().apply({ type: 'train/resumed', runId: 'r1', fromEpoch: 0, note: 'Restarted.' });
    store.getState().apply(BACKEND);
    expect(store.getState().run?.status).toBe('pausing');
    store.getState().apply({ type: 'train/paused', runId: 'r1' });
    expect(store.getState().run?.status).toBe('paused');

    const other = running();
    other.getState().apply({ type: 'train/resumed', runId: 'r1', fromEpoch: 0, note: 'Restarted.' });
    other.getState().apply(BACKEND);
    expect(other.getState().run?.status).toBe('running');
  });
});
