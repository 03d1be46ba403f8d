import { appendSweepEvent, startSweepJournal } from '../data/storage';
import type { Result } from '../model/result';
import type { StudyEvent } from '../sweep/study';
import type { ActionContext } from './types';

/**
 * The running sweep's journal kept in this browser, one record per event. An event reaches the
 * sweep store, which the Sweep view draws, once it is written: what the view shows survives a reload.
 */
export interface JournalKeeper {
  append(event: StudyEvent): void;
  /** Resolves once every event appended so far is written and in the sweep store. */
  settled(): Promise<void>;
}

/**
 * Keeps `journal`, already in the sweep store: a new sweep's (its settings alone) is written first,
 * replacing the previous sweep's; a journal read back from storage is appended to.
 */
export function keepJournal(
  { sweep, session }: Pick<ActionContext, 'sweep' | 'session'>,
  journal: readonly StudyEvent[],
  isNew: boolean,
): JournalKeeper {
  let position = journal.length;
  let failed = false;
  const warnOnce = (saved: Result<void>) => {
    if (saved.ok || failed) return;
    failed = true;
    session
      .getState()
      .notify({ kind: 'error', text: `The sweep goes on, but could not be saved in this browser: ${saved.error}` });
  };
  // One write at a time, in order, each a small record; the store follows each write.
  let settled = isNew && journal[0] ? startSweepJournal(journal[0]).then(warnOnce) : Promise.resolve();
  return {
    append(event) {
      const at = position++;
      settled = settled
        .then(() => appendSweepEvent(at, event))
        .then((saved) => {
          warnOnce(saved);
          sweep.getState().record(event);
        });
    },
    settled: () => settled,
  };
}
