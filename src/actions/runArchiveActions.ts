/**
 * The run archive: every training run that ends is kept in IndexedDB (storage.ts 'runs') and
 * listed in the Train view's runs table, where it can be renamed, starred, deleted, compared and
 * its settings restored. Storage failing never touches training: the panel says so in a sentence.
 */
import { readModelFiles } from '../data/import/modelFiles';
import * as storage from '../data/storage';
import { KEPT_MODEL_EXPORT, type ExportedModel } from '../model/modelExport';
import type { Project } from '../model/project';
import type { Result } from '../model/result';
import type { FinishedEpoch } from '../model/run';
import {
  archiveRecord,
  MAX_KEPT_WEIGHT_BYTES,
  MAX_RUN_NAME_LENGTH,
  nextRunNumber,
  parseArchivedRun,
  runsBeyondCap,
  RUN_FORMAT,
  RUN_VERSION,
  type ArchivedRun,
  type KeptWeights,
} from '../state/runArchive';
import { hasTrainedWeights, isActive } from '../state/runStore';
import type { RunArchiveStore } from '../state/runArchiveStore';
import { loadIntoTrainer } from './modelImportActions';
import type { Action, ActionContext } from './types';

/** Reads every stored run; the ones that cannot be read are counted, not shown. */
async function readArchive(archive: RunArchiveStore): Promise<ArchivedRun[] | undefined> {
  let stored: unknown[];
  try {
    stored = await storage.listRuns();
  } catch (error) {
    archive
      .getState()
      .fail(
        `The runs kept in this browser could not be read: ${error instanceof Error ? error.message : String(error)}`,
      );
    return undefined;
  }
  const read = stored.map(parseArchivedRun);
  const runs = read.flatMap((run) => (run.ok ? [run.value] : []));
  archive.getState().setRuns(runs, read.length - runs.length);
  return runs;
}

export const loadRuns: Action = {
  label: 'Load the kept runs',
  perform: async ({ archive }) => {
    await readArchive(archive);
  },
};

/**
 * Keeps the current run, which has just ended, with the project it trained (as it was when the
 * run started), then removes the oldest unstarred runs beyond MAX_UNSTARRED_RUNS. Called by the
 * train action; never rejects. A run that cannot be stored is still listed until the page reloads.
 */
export async function keepFinishedRun(ctx: ActionContext, project: Project, startedAt: number): Promise<void> {
  const { runs, archive, session } = ctx;
  const run = runs.getState().run;
  if (!run) return;
  const kept = (await readArchive(archive)) ?? archive.getState().runs ?? [];
  const datasetId = project.data.datasetId;
  const record = archiveRecord({
    run,
    project,
    datasetName: (datasetId && session.getState().datasets[datasetId]?.name) || null,
    number: nextRunNumber(kept),
    startedAt,
    endedAt: Date.now(),
  });
  if (!record) return;
  if ((await storeRecord(ctx, record, kept)) && hasTrainedWeights(run)) await keepWeights(ctx, record.id);
}

/**
 * Lists and stores a new record beside those `kept`, then removes the oldest unstarred runs beyond the cap;
 * false, with the archive's sentence, when it could not be stored (it stays listed until a reload).
 */
async function storeRecord(
  { archive }: ActionContext,
  record: ArchivedRun,
  kept: readonly ArchivedRun[],
): Promise<boolean> {
  archive.getState().put(record);
  const saved = await storage.saveRun(record.id, record);
  if (!saved.ok) {
    archive
      .getState()
      .fail(`${record.name} is listed until you reload, but could not be kept in this browser: ${saved.error}`);
    return false;
  }
  const beyond = runsBeyondCap([record, ...kept]);
  if (beyond.length > 0 && (await storage.deleteRuns(beyond)).ok) archive.getState().remove(beyond);
  archive.getState().fail(null);
  return true;
}

/**
 * Keeps the model the training worker holds (the run's, which has just ended) with the run, and
 * notes on the run whether it is kept or why not. A run renamed or starred meanwhile keeps its
 * change; one deleted meanwhile gets no weights.
 */
