import type { SessionStore } from '../state/sessionStore';

interface Hold {
  readonly datasetId: string | null;
  /** Why it cannot be deleted now, and when it can: the end of a sentence. */
  readonly reason: string;
}

/**
 * The data sets a training run or a sweep needs until it ends, per studio. Their rows are read
 * again after the run starts (a worker restarted after a crash, each trial of a sweep), so
 * deleting them meanwhile would end the run or fail every trial to come.
 */
const holds = new WeakMap<SessionStore, Set<Hold>>();

/**
 * Every tab of the studio shares one IndexedDB, so a hold is also a shared Web Lock, which the
 * other tabs see in `navigator.locks.query()`: the browser releases it if this tab closes.
 */
const lockName = (datasetId: string) => `tensorloom:dataset:${datasetId}`;
const webLocks = (): LockManager | undefined => globalThis.navigator?.locks;

const HELD_IN_ANOTHER_TAB =
  'a training run or a sweep in another tab of the studio trains on it. Delete it once that has ended.';

/** Keeps `datasetId` from being deleted, saying `reason`, until the returned function is called. */
export function holdDataset(session: SessionStore, datasetId: string | null, reason: string): () => void {
  const hold: Hold = { datasetId, reason };
  const held = holds.get(session) ?? new Set<Hold>();
  holds.set(session, held.add(hold));
  let releaseLock = (): void => {};
  if (datasetId !== null) {
    const released = new Promise<void>((resolve) => (releaseLock = resolve));
    // Rejects only where locks are unavailable (an opaque origin): this tab's own hold still stands.
    webLocks()
      ?.request(lockName(datasetId), { mode: 'shared' }, () => released)
      .catch(() => {});
  }
  return () => {
    held.delete(hold);
    releaseLock();
  };
}

/** Why `datasetId` cannot be deleted now, by a run or sweep of this tab; undefined when none holds it. */
export function whyHeldHere(session: SessionStore, datasetId: string): string | undefined {
  return [...(holds.get(session) ?? [])].find((hold) => hold.datasetId === datasetId)?.reason;
}

/** Why `datasetId` cannot be deleted now, by this tab's runs or another tab's; undefined when nothing holds it. */
export async function whyHeld(session: SessionStore, datasetId: string): Promise<string | undefined> {
  const here = whyHeldHere(session, datasetId);
  if (here !== undefined) return here;
  const snapshot = await webLocks()
    ?.query()
    .catch(() => undefined);
  return snapshot?.held?.some((lock) => lock.name === lockName(datasetId)) ? HELD_IN_ANOTHER_TAB : undefined;
}
