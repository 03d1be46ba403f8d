import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { Project } from '../model/project';
import { createAutoStore, type AutoState, type AutoStore } from './autoStore';
import { createProjectStore, type ProjectState, type ProjectStore } from './projectStore';
import { createRunArchiveStore, type RunArchiveState, type RunArchiveStore } from './runArchiveStore';
import { createRunStore, type RunState, type RunStore } from './runStore';
import { createSessionStore, type SessionState, type SessionStore } from './sessionStore';
import { createSweepStore, type SweepState, type SweepStore } from './sweepStore';

export interface StudioStores {
  readonly project: ProjectStore;
  readonly session: SessionStore;
  readonly runs: RunStore;
  readonly sweep: SweepStore;
  /** The Auto search: a study of its own beside the sweep's. */
  readonly auto: AutoStore;
  readonly archive: RunArchiveStore;
}

const StudioContext = createContext<StudioStores | null>(null);

export function createStudioStores(initialProject: Project): StudioStores {
  return {
    project: createProjectStore(initialProject),
    session: createSessionStore(),
    runs: createRunStore(),
    sweep: createSweepStore(),
    auto: createAutoStore(),
    archive: createRunArchiveStore(),
  };
}

export function StudioProvider({ stores, children }: { stores: StudioStores; children: ReactNode }) {
  const [value] = useState(stores);
  return <StudioContext.Provider value={value}>{children}</StudioContext.Provider>;
}

export function useStudioStores(): StudioStores {
  const stores = useContext(StudioContext);
  if (!stores) throw new Error('useStudioStores must be used inside <StudioProvider>');
  return stores;
}

function useSlice<S, T>(pick: (stores: StudioStores) => StoreApi<S>, selector: (state: S) => T): T {
  return useStore(pick(useStudioStores()), selector);
}

export const useProjectStore = <T,>(selector: (state: ProjectState) => T): T => useSlice((s) => s.project, selector);
export const useSessionStore = <T,>(selector: (state: SessionState) => T): T => useSlice((s) => s.session, selector);
export const useRunStore = <T,>(selector: (state: RunState) => T): T => useSlice((s) => s.runs, selector);
export const useSweepStore = <T,>(selector: (state: SweepState) => T): T => useSlice((s) => s.sweep, selector);
export const useRunArchiveStore = <T,>(selector: (state: RunArchiveState) => T): T =>
  useSlice((s) => s.archive, selector);
export const useAutoStore = <T,>(selector: (state: AutoState) => T): T => useSlice((s) => s.auto, selector);
