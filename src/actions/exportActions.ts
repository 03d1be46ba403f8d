import type { ExportOptions, WeightPrecision } from '../workers/protocol';
import { datasetName, saveFile, slug } from './download';
import { hasTrainedModel } from './trainActions';
import type { Action } from './types';

export const openExport: Action = {
  label: 'Export model…',
  predicate: hasTrainedModel,
  perform: ({ session }) => session.getState().openDialog('export'),
};

/** Measures, in the training worker, what quantising to `precision` does to size and test accuracy (or R²). */
export const previewExport: Action<WeightPrecision> = {
  label: 'Compare sizes and accuracy',
  predicate: hasTrainedModel,
  perform: async ({ runs, workers }, precision) => {
    const runId = runs.getState().run!.id;
    runs.getState().setExportPreview({ runId, precision, status: 'running' });
    const result = await workers.previewExport(precision).catch((error: unknown) => ({ ok: false as const, error: stoppedUnexpectedly(error) }));
    runs.getState().setExportPreview(result.ok ? { runId, precision, status: 'done', result: result.value } : { runId, precision, status: 'failed', error: result.error });
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
    const exported = await workers.exportModel(options).catch((error: unknown) => ({ ok: false as const, error: stoppedUnexpectedly(error) }));
    if (!exported.ok) return runs.getState().setExporting({ runId, status: 'failed', error: `Could not export the model: ${exported.error}` });
    const base = `${slug(datasetName(ctx))}-${options.format}${options.format === 'tfjs' && options.precision !== 'float32' ? `-${options.precision}` : ''}`;
    // Separate files keep their names: model.json refers to its shards by name.
    for (const file of exported.value.files) saveFile(file.name === 'model.zip' ? { ...file, name: `${base}.zip` } : file);
    runs.getState().setExporting({ runId, status: 'done', test: exported.value.test });
  },
};

export function stoppedUnexpectedly(error: unknown): string {
  return `The training worker stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}`;
}
