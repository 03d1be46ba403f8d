import { createStore } from 'zustand/vanilla';
import { applyEvent, initialState, type StudyEvent, type StudyState } from '../sweep/study';

/**
 * A study in this session: its journal and the state it replays to. The Sweep view's and the Auto
 * view's each have one. Never undoable, never part of the project.
 */
export interface SweepState {
  readonly journal: readonly StudyEvent[];
  readonly study: StudyState | null;
  /** A sentence when the study could not start or went wrong as a whole (a trial's failure stays on its trial). */
  readonly error: string | null;
  /** Starts a new journal from its 'created' event, dropping the previous study. */
  begin(created: Extract<StudyEvent, { type: 'created' }>): void;
  /** A journal read back from storage, with the state it replays to. */
  restore(journal: readonly StudyEvent[], study: StudyState): void;
  /** Appends one event the scheduler emitted. */
  record(event: StudyEvent): void;
  fail(error: string | null): void;
}

export type SweepStore = ReturnType<typeof createSweepStore>;

/** A study's journal as part of a store: the sweep store is this alone, the Auto store adds its settings. */
export function studySlice(set: (change: Partial<SweepState>) => void, get: () => SweepState): SweepState {
  return {
    journal: [],
    study: null,
    error: null,
    begin: (created) => set({ journal: [created], study: initialState(created), error: null }),
    restore: (journal, study) => set({ journal, study, error: null }),
    record: (event) => {
      const { study, journal } = get();
      if (!study) return;
      const next = applyEvent(study, event);
      // The scheduler only emits events its own state allows; a refused one means the journal moved on (a new study).
      if (next.ok) set({ journal: [...journal, event], study: next.value });
    },
    fail: (error) => set({ error }),
  };
}

export function createSweepStore() {
  return createStore<SweepState>()((set, get) => studySlice(set, get));
}
