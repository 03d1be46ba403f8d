import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import type { ExportedModel, ExportPreview } from '../model/modelExport';
import { newProject } from '../model/project';
import type { Result } from '../model/result';
import { defaultGraph } from '../model/templates';
import { createStudioStores } from '../state/StudioProvider';
import { testWorkers } from '../test/testWorkers';
import { ActionManager } from './index';

const PREVIEW: ExportPreview = {
  compression: { precision: 'uint8', sparsity: 0.5 },
  float32: {
    weightBytes: 400,
    totalBytes: 1400,
    zipBytes: 1000,
    zeroShare: 0,
    test: { name: 'accuracy', split: 'test', value: { value: 0.9 } },
  },
  exported: {
    weightBytes: 100,
    totalBytes: 1150,
    zipBytes: 600,
    zeroShare: 0.5,
    test: { name: 'accuracy', split: 'test', value: { value: 0.85 } },
  },
  unsupported: { tfjs: [], onnx: [], keras: [], pytorch: [], webapp: [] },
};

/** A studio whose training worker answers the export commands when the test says so. */
function studio() {
  let answerPreview: (result: Result<ExportPreview>) => void = () => undefined;
  let answerExport: (result: Result<ExportedModel>) => void = () => undefined;
  const workers = testWorkers({
    previewExport: () => new Promise<Result<ExportPreview>>((resolve) => (answerPreview = resolve)),
    exportModel: () => new Promise<Result<ExportedModel>>((resolve) => (answerExport = resolve)),
  });
  const stores = createStudioStores(newProject(defaultGraph(), DEFAULT_DATA_CONFIG));
  const finishRun = (runId: string) => {
    stores.runs.getState().startRun(runId);
    stores.runs.getState().apply({ type: 'train/done', runId, reason: 'completed', epochsRun: 1, logs: {} });
  };
  return {
    stores,
    actions: new ActionManager({ ...stores, workers }),
    finishRun,
    answerPreview: (result: Result<ExportPreview>) => answerPreview(result),
    answerExport: (result: Result<ExportedModel>) => answerExport(result),
  };
}

describe('export actions', () => {
  it('need a run that ended with weights', () => {
    const { stores, actions } = studio();
    expect(actions.can('openExport')).toBe('Train a model first.');
    stores.runs.getState().startRun('run-1');
    expect(actions.can('openExport')).toBe('Train a model first.');
  });

  it('keep the preview for its run, precision and sparsity, and drop one that arrives after a new run started', async () => {
    const { stores, actions, finishRun, answerPreview } = studio();
    finishRun('run-1');
    const compression = { precision: 'uint8', sparsity: 0.5 } as const;
    const measuring = actions.perform('previewExport', compression);
    expect(stores.runs.getState().exportPreview).toEqual({ runId: 'run-1', compression, status: 'running' });
    answerPreview({ ok: true, value: PREVIEW });
    await measuring;
    expect(stores.runs.getState().exportPreview).toEqual({
      runId: 'run-1',
      compression,
      status: 'done',
      result: PREVIEW,
    });

    const late = actions.perform('previewExport', { precision: 'float16', sparsity: 0 });
    stores.runs.getState().startRun('run-2');
    answerPreview({ ok: true, value: { ...PREVIEW, compression: { precision: 'float16', sparsity: 0 } } });
    await late;
    expect(stores.runs.getState().exportPreview).toBeNull();
  });

  it('refuse a second download while one is written, and keep the worker’s failure for the dialog', async () => {
    const { stores, actions, finishRun, answerExport } = studio();
    finishRun('run-1');
    const exporting = actions.perform('downloadModel', {
      format: 'onnx',
      precision: 'float32',
      sparsity: 0,
      packaging: 'zip',
    });
    expect(actions.can('downloadModel')).toBe('The export is being written.');
    answerExport({ ok: false, error: 'Not supported in ONNX export: mha (MultiHeadAttention).' });
    await exporting;
    expect(stores.runs.getState().exporting).toEqual({
      runId: 'run-1',
      status: 'failed',
      error: 'Could not export the model: Not supported in ONNX export: mha (MultiHeadAttention).',
    });
    expect(actions.can('downloadModel')).toBe(true);
  });
});
