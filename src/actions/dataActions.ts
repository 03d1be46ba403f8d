import type { ImageImportSettings } from '../data/imageSettings';
import { SAMPLES, sampleOfDataset } from '../data/samples';
import { inferTask } from '../data/task';
import { embedding } from '../model/layers/embedding';
import { positionalEmbedding } from '../model/layers/positionalEmbedding';
import type { Result } from '../model/result';
import { dataKindOf, suggestTemplate } from '../model/templates';
import type { DataContext } from '../model/task';
import { analyseCached } from '../state/analysis';
import { beginGesture, endGesture } from '../state/projectStore';
import type { DataChange } from '../data/dataReport';
import type { ImportProgress } from '../data/importProgress';
import type { ColumnChoice, DataConfig, DatasetMeta, SplitOrder } from '../data/schema';
import type { FolderFile } from '../workers/protocol';
import { readLibrary } from './library';
import type { Action, ActionContext } from './types';

/**
 * The preferred target if it can be learned, else the last column that is no image; an error when
 * neither can. Only the target is checked: what the other columns cannot do shows on the Data
 * view, where the person can change how they are used.
 */
function pickTarget(meta: DatasetMeta, preferred?: string): Result<string> {
  const lastNotImage = meta.columns.findLast((c) => c.type !== 'image' && !c.imagePaths) ?? meta.columns.at(-1);
  const candidate = meta.columns.find((c) => c.name === preferred) ?? lastNotImage;
  if (!candidate) return { ok: false, error: `${meta.name} has no columns.` };
  const task = inferTask(candidate);
  return task.ok ? { ok: true, value: candidate.name } : { ok: false, error: task.error };
}

/**
 * Makes a stored data set the project's, with the preferred target if it can be learned (else the
 * last column that is no image). The graph and training settings stay. When no column can be the target, the
 * person is told why and the project stays as it was. Switches in a task of its own: the meta has just arrived
 * (from the import worker, or from storage), and deserialising a wide table's is a long task already (tens of ms
 * for its statistics), which the switch and the render that follows would otherwise lengthen.
 */
export async function switchToDataset(
  ctx: ActionContext,
  meta: DatasetMeta,
  label: string,
  preferredTarget?: string,
): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  const { session, project } = ctx;
  // A new data set starts from every column's default use, or a sample's own choices.
  const columns = sampleOfDataset(meta.id)?.columns ?? [];
  const target = pickTarget(meta, preferredTarget);
  if (!target.ok) return session.getState().notify({ kind: 'error', text: `Could not use ${label}: ${target.error}` });
  const before = currentAnalysis(ctx).data;
  session.getState().putDataset(meta);
  project.getState().setData({ datasetId: meta.id, target: target.value, columns });
  const switched = startFromTemplateForNewKind(ctx, before);
  session
    .getState()
    .notify({ kind: switched ? 'change' : 'info', text: `Loaded ${meta.name}: ${contentsOf(meta)}.${switched}` });
}

/**
 * Imports in the data worker, then switches the project to the new dataset. On any problem, and
 * on Cancel, the person gets a message and the current dataset and project stay as they were.
 * The library is re-read afterwards, whatever happened: a failed import may still have used storage.
 */
async function importAndUse(
  ctx: ActionContext,
  label: string,
  runImport: (onProgress: (progress: ImportProgress) => void) => Promise<Result<DatasetMeta>>,
  preferredTarget?: string,
) {
  const { session } = ctx;
  session.getState().setImporting(label);
  session.getState().notify(null);
  try {
    const imported = await runImport((progress) => session.getState().setImportProgress(progress));
    if (!imported.ok)
      return session.getState().notify({ kind: 'error', text: `Could not import ${label}: ${imported.error}` });
    await switchToDataset(ctx, imported.value, label, preferredTarget);
  } catch (error) {
    if (!isAbortError(error)) throw error;
    session.getState().notify({ kind: 'info', text: `Import of ${label} cancelled.` });
  } finally {
    session.getState().setImporting(null);
    await readLibrary(session);
  }
}

function currentAnalysis({ project, session }: ActionContext) {
  const { graph, data } = project.getState().project;
  return analyseCached(graph, data.datasetId ? session.getState().datasets[data.datasetId] : undefined, data);
}

/**
 * A graph built for one kind of data (a table) rarely suits another (images, text), even where
 * the shapes happen to fit: when the data's kind changes, or the graph cannot train on the new
 * data set at all, start from the template made for its kind, as one undoable step. A graph that
 * fails on data of its own kind is the person's work in progress and stays. Returns what to tell
 * the person, or ''.
 */
