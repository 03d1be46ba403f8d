import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareTrainingData } from '../data/preprocess';
import type { Graph } from '../model/graph';
import type { ExportFile } from '../model/modelExport';
import { checkWeightFiles, graphFromTopology, parseModelJson, type ModelJson } from '../model/modelImport';
import { TEMPLATES } from '../model/templates';
import { sampleDataset } from '../test/csvDataset';
import { TEMPLATE_CONTEXTS } from '../test/templateContexts';
import { evaluationInput, trainedForExport } from '../test/training';
import { buildModel, registerCustomLayers } from './build';
import { evaluateModel } from './evaluate';
import { exportModel } from './export/exportModel';
import { tfjsLayersFiles } from './export/tfjs';
import { copyMatchingWeights, evaluationSetup, loadImportedModel, savedPipelineOf } from './importModel';
import { trainModel } from './train';
import { dataContextFor } from '../data/preprocess';
import { DEFAULT_TRAINING } from '../model/project';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  registerCustomLayers();
});

/** What the canvas shows of a graph: each node's kind and params, and the edges (a merge's in order). */
function structure({ nodes, edges }: Graph) {
  return {
    nodes: [...nodes].sort((a, b) => a.id.localeCompare(b.id)).map(({ id, type, params }) => ({ id, type, params })),
    edges: edges.map(({ id, source, target }) => ({ id, source, target })),
  };
}

/** model.json and the weight files as the import reads them: checked, then loaded by tfjs. */
async function imported(files: readonly ExportFile[]) {
  const parsed = parseModelJson(new TextDecoder().decode(files.find((file) => file.name === 'model.json')!.bytes));
  if (!parsed.ok) throw new Error(parsed.error);
  const graph = graphFromTopology(parsed.value.modelTopology);
  if (!graph.ok) throw new Error(graph.error);
  const paths = checkWeightFiles(
    parsed.value.weightsManifest,
    new Map(files.map((file) => [file.name, file.bytes.byteLength])),
  );
  if (!paths.ok) throw new Error(paths.error);
  const weights = paths.value.map((path) => bufferOf(files.find((file) => file.name === path)!.bytes));
  return { modelJson: parsed.value, graph: graph.value.graph, loaded: await loadImportedModel(parsed.value, weights) };
}

function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

describe('importing a model the studio exported', () => {
  it.each(TEMPLATES.map((template) => [template.name, template] as const))(
    '%s: the same graph comes back, and the same predictions',
    async (_name, template) => {
      const data = TEMPLATE_CONTEXTS[template.dataKind];
      const graph = template.build(data);
      const built = buildModel(graph, data, { seed: 3 });
      if (!built.ok) throw new Error(built.error);
      const { graph: back, loaded } = await imported(await tfjsLayersFiles(built.value, 'float32'));
      expect(structure(back)).toEqual(structure(graph));
      if (!loaded.ok) throw new Error(loaded.error);

      // Token ids for text, values in [0, 1) otherwise.
      const x = tf.tidy(() => {
        const shape = [5, ...data.inputShape];
        return data.vocabularySize
          ? tf.randomUniform(shape, 0, data.vocabularySize, 'int32', 1).toFloat()
          : tf.randomUniform(shape, 0, 1, 'float32', 1);
      });
      const [expected, actual] = [built.value, loaded.value.model].map((model) =>
        tf.tidy(() => (model.predict(x) as tf.Tensor).arraySync()),
      );
      expect(actual).toEqual(expected);
      x.dispose();
      built.value.dispose();
      loaded.value.model.dispose();
    },
  );

  it('Iris: evaluated on the same split with its metadata.json, the imported model scores what the trained one did', async () => {
    const iris = sampleDataset('iris.csv');
    const trained = await trainedForExport(iris, 'species', 5);
    const exported = await exportModel(trained, {
      format: 'tfjs',
      precision: 'float32',
      sparsity: 0,
      packaging: 'files',
    });
    if (!exported.ok) throw new Error(exported.error);
    const { loaded } = await imported(exported.value.files);
    if (!loaded.ok) throw new Error(loaded.error);
    const saved = savedPipelineOf(
      new TextDecoder().decode(exported.value.files.find((file) => file.name === 'metadata.json')!.bytes),
    );
    if (!saved.ok) throw new Error(saved.error);

    // The project's data as it stands: same data set, target and split as the run's.
    const prepared = prepareTrainingData(iris, {
      target: 'species',
      seed: 42,
      validationFraction: 0.2,
      testFraction: 0.2,
      splitOrder: 'random',
      columns: [],
    });
    if (!prepared.ok) throw new Error(prepared.error);
    const setup = evaluationSetup(loaded.value.model, saved.value, iris, prepared.value);
    if (!setup.ok) throw new Error(setup.error);
    const before = await evaluateModel(trained.model, evaluationInput(iris, prepared.value));
    const after = await evaluateModel(loaded.value.model, {
      ...evaluationInput(iris, prepared.value),
      pipeline: setup.value.pipeline,
      ...setup.value.splits.validation,
    });
    if (!before.ok || !after.ok || before.value.task === 'regression' || after.value.task === 'regression')
      throw new Error('expected two classifications');
    expect(after.value.report.accuracy).toBe(before.value.report.accuracy);
    expect(after.value.confusion).toEqual(before.value.confusion);

    // Another target: the model does not predict it, and says so.
    const other = prepareTrainingData(iris, {
      target: 'petal_width',
      seed: 42,
      validationFraction: 0.2,
      testFraction: 0,
      splitOrder: 'random',
      columns: [],
    });
    if (!other.ok) throw new Error(other.error);
    expect(evaluationSetup(loaded.value.model, saved.value, iris, other.value)).toEqual({
      ok: false,
      error: 'the model predicts "species", but the project\'s target is "petal_width"',
    });
    trained.model.dispose();
    loaded.value.model.dispose();
  });
});

