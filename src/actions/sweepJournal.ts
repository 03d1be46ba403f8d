import { appendSweepEvent, startSweepJournal, type JournalSlot } from '../data/storage';
import type { Result } from '../model/result';
import type { StudyEvent } from '../sweep/study';
import type { StoreApi } from 'zustand/vanilla';
import type { SweepState } from '../state/sweepStore';
import type { ActionContext } from './types';

/**
 * A running study's journal kept in this browser, one record per event. An event reaches the
 * study's store, which its view draws, once it is written: what the view shows survives a reload.
 */
export interface JournalKeeper {
  append(event: StudyEvent): void;
  /** Resolves once every event appended so far is written and in the store. */
  settled(): Promise<void>;
}

/** Where a study lives: the store its view draws, and the slot its journal is kept in. */
export interface StudyHome {
  readonly store: StoreApi<SweepState>;
  readonly slot: JournalSlot;
}

export const STUDY_NAMES: Record<JournalSlot, string> = { sweep: 'The sweep', auto: 'The Auto search' };

/**
 * Keeps `journal`, already in the home's store: a new study's (its settings alone) is written first,
 * replacing the slot's previous study; a journal read back from storage is appended to.
 */
export function keepJournal(
  { session }: Pick<ActionContext, 'session'>,
  { store, slot }: StudyHome,
  journal: readonly StudyEvent[],
  isNew: boolean,
): JournalKeeper {
  let position = journal.length;
  let failed = false;
  const warnOnce = (saved: Result<void>) => {
    if (saved.ok || failed) return;
    failed = true;
    session.getState().notify({
      kind: 'error',
      text: `${STUDY_NAMES[slot]} goes on, but could not be saved in this browser: ${saved.error}`,
    });
  };
  // One write at a time, in order, each a small record; the store follows each write.
  let settled = isNew && journal[0] ? startSweepJournal(journal[0], slot).then(warnOnce) : Promise.resolve();
  return {
    append(event) {
      const at = position++;
      settled = settled
        .then(() => appendSweepEvent(at, event, slot))
        .then((saved) => {
          warnOnce(saved);
          store.getState().record(event);
        });
    },
    settled: () => settled,
  };
}