function startFromTemplateForNewKind(ctx: ActionContext, before: DataContext | null): string {
  const { data, inference } = currentAnalysis(ctx);
  if (!data) return '';
  const kindChanged = before !== null && dataKindOf(before) !== dataKindOf(data);
  // A graph with no embedding would take token ids for numbers: it fits the shapes, not the data.
  const textAsNumbers =
    dataKindOf(data) === 'text' &&
    !ctx.project.getState().project.graph.nodes.some((node) => EMBEDDING_TYPES.has(node.type));
  if (!kindChanged && !textAsNumbers && (before !== null || inference.canTrain)) return '';
  const template = suggestTemplate(data);
  if (!template) return '';
  ctx.project.getState().replaceGraph(template.build(data));
  ctx.session.getState().requestLayout();
  return ` The model now starts from the ${template.name} template, made for ${dataKindOf(data)} data; Undo (Ctrl+Z) brings your graph back.`;
}

/** The layer kinds that turn token ids into vectors: a graph for text starts with one. */
const EMBEDDING_TYPES = new Set<string>([embedding.type, positionalEmbedding.type]);

function contentsOf(meta: DatasetMeta): string {
  const count = (n: number) => n.toLocaleString('en-US');
  if (!meta.images) return `${count(meta.rowCount)} rows, ${meta.columns.length} columns`;
  const { thumbnails, skippedCount, width, height } = meta.images;
  const skipped =
    skippedCount > 0
      ? `; ${count(skippedCount)} ${skippedCount === 1 ? 'file was' : 'files were'} skipped (listed below)`
      : '';
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
    const source = {
      kind: 'sample',
      url: new URL(`samples/${sample.file}`, document.baseURI).href,
      name: sample.name,
    } as const;
    const { images } = sample;
    return importAndUse(
      ctx,
      sample.name,
      (onProgress) =>
        images ? ctx.workers.importImages(source, images, onProgress) : ctx.workers.importCsv(source, onProgress),
      sample.target,
    );
  },
};

export const importCsvFile: Action<File> = {
  label: 'Import CSV',
  perform: (ctx, file) => importFile(ctx, file),
};

/** Imports `file` (its first row read as said, or detected) and remembers it, so it can be read again another way. */
function importFile(ctx: ActionContext, file: File, firstRowIsHeader?: boolean) {
  return importAndUse(ctx, file.name, async (onProgress) => {
    const imported = await ctx.workers.importCsv(
      { kind: 'file', file, ...(firstRowIsHeader !== undefined && { firstRowIsHeader }) },
      onProgress,
    );
    if (imported.ok) ctx.session.getState().rememberFile(imported.value.id, file);
    return imported;
  });
}

/** The file the project's data set was imported from in this page, if it was. */
function fileOfCurrentDataset({ project, session }: ActionContext): File | undefined {
  const datasetId = project.getState().project.data.datasetId;
  return datasetId ? session.getState().importedFiles[datasetId] : undefined;
}

/**
 * Reads the project's CSV again with its first row as column names or as data: the person's word
 * over what was detected. The reading it replaces stays in the library.
 */
export const setFirstRowIsHeader: Action<boolean> = {
  label: 'First row is a header',
  predicate: (ctx) =>
    fileOfCurrentDataset(ctx) !== undefined || 'Import the file again to change how its first row is read.',
  perform: (ctx, firstRowIsHeader) => importFile(ctx, fileOfCurrentDataset(ctx)!, firstRowIsHeader),
};

/** An image data set's target is its label column. */
const IMAGE_TARGET = 'label';

export const importImageZip: Action<{ readonly file: File; readonly settings: ImageImportSettings }> = {
  label: 'Import images (zip)',
  perform: (ctx, { file, settings }) =>
    importAndUse(
      ctx,
      file.name,
      (onProgress) => ctx.workers.importImages({ kind: 'file', file }, settings, onProgress),
      IMAGE_TARGET,
    ),
};

export const importImageFolder: Action<{
  readonly name: string;
  readonly files: readonly FolderFile[];
  readonly settings: ImageImportSettings;
}> = {
  label: 'Import images (folder)',
  perform: (ctx, { name, files, settings }) =>
    importAndUse(
      ctx,
      name,
      (onProgress) => ctx.workers.importImages({ kind: 'folder', name, files }, settings, onProgress),
      IMAGE_TARGET,
    ),
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
    const target = summary
      ? inferTask(summary)
      : { ok: false as const, error: `The data set has no column "${column}".` };
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
  perform: (ctx, choice) => {
    const { project, session } = ctx;
    const before = currentAnalysis(ctx).data;
    project.getState().setData({ columns: withChoice(project.getState().project.data.columns, choice) });
    // A column made text (or no longer text) changes the kind of data: the model follows, as for a new data set.
    const switched = startFromTemplateForNewKind(ctx, before);
    if (switched) session.getState().notify({ kind: 'change', text: switched.trim() });
  },
};

