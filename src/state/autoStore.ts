import { createStore } from 'zustand/vanilla';
import type { AutoSettings } from '../sweep/auto/autoStudy';
import { studySlice, type SweepState } from './sweepStore';

/**
 * The Auto search in this session: its study (journal and state, as a sweep's, kept apart from the
 * person's sweep) and the settings the Auto view shows. Never undoable, never part of the project.
 */
export interface AutoState extends SweepState {
  /** Null until the person changes one: the view then shows the proposed settings. */
  readonly settings: AutoSettings | null;
  /** Why the last change of the settings was refused (they stayed as they were); null after an accepted one. */
  readonly settingsProblem: string | null;
  setSettings(settings: AutoSettings): void;
  refuseSettings(problem: string): void;
}

export type AutoStore = ReturnType<typeof createAutoStore>;

export function createAutoStore() {
  return createStore<AutoState>()((set, get) => ({
    ...studySlice(set, get),
    settings: null,
    settingsProblem: null,
    setSettings: (settings) => set({ settings, settingsProblem: null }),
    refuseSettings: (problem) => set({ settingsProblem: problem }),
  }));
}
