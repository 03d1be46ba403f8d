import type { DatasetMeta } from '../data/schema';
import { parseProject, withoutStaleRanking } from '../model/project';
import type { Result } from '../model/result';
import type { StudioStores } from './StudioProvider';

/** How long autosave waits for more edits: a drag becomes one write, not one per frame. */
export const AUTOSAVE_DELAY_MS = 400;

export interface ProjectStorage {
  loadProject(): Promise<unknown>;
  saveProject(project: unknown): Promise<Result<void>>;
  getDatasetMeta(id: string): Promise<DatasetMeta | undefined>;
}

/**
 * Brings back the last project and its dataset's summary. Returns false when there was nothing
 * usable to restore (first visit, a damaged document, or its dataset is gone), so the caller can
 * load the default sample instead; a damaged document is reported, never thrown.
 */
export async function restoreProject({ project, session }: StudioStores, storage: ProjectStorage): Promise<boolean> {
  try {
    const saved = await storage.loadProject();
    if (saved === undefined) return false;
    const parsed = parseProject(saved);
    if (!parsed.ok) {
      session
        .getState()
        .notify({ kind: 'error', text: `The saved project could not be restored (${parsed.error}); starting afresh.` });
      return false;
    }
    const datasetId = parsed.project.data.datasetId;
    const meta = datasetId ? await storage.getDatasetMeta(datasetId) : undefined;
    const { project: kept, dropped } = withoutStaleRanking(parsed.project, meta?.rowCount);
    project.getState().replaceProject(kept);
    if (meta) session.getState().putDataset(meta);
    if (dropped) session.getState().notify({ kind: 'warning', text: dropped });
    return meta !== undefined;
  } catch (error) {
    session.getState().notify({ kind: 'error', text: `This browser's storage could not be read: ${String(error)}` });
    return false;
  }
}

export interface Autosave {
  /** Saves a change still waiting for its delay now: the page is going away (a reload, a closed tab). */
  flush(): void;
  stop(): void;
}

/** Saves the project after every change, debounced. */
export function startAutosave({ project, session }: StudioStores, storage: ProjectStorage): Autosave {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    void storage.saveProject(project.getState().project).then((saved) => {
      if (!saved.ok)
        session
          .getState()
          .notify({ kind: 'error', text: `Could not save the project in this browser: ${saved.error}` });
    });
  };
  const unsubscribe = project.subscribe((state, previous) => {
    if (state.project === previous.project) return;
    clearTimeout(timer);
    timer = setTimeout(save, AUTOSAVE_DELAY_MS);
  });
  return {
    flush: () => {
      if (timer !== undefined) save();
    },
    stop: () => {
      clearTimeout(timer);
      unsubscribe();
    },
  };
}
