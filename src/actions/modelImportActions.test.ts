import { strToU8, zipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import type { ImportedModelInfo, ModelImportRequest } from '../model/modelImport';
import { newProject } from '../model/project';
import type { Result } from '../model/result';
import { defaultGraph } from '../model/templates';
import { createStudioStores } from '../state/StudioProvider';
import { testWorkers } from '../test/testWorkers';
import { ActionManager } from './index';

const dense = (name: string, units: number, activation: string) => ({
  class_name: 'Dense',
  config: { name, units, activation, use_bias: true },
});

/** A Sequential 4 → Dense(3, relu) → Dense(3, softmax) model.json and its weights: 12 + 3 + 9 + 3 floats. */
function modelFiles(
  layers: readonly unknown[] = [dense('hidden', 3, 'relu'), dense('head', 3, 'softmax')],
  weightBytes = 27 * 4,
) {
  const modelJson = {
    format: 'layers-model',
    modelTopology: { class_name: 'Sequential', config: { name: 's', layers } },
    weightsManifest: [
      {
        paths: ['group1-shard1of1.bin'],
        weights: [
          { name: 'hidden/kernel', shape: [4, 3], dtype: 'float32' },
          { name: 'hidden/bias', shape: [3], dtype: 'float32' },
          { name: 'head/kernel', shape: [3, 3], dtype: 'float32' },
          { name: 'head/bias', shape: [3], dtype: 'float32' },
        ],
      },
    ],
  };
  return { 'model.json': strToU8(JSON.stringify(modelJson)), 'group1-shard1of1.bin': new Uint8Array(weightBytes) };
}

function file(name: string, bytes: Uint8Array | string): File {
  return new File([bytes as Uint8Array<ArrayBuffer>], name);
}

/** A studio whose training worker loads every model it is sent, unless the test answers otherwise. */
function studio(
  answer: (request: ModelImportRequest) => Result<ImportedModelInfo> = () => ({ ok: true, value: { layerShapes: {} } }),
) {
  const requests: ModelImportRequest[] = [];
  const workers = testWorkers({
    importModel: async (request) => {
      requests.push(request);
      return answer(request);
    },
  });
  const stores = createStudioStores(newProject(defaultGraph(), DEFAULT_DATA_CONFIG));
  const actions = new ActionManager({ ...stores, workers });
  const notice = () => stores.session.getState().notice;
  return { stores, actions, requests, notice };
}

describe('importModel', () => {
  it('puts the export zip’s graph on the canvas as one undo step, and the model in the worker as a finished run', async () => {
    const { stores, actions, requests, notice } = studio();
    const before = stores.project.getState().project.graph;
    const zip = file(
      'iris-tfjs.zip',
      zipSync({ ...modelFiles(), 'metadata.json': strToU8('{"format":"tensorloom-model"}') }),
    );
    await actions.perform('importModel', [zip]);

    const graph = stores.project.getState().project.graph;
    expect(graph.nodes.map((node) => `${node.id}:${node.type}`)).toEqual([
      'input:InputLayer',
      'hidden:Dense',
      'head:Output',
    ]);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ metadata: '{"format":"tensorloom-model"}', graph, data: DEFAULT_DATA_CONFIG });
    expect(requests[0]!.weights.map((weights) => weights.byteLength)).toEqual([108]);
    expect(stores.runs.getState().run).toMatchObject({
      id: requests[0]!.runId,
      status: 'completed',
      note: 'Imported from iris-tfjs.zip.',
    });
    expect(notice()).toMatchObject({
      kind: 'change',
      text: expect.stringMatching(/^Imported iris-tfjs\.zip \(3 layers\): evaluate it/),
    });

    await actions.perform('undo');
    expect(stores.project.getState().project.graph).toBe(before);
  });

  it('knows a zip by its bytes when its name does not say so', async () => {
    const { stores, actions } = studio();
    await actions.perform('importModel', [file('download-5f3a', zipSync(modelFiles()))]);
    expect(stores.project.getState().project.graph.nodes).toHaveLength(3);
  });

  it('takes model.json and its weight file chosen together', async () => {
    const { stores, actions } = studio();
    await actions.perform(
      'importModel',
      Object.entries(modelFiles()).map(([name, bytes]) => file(name, bytes)),
    );
    expect(stores.project.getState().project.graph.nodes).toHaveLength(3);
  });

  it('keeps a class the studio lacks as an opaque node, and says the weights could not be loaded', async () => {
    const lambda = { class_name: 'Lambda', config: { name: 'odd', function: 'lambda x: x' } };
    const { stores, actions, notice } = studio(() => ({
      ok: false,
      error: 'tfjs does not know the layer class Lambda, so the weights cannot be loaded.',
    }));
    await actions.perform(
      'importModel',
      Object.entries(modelFiles([dense('hidden', 3, 'relu'), lambda, dense('head', 3, 'softmax')])).map(
        ([name, bytes]) => file(name, bytes),
      ),
    );
    expect(stores.project.getState().project.graph.nodes.find((node) => node.id === 'odd')).toMatchObject({
      type: 'Opaque',
      opaque: { className: 'Lambda' },
    });
    expect(stores.runs.getState().run).toBeNull();
    // The graph came in: a warning to read, not a red error beside a changed canvas.
    expect(notice()?.kind).toBe('warning');
    expect(notice()?.text).toBe(
      'Imported model.json (4 layers, 1 kept as an opaque node (it cannot be trained or exported)): its weights were not loaded: tfjs does not know the layer class Lambda, so the weights cannot be loaded. Undo (Ctrl+Z) brings your previous graph back.',
    );
  });

  it('says why a loaded model cannot be evaluated on the current data, and keeps the last run', async () => {
    const { stores, actions, notice } = studio(() => ({
      ok: true,
      value: { layerShapes: {}, notUsable: 'choose the data set and target it was trained on' },
    }));
    await actions.perform('importModel', [file('m.zip', zipSync(modelFiles()))]);
    expect(stores.project.getState().project.graph.nodes).toHaveLength(3);
    expect(stores.runs.getState().run).toBeNull();
    expect(notice()).toMatchObject({
      kind: 'warning',
      text: expect.stringContaining(
        'its weights are loaded, but it cannot be evaluated here: choose the data set and target it was trained on.',
      ),
    });
  });

  describe('refuses bad files with a sentence, the project untouched', () => {
    const cases: [string, () => File[], string | RegExp][] = [
      [
        'model.json that is not JSON',
        () => [file('model.json', '{"modelTopology": '), file('group1-shard1of1.bin', new Uint8Array(108))],
        'Could not import the model: model.json is not JSON (is it damaged, or another file renamed?).',
      ],
      [
        'a graph model',
        () => [file('model.json', JSON.stringify({ format: 'graph-model', modelTopology: { node: [] } }))],
        /graph model .*cannot be shown or trained here/,
      ],
      [
        'a weight file missing',
        () => [file('model.json', modelFiles()['model.json'])],
        "Could not import the model: The weight file group1-shard1of1.bin is missing: choose it together with model.json, or import the export's zip.",
      ],
      [
        'a truncated weight file',
        () => [file('model.zip', zipSync(modelFiles(undefined, 100)))],
        /^Could not import the model: The weight files are cut short: they hold 100 bytes, model\.json describes 108/,
      ],
      [
        'weights that are not this model’s',
        () => [file('model.zip', zipSync(modelFiles(undefined, 400)))],
        /the sizes do not match/,
      ],
      [
        'a zip without model.json',
        () => [file('photos.zip', zipSync({ 'cat.png': new Uint8Array(4) }))],
        'Could not import the model: photos.zip holds no model.json: choose model.json with its weight files (.bin), or the zip the studio exported.',
      ],
      [
        'a damaged zip',
        () => [file('model.zip', zipSync(modelFiles()).slice(0, 60))],
        /^Could not import the model: model\.zip: The zip archive is incomplete/,
      ],
    ];
    it.each(cases)('%s', async (_name, files, error) => {
      const { stores, actions, requests, notice } = studio();
      const before = stores.project.getState().project;
      await actions.perform('importModel', files());
      expect(stores.project.getState().project).toBe(before);
      expect(stores.project.temporal.getState().pastStates).toHaveLength(0);
      expect(requests).toHaveLength(0);
      expect(notice()?.kind).toBe('error');
      if (typeof error === 'string') expect(notice()?.text).toBe(error);
      else expect(notice()?.text).toMatch(error);
    });

    it('a 2 GB file, from its size alone: nothing is read', async () => {
      const { stores, actions, notice } = studio();
      const before = stores.project.getState().project;
      const huge = file('model.zip', new Uint8Array(10));
      Object.defineProperty(huge, 'size', { value: 2 * 2 ** 30 });
      const reads = [vi.spyOn(huge, 'arrayBuffer'), vi.spyOn(huge, 'slice'), vi.spyOn(huge, 'text')];
      await actions.perform('importModel', [huge]);
      expect(notice()?.text).toBe(
        'Could not import the model: model.zip is 2.0 GB; the studio imports models of up to 1.0 GB.',
      );
      for (const read of reads) expect(read).not.toHaveBeenCalled();
      expect(stores.project.getState().project).toBe(before);
    });
  });
});