describe('fine-tuning an imported model', () => {
  it('starts every matching layer from the imported weights; a frozen layer keeps them through training, the others learn', async () => {
    const iris = sampleDataset('iris.csv');
    const trained = await trainedForExport(iris, 'species', 3, TEMPLATES[0]!.build());
    const { graph, loaded } = await imported(await tfjsLayersFiles(trained.model, 'float32'));
    if (!loaded.ok) throw new Error(loaded.error);
    expect(graph.nodes.every((node) => node.trainable === undefined)).toBe(true);

    const prepared = prepareTrainingData(iris, {
      target: 'species',
      seed: 42,
      validationFraction: 0.2,
      testFraction: 0.2,
      splitOrder: 'random',
      columns: [],
    });
    if (!prepared.ok) throw new Error(prepared.error);
    const data = dataContextFor(prepared.value.pipeline);
    const frozen: Graph = {
      ...graph,
      nodes: graph.nodes.map((node) => (node.id === 'dense_1' ? { ...node, trainable: false } : node)),
    };
    const built = buildModel(frozen, data, { seed: 99 });
    if (!built.ok) throw new Error(built.error);
    const model = built.value;
    expect(copyMatchingWeights(loaded.value.model, model).sort()).toEqual(['dense_1', 'dense_2', 'output']);
    const weightsOf = (m: tf.LayersModel, layer: string) =>
      m
        .getLayer(layer)
        .getWeights()
        .map((w) => w.arraySync());
    for (const layer of ['dense_1', 'dense_2', 'output'])
      expect(weightsOf(model, layer)).toEqual(weightsOf(loaded.value.model, layer));

    const { train, validation } = prepared.value;
    const outcome = await trainModel(model, {
      data,
      settings: { ...DEFAULT_TRAINING, epochs: 2 },
      seed: 7,
      train,
      validation,
    });
    if (!outcome.ok) throw new Error(outcome.error);
    expect(weightsOf(model, 'dense_1')).toEqual(weightsOf(loaded.value.model, 'dense_1'));
    expect(weightsOf(model, 'output')).not.toEqual(weightsOf(loaded.value.model, 'output'));
    for (const m of [trained.model, loaded.value.model, model]) m.dispose();
  });
});

describe('loadImportedModel refuses with a sentence', () => {
  it('weights whose shapes are not their layers’ (the sizes add up, the layers do not)', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2], name: 'd' })] });
    const [modelJsonFile, ...shards] = await tfjsLayersFiles(model, 'float32');
    const json = JSON.parse(new TextDecoder().decode(modelJsonFile!.bytes)) as {
      weightsManifest: { weights: { shape: number[] }[] }[];
    };
    json.weightsManifest[0]!.weights[0]!.shape = [3, 2];
    const { loaded } = await imported([
      { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(json)) },
      ...shards,
    ]);
    expect(!loaded.ok && loaded.error).toMatch(
      /^The weights do not fit the model's layers \(.*\); model\.json and the weight files do not belong together\.$/,
    );
    model.dispose();
  });

  it('a layer class tfjs lacks', async () => {
    const modelJson: ModelJson = {
      modelTopology: {
        class_name: 'Sequential',
        config: {
          name: 's',
          layers: [
            { class_name: 'Lambda', config: { name: 'odd', batch_input_shape: [null, 2], function: 'lambda x: x' } },
          ],
        },
      },
      weightsManifest: [],
    };
    expect(await loadImportedModel(modelJson, [])).toEqual({
      ok: false,
      error: 'tfjs does not know the layer class Lambda, so the weights cannot be loaded.',
    });
  });
});
