import { createStore } from 'zustand/vanilla';
import { rankingMismatch, type FeatureRanking, type RankingProgress } from '../data/featureRanking';
import type { ImportProgress } from '../data/importProgress';
import type { DatasetListing, DatasetMeta } from '../data/schema';
import type { StorageUsage } from '../data/storage';
import type { Graph } from '../model/graph';
import type { Size } from '../model/layout';
import type { Project } from '../model/project';

export type View = 'data' | 'design' | 'train' | 'sweep' | 'auto' | 'evaluate' | 'monitor';

export const COLOUR_SCHEMES = ['system', 'light', 'dark'] as const;
/** 'system' follows the system's light or dark setting (prefers-color-scheme). */
export type ColourScheme = (typeof COLOUR_SCHEMES)[number];

/** An import in progress: what is imported, and how far it is (null until the first report). */
export interface ImportStatus {
  readonly name: string;
  readonly progress: ImportProgress | null;
}

export interface Notice {
  /**
   * error: refused, nothing changed; warning: done, with something the person must know; change: done,
   * and it changed the person's work for them (a template, an imported model): Undo may be wanted; info: done.
   */
  readonly kind: 'error' | 'warning' | 'change' | 'info';
  readonly text: string;
  /** The technical account behind an error (a schema path, a library's message), shown on request. */
  readonly details?: string;
}

/** How long a confirmation stays before it fades on its own. */
const INFO_VISIBLE_MS = 5_000;

/**
 * How long a notice shows before it goes by itself; undefined: until the person dismisses it. Only a plain
 * confirmation fades: an error, a warning or a change made for the person must not vanish unread.
 */
export function noticeLifetimeMs(notice: Notice): number | undefined {
  return notice.kind === 'info' ? INFO_VISIBLE_MS : undefined;
}

/** A failed result's technical details as a notice's, when it has any. */
export function detailsOf(failure: { readonly details?: string }): Pick<Notice, 'details'> {
  return failure.details ? { details: failure.details } : {};
}

/** The data sets stored in this browser, as last read, and how full its storage is. */
export interface LibraryListing {
  /** Newest first. */
  readonly datasets: readonly DatasetListing[];
  /** Absent where the browser does not say. */
  readonly usage?: StorageUsage;
  /** Why the list could not be read, for the person. */
  readonly error?: string;
}

/** A yes/no question put to the person; the ConfirmDialog shows it. */
export interface Confirmation {
  readonly title: string;
  readonly text: string;
  /** The label of the button that says yes, a verb ("Delete"). */
  readonly confirmLabel: string;
  answer(confirmed: boolean): void;
}

/** A feature ranking of one data set for one target in progress, or why it failed; a finished one is the project's. */
export type FeatureRankingStatus = { readonly datasetId: string; readonly target: string } & (
  | { readonly status: 'running'; readonly progress: RankingProgress | null }
  | { readonly status: 'failed'; readonly error: string }
);

/** What the data report shows of the ranking: in progress or failed, the project's, or why the project's no longer holds. */
export type RankingView =
  | FeatureRankingStatus
  | { readonly status: 'done'; readonly ranking: FeatureRanking }
  | { readonly status: 'stale'; readonly reason: string };

/**
 * The ranking of the project's data: the session's ranking in progress (or its failure) for this data set and
 * target, else the project's ranking while it was made on this data set (of `rows` rows, when known), target
 * and split, else why not; undefined when there is none.
 */
export function rankingStatusFor(
  status: FeatureRankingStatus | null,
  { data, featureRanking }: Pick<Project, 'data' | 'featureRanking'>,
  rows: number | undefined,
): RankingView | undefined {
  if (status?.datasetId === data.datasetId && status.target === data.target) return status;
  if (!featureRanking) return undefined;
  const reason = rankingMismatch(featureRanking, data, rows);
  return reason === undefined ? { status: 'done', ranking: featureRanking } : { status: 'stale', reason };
}

