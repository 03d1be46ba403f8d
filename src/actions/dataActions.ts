import { dataContextFromMeta } from '../data/preprocess';
import { SAMPLES } from '../data/samples';
import type { ImportProgress } from '../data/importProgress';
import type { DatasetMeta } from '../data/schema';
import type { FolderFile, ImageImportSettings, Result } from '../workers/protocol';
import type { Action, ActionContext } from './types';

/** The preferred target if it can be learned, else the last column; an error when neither can. */
function pickTarget(meta: DatasetMeta, preferred?: string): Result<string> {
  const candidate = preferred && meta.columns.some((c) => c.name === preferred) ? preferred : meta.columns.at(-1)?.name;
  if (!candidate) return { ok: false, error: `${meta.name} has no columns.` };
  const context = dataContextFromMeta(meta, candidate);
  return context.ok ? { ok: true, value: candidate } : { ok: false, error: context.error };
}

/**
 * Imports in the data worker, then switches the project to the new dataset. On any problem, and
 * on Cancel, the person gets a message and the current dataset and project stay as they were.
 */
async function importAndUse(
  { session, project }: ActionContext,
  label: string,
  runImport: (onProgress: (progress: ImportProgress) => void) => Promise<Result<DatasetMeta>>,
  preferredTarget?: string,
) {
  session.getState().setImporting(label);
  session.getState().notify(null);
  try {
    const imported = await runImport((progress) => session.getState().setImportProgress(progress));
    if (!imported.ok) return session.getState().notify({ kind: 'error', text: `Could not import ${label}: ${imported.error}` });
    const meta = imported.value;
    const target = pickTarget(meta, preferredTarget);
    if (!target.ok) return session.getState().notify({ kind: 'error', text: `Could not use ${label}: ${target.error}` });
    session.getState().putDataset(meta);
    project.getState().setData({ datasetId: meta.id, target: target.value });
    session.getState().notify({ kind: 'info', text: `Loaded ${meta.name}: ${contentsOf(meta)}.` });
  } catch (error) {
    if (!isAbortError(error)) throw error;
    session.getState().notify({ kind: 'info', text: `Import of ${label} cancelled.` });
  } finally {
    session.getState().setImporting(null);
  }
}

function contentsOf(meta: DatasetMeta): string {
  const count = (n: number) => n.toLocaleString('en-US');
  if (!meta.images) return `${count(meta.rowCount)} rows, ${meta.columns.length} columns`;
  const { thumbnails, skippedCount, width, height } = meta.images;
  const skipped = skippedCount > 0 ? `; ${count(skippedCount)} ${skippedCount === 1 ? 'file was' : 'files were'} skipped (listed below)` : '';
  return `${count(meta.rowCount)} images in ${thumbnails.length} classes, ${width}×${height}${skipped}`;
}

function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export const loadSample: Action<string> = {
  label: 'Load sample',
  perform: (ctx, sampleId) => {
    const sample = SAMPLES.find((s) => s.id === sampleId);
    if (!sample) return;
    const source = { kind: 'sample', url: new URL(`samples/${sample.file}`, document.baseURI).href, name: sample.name } as const;
    const { images } = sample;
    return importAndUse(
      ctx,
      sample.name,
      (onProgress) => (images ? ctx.workers.importImages(source, images, onProgress) : ctx.workers.importCsv(source, onProgress)),
      sample.target,
    );
  },
};

export const importCsvFile: Action<File> = {
  label: 'Import CSV',
  perform: (ctx, file) => importAndUse(ctx, file.name, (onProgress) => ctx.workers.importCsv({ kind: 'file', file }, onProgress)),
};

/** An image data set's target is its label column. */
const IMAGE_TARGET = 'label';

export const importImageZip: Action<{ readonly file: File; readonly settings: ImageImportSettings }> = {
  label: 'Import images (zip)',
  perform: (ctx, { file, settings }) =>
    importAndUse(ctx, file.name, (onProgress) => ctx.workers.importImages({ kind: 'file', file }, settings, onProgress), IMAGE_TARGET),
};

export const importImageFolder: Action<{ readonly name: string; readonly files: readonly FolderFile[]; readonly settings: ImageImportSettings }> = {
  label: 'Import images (folder)',
  perform: (ctx, { name, files, settings }) =>
    importAndUse(ctx, name, (onProgress) => ctx.workers.importImages({ kind: 'folder', name, files }, settings, onProgress), IMAGE_TARGET),
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
