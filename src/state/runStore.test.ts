import { describe, expect, it } from 'vitest';
import { createRunStore, isActive } from './runStore';

describe('runStore pause and resume', () => {
  const running = () => {
    const store = createRunStore();
    store.getState().startRun('r1');
    store.getState().apply({ type: 'train/backend', runId: 'r1', backend: 'cpu', reason: 'test', record: { seed: 1, tfjsVersion: '4.22.0', appVersion: '0.1.0' } });
    return store;
  };

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
});