async function keepWeights(ctx: ActionContext, id: string): Promise<void> {
  let exported: Result<ExportedModel>;
  try {
    exported = await ctx.workers.exportModel(KEPT_MODEL_EXPORT);
  } catch (error) {
    exported = {
      ok: false,
      error: `The training worker stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  let weights: KeptWeights;
  if (!exported.ok) {
    weights = { kept: false, reason: exported.error };
  } else {
    const bytes = exported.value.files.reduce((total, file) => total + file.bytes.byteLength, 0);
    const saved = bytes > MAX_KEPT_WEIGHT_BYTES ? undefined : await storage.saveRunWeights(id, exported.value.files);
    if (!saved)
      weights = {
        kept: false,
        reason: `The model takes ${(bytes / 1e6).toFixed(1)} MB; weights are kept up to ${MAX_KEPT_WEIGHT_BYTES / 1e6} MB.`,
      };
    else weights = saved.ok ? { kept: true, bytes } : { kept: false, reason: saved.error };
  }
  // Deleted while its weights were written: they go too.
  if (!findRun(ctx, id)) return void (await storage.deleteRuns([id]));
  await update(ctx, id, (run) => ({ ...run, weights }));
}

function findRun({ archive }: ActionContext, id: string): ArchivedRun | undefined {
  return archive.getState().runs?.find((run) => run.id === id);
}

/** Stores a changed run, and lists the change only once it is stored. */
async function update(ctx: ActionContext, id: string, change: (run: ArchivedRun) => ArchivedRun): Promise<void> {
  const run = findRun(ctx, id);
  if (!run) return;
  const changed = change(run);
  const saved = await storage.saveRun(id, changed);
  if (!saved.ok) return ctx.archive.getState().fail(`Could not change ${run.name}: ${saved.error}`);
  ctx.archive.getState().put(changed);
  ctx.archive.getState().fail(null);
}

export const renameRun: Action<{ readonly id: string; readonly name: string }> = {
  label: 'Rename run',
  perform: async (ctx, { id, name }) => {
    const trimmed = name.trim();
    if (trimmed === '') return ctx.archive.getState().fail('A run needs a name; it keeps the one it had.');
    await update(ctx, id, (run) => ({ ...run, name: trimmed.slice(0, MAX_RUN_NAME_LENGTH) }));
  },
};

export const toggleRunStar: Action<string> = {
  label: 'Star run',
  perform: (ctx, id) => update(ctx, id, (run) => ({ ...run, starred: !run.starred })),
};

/** Adds a kept run to the curves compared on the Train view, or takes it off. */
export const toggleRunCompared: Action<string> = {
  label: 'Compare',
  perform: ({ archive }, id) => archive.getState().toggleCompared(id),
};

/** Deletes a kept run once the person confirms; there is no undo. */
export const deleteRun: Action<string> = {
  label: 'Delete run',
  perform: async (ctx, id) => {
    const run = findRun(ctx, id);
    if (!run) return;
    const confirmed = await ctx.session.getState().confirm({
      title: `Delete ${run.name}?`,
      text: 'Its settings, curves and metrics are removed from this browser. This cannot be undone.',
      confirmLabel: 'Delete',
    });
    if (!confirmed) return;
    const deleted = await storage.deleteRuns([id]);
    if (!deleted.ok) return ctx.archive.getState().fail(`Could not delete ${run.name}: ${deleted.error}`);
    ctx.archive.getState().remove([id]);
    ctx.archive.getState().fail(null);
  },
};

/** Writes a kept run's graph and training settings into the project, as one undoable step; the data choices stay. */
export const restoreRunSettings: Action<string> = {
  label: 'Restore settings',
  // As the settings form, locked while a run trains.
  predicate: ({ runs }) => (isActive(runs.getState().run) ? 'Wait for the run in progress to end.' : true),
  perform: (ctx, id) => {
    const run = findRun(ctx, id);
    if (!run) return;
    const { project, session } = ctx;
    project
      .getState()
      .replaceProject({ ...project.getState().project, graph: run.project.graph, training: run.project.training });
    session.getState().notify({
      kind: 'change',
      text: `Restored the graph and training settings of ${run.name}. Undo (Ctrl+Z) brings back the ones you had.`,
    });
  },
};

/**
 * Loads a kept run's model into the training worker, as an import is loaded (with the run's own
 * graph, data choices and settings, so it meets the rows it was validated on), makes it the
 * current run and opens the Evaluate view, which evaluates it as it does any run.
 */
export const evaluateKeptRun: Action<string> = {
  label: 'Evaluate kept run',
  predicate: ({ runs }) =>
    isActive(runs.getState().run) ? 'A run is in progress; evaluate a kept run when it has ended.' : true,
  perform: async (ctx, id) => {
    const run = findRun(ctx, id);
    if (!run) return;
    const { session, runs } = ctx;
    const fail = (why: string) =>
      session.getState().notify({ kind: 'error', text: `${run.name} cannot be evaluated: ${why}` });
    if (!run.weights?.kept) return fail(withoutWeights(run));
    let stored: readonly storage.StoredFile[] | undefined;
    try {
      stored = await storage.loadRunWeights(id);
    } catch (error) {
      return fail(
        `its weights could not be read from this browser's storage: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!stored) return fail('its weights are no longer stored in this browser.');
    const loaded = await loadModel(ctx, run.id, stored, run.project, run.datasetName);
    if (!loaded.ok) return fail(loaded.error);
    runs.getState().adoptKeptRun(run, `Evaluating kept run ${run.name}.`);
    session.getState().setView('evaluate');
  },
};

/**
 * Loads a model's kept files into the training worker as `runId`, as an import is loaded, with the
 * project it trained (its graph, data choices and settings), so it meets the rows it was validated on;
 * why not, as a sentence to follow "cannot be …:".
 */
async function loadModel(
  { workers }: ActionContext,
  runId: string,
  files: readonly storage.StoredFile[],
  { graph, data, training }: Project,
  datasetName: string | null,
): Promise<Result<void>> {
  const read = await readModelFiles(files.map((file) => new File([file.bytes as Uint8Array<ArrayBuffer>], file.name)));
  if (!read.ok) return { ok: false, error: `its kept weights are damaged: ${read.error}` };
  const { modelJson, metadata, weights } = read.value;
  const loaded = await loadIntoTrainer(workers, {
    runId,
    modelJson,
    weights,
    ...(metadata === undefined ? {} : { metadata }),
    graph,
    data,
    settings: training,
  });
  if (!loaded.ok) return loaded;
  if (loaded.value.notUsable !== undefined)
    return { ok: false, error: `${loaded.value.notUsable}${datasetName ? ` (it trained on ${datasetName})` : ''}.` };
  return { ok: true, value: undefined };
}

/** A model trained elsewhere (an Auto candidate, on a trial worker), to keep as a finished run. */
export interface TrainedElsewhere {
  /** The project it trained: its graph, data choices and training settings. */
  readonly project: Project;
  /** What the run is named after its number: "Run 7 · Auto candidate 3 (MLP …)". */
  readonly title: string;
  readonly history: readonly FinishedEpoch[];
  /** Its kept-run files (KEPT_MODEL_EXPORT). */
  readonly files: readonly storage.StoredFile[];
  /** Shown with the run as the Train view's note. */
  readonly note: string;
}

/**
 * Makes a model trained elsewhere the current run, as a kept run opened for Evaluate is (loaded into the
 * training worker, ready for Evaluate, Export and predictions), and keeps it in the runs list with its
 * weights; why not, as a sentence, when the training worker cannot load it for the current data (nothing
 * changes then). A run that cannot be stored stays current and listed, and the runs panel says so.
 */
export async function adoptTrainedModel(
  ctx: ActionContext,
  { project, title, history, files, note }: TrainedElsewhere,
): Promise<Result<ArchivedRun>> {
  const { archive, runs, session } = ctx;
  const id = `run-${Date.now().toString(36)}`;
  const datasetId = project.data.datasetId;
  const datasetName = (datasetId && session.getState().datasets[datasetId]?.name) || null;
  const loaded = await loadModel(ctx, id, files, project, datasetName);
  if (!loaded.ok) return loaded;
  const kept = (await readArchive(archive)) ?? archive.getState().runs ?? [];
  const number = nextRunNumber(kept);
  const bytes = files.reduce((total, file) => total + file.bytes.byteLength, 0);
  const now = Date.now();
  const record: ArchivedRun = {
    format: RUN_FORMAT,
    version: RUN_VERSION,
    id,
    number,
    name: `Run ${number} · ${title}`.slice(0, MAX_RUN_NAME_LENGTH),
    starred: false,
    startedAt: now,
    endedAt: now,
    status: 'completed',
    note,
    project,
    datasetName,
    history,
    finalLogs: history.at(-1)?.logs ?? {},
    weights: { kept: true, bytes },
  };
  runs.getState().adoptKeptRun(record, note);
  if (await storeRecord(ctx, record, kept)) {
    const saved = await storage.saveRunWeights(id, files);
    if (!saved.ok) await update(ctx, id, (run) => ({ ...run, weights: { kept: false, reason: saved.error } }));
  }
  return { ok: true, value: record };
}

/** Why a kept run has no weights to evaluate, as a sentence. */
function withoutWeights(run: ArchivedRun): string {
  if (run.weights?.kept === false) return `its weights were not kept. ${run.weights.reason}`;
  if (run.status === 'failed' || run.status === 'diverged')
    return `it ${run.status}, so it ended without trained weights.`;
  return 'its weights were not kept (the page closed before they were written).';
}
