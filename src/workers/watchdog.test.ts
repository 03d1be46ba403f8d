import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchWorker } from './watchdog';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('watchWorker', () => {
  it('stays quiet while pings are answered, however slowly within the limit', async () => {
    let answerIn = 0;
    const ping = vi.fn(() => new Promise((resolve) => setTimeout(resolve, answerIn)));
    const onSilent = vi.fn();
    const stop = watchWorker(ping, onSilent, { everyMs: 1_000, limitMs: 10_000 });
    await vi.advanceTimersByTimeAsync(5_000);
    answerIn = 9_000;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(onSilent).not.toHaveBeenCalled();
    // No second ping goes out while one is waiting: at most one per answer.
    expect(ping.mock.calls.length).toBeLessThan(10);
    stop();
  });

  it('reports a worker silent for the limit once, and stops pinging it', async () => {
    const ping = vi.fn(() => new Promise(() => {}));
    const onSilent = vi.fn();
    watchWorker(ping, onSilent, { everyMs: 1_000, limitMs: 10_000 });
    await vi.advanceTimersByTimeAsync(10_500);
    expect(onSilent).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(onSilent).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onSilent).toHaveBeenCalledTimes(1);
    expect(ping).toHaveBeenCalledTimes(1);
  });

  it('a worker that answers again before the limit is not reported', async () => {
    let release: (() => void) | undefined;
    const ping = vi.fn(() => new Promise<void>((resolve) => (release = resolve)));
    const onSilent = vi.fn();
    watchWorker(ping, onSilent, { everyMs: 1_000, limitMs: 10_000 });
    await vi.advanceTimersByTimeAsync(9_000);
    release!();
    await vi.advanceTimersByTimeAsync(9_000);
    expect(onSilent).not.toHaveBeenCalled();
  });

  it('stops watching when told to', async () => {
    const ping = vi.fn(() => new Promise(() => {}));
    const onSilent = vi.fn();
    const stop = watchWorker(ping, onSilent, { everyMs: 1_000, limitMs: 10_000 });
    stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ping).not.toHaveBeenCalled();
    expect(onSilent).not.toHaveBeenCalled();
  });
});
