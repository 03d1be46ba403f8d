import { createStore } from 'zustand/vanilla';
import { newestFirst, type ArchivedRun } from './runArchive';

/** The runs kept in this browser, as last read: never undoable, never part of the project. */
export interface RunArchiveState {
  /** Newest first; null until read. */
  readonly runs: readonly ArchivedRun[] | null;
  /** Stored runs that could not be read (damaged, or from a newer version), left out of `runs`. */
  readonly unreadable: number;
  /** A sentence when the archive could not be read or a run could not be kept; the runs panel shows it. */
  readonly error: string | null;
  /** The runs whose curves are overlaid, in the order they were picked. */
  readonly compared: readonly string[];
  /** Replaces the list (read from storage); comparisons of runs no longer listed are dropped. */
  setRuns(runs: readonly ArchivedRun[], unreadable: number): void;
  /** Adds a run, or replaces the one with its id. */
  put(run: ArchivedRun): void;
  remove(ids: readonly string[]): void;
  fail(error: string | null): void;
  toggleCompared(id: string): void;
}

export type RunArchiveStore = ReturnType<typeof createRunArchiveStore>;

export function createRunArchiveStore() {
  return createStore<RunArchiveState>()((set) => ({
    runs: null,
    unreadable: 0,
    error: null,
    compared: [],
    setRuns: (runs, unreadable) =>
      set(({ compared }) => ({
        runs: [...runs].sort(newestFirst),
        unreadable,
        compared: compared.filter((id) => runs.some((run) => run.id === id)),
      })),
    put: (run) =>
      set(({ runs }) => ({ runs: [run, ...(runs ?? []).filter((kept) => kept.id !== run.id)].sort(newestFirst) })),
    remove: (ids) =>
      set(({ runs, compared }) => ({
        runs: runs?.filter((run) => !ids.includes(run.id)) ?? null,
        compared: compared.filter((id) => !ids.includes(id)),
      })),
    fail: (error) => set({ error }),
    toggleCompared: (id) =>
      set(({ compared }) => ({
        compared: compared.includes(id) ? compared.filter((c) => c !== id) : [...compared, id],
      })),
  }));
}