/** `columns` with `name`'s choices patched; a column left with no choices drops out of the list. */
function withChoice(columns: readonly ColumnChoice[], { name, ...patch }: ColumnChoice): ColumnChoice[] {
  const merged = Object.fromEntries(
    Object.entries({ ...columns.find((c) => c.name === name), ...patch }).filter(
      ([key, value]) => key !== 'name' && value !== undefined,
    ),
  );
  const others = columns.filter((c) => c.name !== name);
  return Object.keys(merged).length > 0 ? [...others, { name, ...merged }] : others;
}

/**
 * Makes the data report's suggestions (columns left out, class weights) as one undo step, and
 * says what changed. The report offers each one back, and Undo takes them all back at once.
 */
export const applyDataSuggestions: Action<readonly DataChange[]> = {
  label: 'Apply suggestions',
  perform: (ctx, changes) => {
    const { project, session } = ctx;
    if (changes.length === 0) return;
    const before = currentAnalysis(ctx).data;
    let switched: string;
    beginGesture(project);
    try {
      let columns = project.getState().project.data.columns;
      for (const change of changes) {
        if (change.kind === 'column') columns = withChoice(columns, change.choice);
        else project.getState().setTraining({ classWeights: change.classWeights });
      }
      project.getState().setData({ columns });
      switched = startFromTemplateForNewKind(ctx, before);
    } finally {
      endGesture(project);
    }
    const made = changes.map((change) =>
      change.kind === 'classWeights'
        ? `${change.classWeights === 'balanced' ? 'balanced' : 'no'} class weights`
        : `${change.choice.use === 'ignore' ? 'left out' : 'used'} "${change.choice.name}"`,
    );
    session.getState().notify({
      kind: 'change',
      text: `Applied ${changes.length === 1 ? 'the suggestion' : `${changes.length} suggestions`}: ${made.join(', ')}. Undo (Ctrl+Z) takes ${changes.length === 1 ? 'it' : 'them'} back.${switched}`,
    });
  },
};

/** The split's limits in whole percents; validation and test together leave training at least `minTrain`. */
export const SPLIT_LIMITS = {
  validation: { min: 5, max: 50 },
  test: { min: 0, max: 50 },
  minTrain: 20,
} as const;

/** A change of the train / validation / test split, as the Data view makes it: shares in whole percents. */
export interface SplitChange {
  readonly validationPercent?: number;
  readonly testPercent?: number;
  readonly splitOrder?: SplitOrder;
  /** Any integer in [0, 2³²). */
  readonly seed?: number;
}

/**
 * Changes the split, one undo step a change. A change out of the limits (a share out of its range or not
 * whole, shares that leave training less than `SPLIT_LIMITS.minTrain`, a seed out of range) changes
 * nothing: the form's own limits show what is allowed.
 */
export const setSplit: Action<SplitChange> = {
  label: 'Change the split',
  perform: ({ project }, change) => {
    const patch = splitPatch(project.getState().project.data, change);
    if (patch) project.getState().setData(patch);
  },
};

function splitPatch(data: DataConfig, change: SplitChange): Partial<DataConfig> | undefined {
  const { validationPercent, testPercent, splitOrder, seed } = change;
  const within = (percent: number | undefined, { min, max }: { readonly min: number; readonly max: number }) =>
    percent === undefined || (Number.isInteger(percent) && percent >= min && percent <= max);
  if (!within(validationPercent, SPLIT_LIMITS.validation) || !within(testPercent, SPLIT_LIMITS.test)) return undefined;
  if (validationPercent !== undefined || testPercent !== undefined) {
    const validation = validationPercent ?? Math.round(data.validationFraction * 100);
    const test = testPercent ?? Math.round(data.testFraction * 100);
    if (validation + test > 100 - SPLIT_LIMITS.minTrain) return undefined;
  }
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) return undefined;
  return {
    ...(validationPercent !== undefined ? { validationFraction: validationPercent / 100 } : {}),
    ...(testPercent !== undefined ? { testFraction: testPercent / 100 } : {}),
    ...(splitOrder !== undefined ? { splitOrder } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
}
