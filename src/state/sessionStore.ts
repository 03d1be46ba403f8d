import { createStore } from 'zustand/vanilla';
import type { DatasetMeta } from '../data/schema';
import type { ImportProgress } from '../workers/protocol';
import type { Graph } from '../model/graph';

export type View = 'data' | 'design' | 'train' | 'evaluate';

/** An import in progress: what is imported, and how far it is (null until the first report). */
export interface ImportStatus {
  readonly name: string;
  readonly progress: ImportProgress | null;
}

export interface Notice {
  readonly kind: 'error' | 'info';
  readonly text: string;
}

/** The session: what the person is looking at. Never part of the document, never undoable. */
export interface SessionState {
  readonly view: View;
  readonly selectedNodeIds: readonly string[];
  readonly selectedEdgeIds: readonly string[];
  /** Rendered node sizes reported by React Flow; the canvas needs them back on every render. */
  readonly measured: Readonly<Record<string, { readonly width: number; readonly height: number }>>;
  /** Datasets known to this browser, by id. */
  readonly datasets: Readonly<Record<string, DatasetMeta>>;
  readonly importing: ImportStatus | null;
  readonly notice: Notice | null;
  /** False until the saved project has been restored, so nothing autosaves over it. */
  readonly restored: boolean;
  /** Layers copied with Ctrl+C: the nodes and the edges between them. */
  readonly clipboard: Graph | null;
  readonly dialog: 'shortcuts' | null;
  /** Bumped to ask the canvas to fit the whole graph in view (after an auto-layout, say). */
  readonly fitViewRequest: number;
  setView(view: View): void;
  select(nodeIds: readonly string[], edgeIds: readonly string[]): void;
  setMeasured(id: string, size: { width: number; height: number }): void;
  putDataset(meta: DatasetMeta): void;
  /** Starts (with a name) or ends (null) the import status. */
  setImporting(name: string | null): void;
  /** Ignored when no import runs, so a report that arrives late cannot bring back a finished import. */
  setImportProgress(progress: ImportProgress): void;
  notify(notice: Notice | null): void;
  markRestored(): void;
  setClipboard(fragment: Graph | null): void;
  openDialog(dialog: SessionState['dialog']): void;
  requestFitView(): void;
}

export type SessionStore = ReturnType<typeof createSessionStore>;

export function createSessionStore(initial: Partial<Pick<SessionState, 'view'>> = {}) {
  return createStore<SessionState>()((set) => ({
    view: initial.view ?? 'design',
    selectedNodeIds: [],
    selectedEdgeIds: [],
    measured: {},
    datasets: {},
    importing: null,
    notice: null,
    restored: false,
    clipboard: null,
    dialog: null,
    fitViewRequest: 0,
    setView: (view) => set({ view }),
    select: (selectedNodeIds, selectedEdgeIds) => set({ selectedNodeIds, selectedEdgeIds }),
    setMeasured: (id, size) => set(({ measured }) => ({ measured: { ...measured, [id]: size } })),
    putDataset: (meta) => set(({ datasets }) => ({ datasets: { ...datasets, [meta.id]: meta } })),
    setImporting: (name) => set({ importing: name === null ? null : { name, progress: null } }),
    setImportProgress: (progress) => set(({ importing }) => (importing ? { importing: { ...importing, progress } } : {})),
    notify: (notice) => set({ notice }),
    markRestored: () => set({ restored: true }),
    setClipboard: (clipboard) => set({ clipboard }),
    openDialog: (dialog) => set({ dialog }),
    requestFitView: () => set(({ fitViewRequest }) => ({ fitViewRequest: fitViewRequest + 1 })),
  }));
}