/** The session: what the person is looking at. Never part of the document, never undoable. */
export interface SessionState {
  readonly view: View;
  readonly selectedNodeIds: readonly string[];
  readonly selectedEdgeIds: readonly string[];
  /** Rendered node sizes reported by React Flow; the canvas needs them back on every render. */
  readonly measured: Readonly<Record<string, { readonly width: number; readonly height: number }>>;
  /** The Design view's canvas on screen, for laying a long graph out to fit it; null until it has been shown. */
  readonly canvasSize: Size | null;
  /** Datasets known to this browser, by id. */
  readonly datasets: Readonly<Record<string, DatasetMeta>>;
  /** The files CSV data sets were imported from in this page, by data set id: to read one again another way. */
  readonly importedFiles: Readonly<Record<string, File>>;
  /** Null until first read. */
  readonly library: LibraryListing | null;
  readonly confirmation: Confirmation | null;
  readonly importing: ImportStatus | null;
  readonly notice: Notice | null;
  /** False until the saved project has been restored, so nothing autosaves over it. */
  readonly restored: boolean;
  /** Layers copied with Ctrl+C: the nodes and the edges between them. */
  readonly clipboard: Graph | null;
  readonly dialog: 'shortcuts' | 'export' | 'distill' | null;
  /** Bumped to ask the canvas to fit the whole graph in view (after an auto-layout, say). */
  readonly fitViewRequest: number;
  /**
   * Bumped to ask the canvas to lay the graph out again once its new cards have been measured
   * (a template's positions are computed before any card exists), then fit it in view.
   */
  readonly layoutRequest: number;
  /** This browser's choice, not the project's (ui/common/colourScheme.ts keeps it in localStorage). */
  readonly colourScheme: ColourScheme;
  /** The feature ranking in progress, or why the last one failed; the data report shows it while its data set and target are the project's. */
  readonly featureRanking: FeatureRankingStatus | null;
  setView(view: View): void;
  select(nodeIds: readonly string[], edgeIds: readonly string[]): void;
  setMeasured(id: string, size: { width: number; height: number }): void;
  setCanvasSize(size: Size): void;
  putDataset(meta: DatasetMeta): void;
  rememberFile(datasetId: string, file: File): void;
  /** Forgets a data set deleted from storage. */
  forgetDataset(id: string): void;
  setLibrary(library: LibraryListing): void;
  /**
   * Asks the person; resolves to their answer. A question asked while another is open answers the
   * earlier one "no", so no caller waits forever.
   */
  confirm(question: Omit<Confirmation, 'answer'>): Promise<boolean>;
  /** Starts (with a name) or ends (null) the import status. */
  setImporting(name: string | null): void;
  /** Ignored when no import runs, so a report that arrives late cannot bring back a finished import. */
  setImportProgress(progress: ImportProgress): void;
  /**
   * Shows a notice in place of the last one. Null withdraws the last one (a stale error), except one
   * announcing a change: that stays until the person dismisses it or a newer notice takes its place.
   */
  notify(notice: Notice | null): void;
  /** The person closed the notice (or it faded). */
  dismissNotice(): void;
  markRestored(): void;
  setClipboard(fragment: Graph | null): void;
  openDialog(dialog: SessionState['dialog']): void;
  requestFitView(): void;
  requestLayout(): void;
  setColourScheme(colourScheme: ColourScheme): void;
  setFeatureRanking(featureRanking: FeatureRankingStatus | null): void;
}

export type SessionStore = ReturnType<typeof createSessionStore>;

export function createSessionStore(initial: Partial<Pick<SessionState, 'view'>> = {}) {
  return createStore<SessionState>()((set, get) => ({
    view: initial.view ?? 'design',
    selectedNodeIds: [],
    selectedEdgeIds: [],
    measured: {},
    canvasSize: null,
    datasets: {},
    importedFiles: {},
    library: null,
    confirmation: null,
    importing: null,
    notice: null,
    restored: false,
    clipboard: null,
    dialog: null,
    fitViewRequest: 0,
    layoutRequest: 0,
    colourScheme: 'system',
    featureRanking: null,
    setView: (view) => set({ view }),
    select: (selectedNodeIds, selectedEdgeIds) => set({ selectedNodeIds, selectedEdgeIds }),
    setMeasured: (id, size) => set(({ measured }) => ({ measured: { ...measured, [id]: size } })),
    setCanvasSize: (canvasSize) => set({ canvasSize }),
    putDataset: (meta) => set(({ datasets }) => ({ datasets: { ...datasets, [meta.id]: meta } })),
    rememberFile: (datasetId, file) =>
      set(({ importedFiles }) => ({ importedFiles: { ...importedFiles, [datasetId]: file } })),
    forgetDataset: (id) =>
      set(({ datasets }) => ({
        datasets: Object.fromEntries(Object.entries(datasets).filter(([known]) => known !== id)),
      })),
    setLibrary: (library) => set({ library }),
    confirm: (question) =>
      new Promise<boolean>((resolve) => {
        get().confirmation?.answer(false);
        const confirmation: Confirmation = {
          ...question,
          answer: (confirmed) => {
            // A second answer (the dialog closing after its button) finds the question gone.
            if (get().confirmation !== confirmation) return;
            set({ confirmation: null });
            resolve(confirmed);
          },
        };
        set({ confirmation });
      }),
    setImporting: (name) => set({ importing: name === null ? null : { name, progress: null } }),
    setImportProgress: (progress) =>
      set(({ importing }) => (importing ? { importing: { ...importing, progress } } : {})),
    notify: (notice) => {
      if (notice === null && get().notice?.kind === 'change') return;
      set({ notice });
    },
    dismissNotice: () => set({ notice: null }),
    markRestored: () => set({ restored: true }),
    setClipboard: (clipboard) => set({ clipboard }),
    openDialog: (dialog) => set({ dialog }),
    requestFitView: () => set(({ fitViewRequest }) => ({ fitViewRequest: fitViewRequest + 1 })),
    requestLayout: () => set(({ layoutRequest }) => ({ layoutRequest: layoutRequest + 1 })),
    setColourScheme: (colourScheme) => set({ colourScheme }),
    setFeatureRanking: (featureRanking) => set({ featureRanking }),
  }));
}
