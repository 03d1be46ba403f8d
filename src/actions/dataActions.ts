import { dataContextFromMeta } from '../data/preprocess';
import { SAMPLES } from '../data/samples';
import type { DatasetMeta } from '../data/schema';
import type { CsvSource, Result } from '../workers/protocol';
import { readLibrary } from './library';
import type { Action, ActionContext } from './types';

/** The preferred target if it can be learned, else the last column; an error when neither can. */
function pickTarget(meta: DatasetMeta, preferred?: string): Result<string> {
  const candidate = preferred && meta.columns.some((c) => c.name === preferred) ? preferred : meta.columns.at(-1)?.name;
  if (!candidate) return { ok: false, error: `${meta.name} has no columns.` };
  const context = dataContextFromMeta(meta, candidate);
  return context.ok ? { ok: true, value: candidate } : { ok: false, error: context.error };
}

/**
 * Makes a stored data set the project's, with the preferred target if it can be learned (else the
 * last column). The graph and training settings stay. When no column can be the target, the
 * person is told why and the project stays as it was.
 */
export function switchToDataset({ session, project }: ActionContext, meta: DatasetMeta, label: string, preferredTarget?: string): void {
  const target = pickTarget(meta, preferredTarget);
  if (!target.ok) return session.getState().notify({ kind: 'error', text: `Could not use ${label}: ${target.error}` });
  session.getState().putDataset(meta);
  project.getState().setData({ datasetId: meta.id, target: target.value });
  session.getState().notify({ kind: 'info', text: `Loaded ${meta.name}: ${meta.rowCount.toLocaleString('en-US')} rows, ${meta.columns.length} columns.` });
}

/**
 * Imports in the data worker, then switches the project to the new dataset. On any problem, and
 * on Cancel, the person gets a message and the current dataset and project stay as they were.
 * The library is re-read afterwards, whatever happened: a failed import may still have used storage.
 */
async function importAndUse(ctx: ActionContext, source: CsvSource, label: string, preferredTarget?: string) {
  const { session, workers } = ctx;
  session.getState().setImporting(label);
  session.getState().notify(null);
  try {
    const imported = await workers.importCsv(source, (progress) => session.getState().setImportProgress(progress));
    if (!imported.ok) return session.getState().notify({ kind: 'error', text: `Could not import ${label}: ${imported.error}` });
    switchToDataset(ctx, imported.value, label, preferredTarget);
  } catch (error) {
    if (!isAbortError(error)) throw error;
    session.getState().notify({ kind: 'info', text: `Import of ${label} cancelled.` });
  } finally {
    session.getState().setImporting(null);
    await readLibrary(session);
  }
}

function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export const loadSample: Action<string> = {
  label: 'Load sample',
  perform: (ctx, sampleId) => {
    const sample = SAMPLES.find((s) => s.id === sampleId);
    if (!sample) return;
    const url = new URL(`samples/${sample.file}`, document.baseURI).href;
    return importAndUse(ctx, { kind: 'sample', url, name: sample.name }, sample.name, sample.target);
  },
};

export const importCsvFile: Action<File> = {
  label: 'Import CSV',
  perform: (ctx, file) => importAndUse(ctx, { kind: 'file', file }, file.name),
};

/** Stops the import in progress at once; the current dataset and project stay as they were. */
export const cancelImport: Action = {
  label: 'Cancel import',
  predicate: ({ session }) => session.getState().importing !== null || 'No import is running.',
  perform: ({ workers }) => workers.cancelImport(),
};

export const chooseTarget: Action<string> = {
  label: 'Choose target',
  perform: ({ session, project }, column) => {
    const datasetId = project.getState().project.data.datasetId;
    const meta = datasetId ? session.getState().datasets[datasetId] : undefined;
    if (!meta) return;
    const context = dataContextFromMeta(meta, column);
    if (!context.ok) return session.getState().notify({ kind: 'error', text: context.error });
    session.getState().notify(null);
    project.getState().setData({ target: column });
  },
};
