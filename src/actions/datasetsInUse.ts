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

/** Keeps `datasetId` from being deleted, saying `reason`, until the returned function is called. */
export function holdDataset(session: SessionStore, datasetId: string | null, reason: string): () => void {
  const hold: Hold = { datasetId, reason };
  const held = holds.get(session) ?? new Set<Hold>();
  holds.set(session, held.add(hold));
  return () => void held.delete(hold);
}

/** Why `datasetId` cannot be deleted now; undefined when nothing holds it. */
export function whyHeld(session: SessionStore, datasetId: string): string | undefined {
  return [...(holds.get(session) ?? [])].find((hold) => hold.datasetId === datasetId)?.reason;
}
