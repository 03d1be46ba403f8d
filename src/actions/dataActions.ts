import { dataContextFromMeta } from '../data/preprocess';
import { SAMPLES } from '../data/samples';
import { inferTask } from '../data/task';
import type { ColumnChoice, DatasetMeta } from '../data/schema';
import type { CsvSource, Result } from '../workers/protocol';
import type { Action, ActionContext } from './types';

/** The preferred target if it can be learned, else the last column; an error when neither can. */
function pickTarget(meta: DatasetMeta, preferred?: string): Result<string> {
  const candidate = preferred && meta.columns.some((c) => c.name === preferred) ? preferred : meta.columns.at(-1)?.name;
  if (!candidate) return { ok: false, error: `${meta.name} has no columns.` };
  // A new data set starts from every column's default use.
  const context = dataContextFromMeta(meta, { target: candidate, columns: [] });
  return context.ok ? { ok: true, value: candidate } : { ok: false, error: context.error };
}

/**
 * Imports in the data worker, then switches the project to the new dataset. On any problem, and
 * on Cancel, the person gets a message and the current dataset and project stay as they were.
 */
async function importAndUse({ session, project, workers }: ActionContext, source: CsvSource, label: string, preferredTarget?: string) {
  session.getState().setImporting(label);
  session.getState().notify(null);
  try {
    const imported = await workers.importCsv(source, (progress) => session.getState().setImportProgress(progress));
    if (!imported.ok) return session.getState().notify({ kind: 'error', text: `Could not import ${label}: ${imported.error}` });
    const meta = imported.value;
    const target = pickTarget(meta, preferredTarget);
    if (!target.ok) return session.getState().notify({ kind: 'error', text: `Could not use ${label}: ${target.error}` });
    session.getState().putDataset(meta);
    project.getState().setData({ datasetId: meta.id, target: target.value, columns: [] });
    session.getState().notify({ kind: 'info', text: `Loaded ${meta.name}: ${meta.rowCount.toLocaleString('en-US')} rows, ${meta.columns.length} columns.` });
  } catch (error) {
    if (!isAbortError(error)) throw error;
    session.getState().notify({ kind: 'info', text: `Import of ${label} cancelled.` });
  } finally {
    session.getState().setImporting(null);
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
    // Only the target is checked here: a column plan that no longer works shows on the Data view.
    const summary = meta.columns.find((c) => c.name === column);
    const target = summary ? inferTask(summary) : { ok: false as const, error: `The data set has no column "${column}".` };
    if (!target.ok) return session.getState().notify({ kind: 'error', text: target.error });
    session.getState().notify(null);
    project.getState().setData({ target: column });
  },
};

/**
 * Changes how one column is used (a patch of its `ColumnChoice`); a key set to undefined goes
 * back to its default, and a column left with no choices drops out of the list.
 */
export const chooseColumn: Action<ColumnChoice> = {
  label: 'Choose how a column is used',
  perform: ({ project }, { name, ...patch }) => {
    const columns = project.getState().project.data.columns;
    const merged = Object.fromEntries(
      Object.entries({ ...columns.find((c) => c.name === name), ...patch }).filter(([key, value]) => key !== 'name' && value !== undefined),
    );
    const others = columns.filter((c) => c.name !== name);
    project.getState().setData({ columns: Object.keys(merged).length > 0 ? [...others, { name, ...merged }] : others });
  },
};
