import { exportFormatInfo } from '../model/exportFormats';
import type { ExportCompression, ExportOptions } from '../model/modelExport';
import { datasetName, saveFile, slug } from './download';
import { hasTrainedModel } from './trainActions';
import type { Action, ActionContext } from './types';

export const openExport: Action = {
  label: 'Export model…',
  predicate: hasTrainedModel,
  perform: ({ session }) => session.getState().openDialog('export'),
};

/** Measures, in the training worker, what pruning and quantising as `compression` says do to size and test accuracy (or R²). */
export const previewExport: Action<ExportCompression> = {
  label: 'Compare sizes and accuracy',
  predicate: hasTrainedModel,
  perform: async ({ runs, workers }, compression) => {
    const runId = runs.getState().run!.id;
    runs.getState().setExportPreview({ runId, compression, status: 'running' });
    const result = await workers
      .previewExport(compression)
      .catch((error: unknown) => ({ ok: false as const, error: stoppedUnexpectedly(error) }));
    runs
      .getState()
      .setExportPreview(
        result.ok
          ? { runId, compression, status: 'done', result: result.value }
          : { runId, compression, status: 'failed', error: result.error },
      );
  },
};

export const downloadModel: Action<ExportOptions> = {
  label: 'Download',
  predicate: (ctx) => {
    const trained = hasTrainedModel(ctx);
    if (trained !== true) return trained;
    return ctx.runs.getState().exporting?.status === 'running' ? 'The export is being written.' : true;
  },
  perform: async (ctx, options) => {
    const { runs, workers } = ctx;
    const runId = runs.getState().run!.id;
    runs.getState().setExporting({ runId, status: 'running' });
    const exported = await workers
      .exportModel(options)
      .catch((error: unknown) => ({ ok: false as const, error: stoppedUnexpectedly(error) }));
    if (!exported.ok)
      return runs
        .getState()
        .setExporting({ runId, status: 'failed', error: `Could not export the model: ${exported.error}` });
    // Separate files keep their names: model.json refers to its shards by name.
    for (const file of exported.value.files)
      saveFile(file.name === 'model.zip' ? { ...file, name: `${baseName(ctx, options)}.zip` } : file);
    runs.getState().setExporting({ runId, status: 'done', test: exported.value.test });
  },
};

/** The model card of the export the dialog describes, alone: one self-contained HTML page. */
export const downloadModelCard: Action<Omit<ExportOptions, 'packaging'>> = {
  label: 'Download the model card',
  predicate: downloadModel.predicate,
  perform: async (ctx, options) => {
    const { runs, workers } = ctx;
    const runId = runs.getState().run!.id;
    runs.getState().setExporting({ runId, status: 'running' });
    const card = await workers
      .exportModelCard(options)
      .catch((error: unknown) => ({ ok: false as const, error: stoppedUnexpectedly(error) }));
    if (!card.ok)
      return runs
        .getState()
        .setExporting({ runId, status: 'failed', error: `Could not write the model card: ${card.error}` });
    for (const file of card.value.files) saveFile({ ...file, name: `${baseName(ctx, options)}-${file.name}` });
    runs.getState().setExporting({ runId, status: 'done', test: card.value.test });
  },
};

/** "iris-tfjs-uint8-pruned-50": the data set, the format, and what was done to the weights. */
function baseName(ctx: ActionContext, { format, precision, sparsity }: Omit<ExportOptions, 'packaging'>): string {
  const quantised = exportFormatInfo(format).quantises && precision !== 'float32' ? `-${precision}` : '';
  const pruned = sparsity > 0 ? `-pruned-${Math.round(sparsity * 100)}` : '';
  return `${slug(datasetName(ctx))}-${format}${quantised}${pruned}`;
}

export function stoppedUnexpectedly(error: unknown): string {
  return `The training worker stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}`;
}
