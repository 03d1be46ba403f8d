/**
 * Notices a worker that stopped answering (an endless loop, a hung GPU read): while watching, it
 * pings the worker every `everyMs` and calls `onSilent` once, and stops, when a ping has gone
 * unanswered for `limitMs`. A worker answers between batches and while paused, so the limit only
 * has to outlast the longest batch. Returns the function that stops watching.
 */
export function watchWorker(
  ping: () => Promise<unknown>,
  onSilent: () => void,
  { everyMs = 5_000, limitMs = 60_000 } = {},
): () => void {
  /** When the unanswered ping was sent; undefined when none is out. */
  let waitingSince: number | undefined;
  const timer = setInterval(() => {
    const now = Date.now();
    if (waitingSince === undefined) {
      waitingSince = now;
      // A ping that fails came back all the same: the worker is there.
      const answered = (): void => void (waitingSince === now && (waitingSince = undefined));
      ping().then(answered, answered);
    } else if (now - waitingSince >= limitMs) {
      clearInterval(timer);
      onSilent();
    }
  }, everyMs);
  return () => clearInterval(timer);
}
