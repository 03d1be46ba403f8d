import { readModelFiles } from '../data/import/modelFiles';
import { withOpaqueShapes, type ImportedModelInfo, type ModelImportRequest } from '../model/modelImport';
import { opaque } from '../model/layers/opaque';
import type { Result } from '../model/result';
import { isActive } from '../state/runStore';
import { detailsOf } from '../state/sessionStore';
import type { Action, StudioWorkers } from './types';

/**
 * Import model…: the studio's export zip, or model.json with its weight files, picked or dropped
 * on the canvas. The graph replaces the canvas's in one undo step, and the training worker holds
 * the model with its weights, so Evaluate, Predict and Export use it. Anything wrong with the
 * files is said in one sentence and leaves the project as it was; layers no kind can hold come
 * in as opaque nodes, which say so on the canvas.
 */
export const importModel: Action<readonly File[]> = {
  label: 'Import model…',
  predicate: ({ runs }) =>
    isActive(runs.getState().run) ? 'A run is in progress; import a model when it has ended.' : true,
  perform: async ({ project, session, runs, workers }, files) => {
    const notify = session.getState().notify;
    const read = await readModelFiles(files);
    if (!read.ok)
      return notify({ kind: 'error', text: `Could not import the model: ${read.error}`, ...detailsOf(read) });
    const { name, modelJson, metadata, weights, imported } = read.value;
    const runId = `import-${Date.now().toString(36)}`;
    const { data, training } = project.getState().project;
    const loaded = await loadIntoTrainer(workers, {
      runId,
      modelJson,
      weights,
      ...(metadata === undefined ? {} : { metadata }),
      graph: imported.graph,
      data,
      settings: training,
    });

    const opaqueCount = imported.graph.nodes.filter((node) => node.type === opaque.type).length;
    // Weights that cannot be loaded refuse the import, unless the layers tfjs lacks are what the
    // person came to see: then the graph still comes, opaque nodes and all.
    if (!loaded.ok && opaqueCount === 0)
      return notify({ kind: 'error', text: `Could not import ${name}: ${loaded.error}` });
    project.getState().replaceGraph(loaded.ok ? withOpaqueShapes(imported, loaded.value.layerShapes) : imported.graph);
    session.getState().select([], []);
    // Laid out again once its cards are measured, to fit the canvas, as a template is.
    session.getState().requestLayout();
    if (loaded.ok && loaded.value.notUsable === undefined) runs.getState().adoptImport(runId, `Imported from ${name}.`);

    const kept =
      opaqueCount === 1 ? '1 kept as an opaque node (it cannot' : `${opaqueCount} kept as opaque nodes (they cannot`;
    const layers = `${imported.graph.nodes.length} layers${opaqueCount > 0 ? `, ${kept} be trained or exported)` : ''}`;
    const weightsNote = !loaded.ok
      ? `its weights were not loaded: ${loaded.error}`
      : loaded.value.notUsable !== undefined
        ? `its weights are loaded, but it cannot be evaluated here: ${loaded.value.notUsable}.`
        : 'evaluate it, predict with it or export it; Train fine-tunes it from these weights (untick “Train this layer’s weights” in the Inspector to freeze a layer).';
    // Accepted either way (the canvas has changed): a caveat is a warning, never a red error.
    const whole = loaded.ok && loaded.value.notUsable === undefined && opaqueCount === 0;
    notify({
      kind: whole ? 'change' : 'warning',
      text: `Imported ${name} (${layers}): ${weightsNote} Undo (Ctrl+Z) brings your previous graph back.`,
    });
  },
};

/** Loads a model into the training worker (see `TrainWorkerApi.importModel`); a worker that dies answers with why. */
export function loadIntoTrainer(
  workers: StudioWorkers,
  request: ModelImportRequest,
): Promise<Result<ImportedModelInfo>> {
  return workers.importModel(request).catch((error: unknown) => ({
    ok: false,
    error: `The training worker stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
  }));
}
