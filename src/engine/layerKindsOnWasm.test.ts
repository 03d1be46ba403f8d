/**
 * Every kind the palette offers trains on wasm with the engine's kernels in place: a layer whose
 * gradient wasm lacked would throw "Kernel … not registered" here, where the backend choice would
 * otherwise have to send its graphs to the slow cpu backend.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/split';
import type { Graph } from '../model/graph';
import { inferGraph } from '../model/infer';
import { layerKinds } from '../model/layers';
import { embedding } from '../model/layers/embedding';
import { flatten } from '../model/layers/flatten';
import { input } from '../model/layers/input';
import { defaultParams, type LayerKind } from '../model/layers/layerKind';
import { output } from '../model/layers/output';
import { DEFAULT_TRAINING } from '../model/project';
import type { DataContext } from '../model/task';
import { TEMPLATE_CONTEXTS } from '../test/templateContexts';
import { blockedLayersOf, registerEngineKernels } from './backend';
import { buildModel } from './build';
import { trainModel } from './train';

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
  await registerEngineKernels('wasm');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Where a kind can sit, tried in order: right after the input of images, token sequences (an Embedding before it), tokens, rows. */
const PLACES: readonly { readonly data: DataContext; readonly before: readonly LayerKind[] }[] = [
  { data: TEMPLATE_CONTEXTS.image, before: [] },
  { data: TEMPLATE_CONTEXTS.text, before: [embedding as LayerKind] },
  { data: TEMPLATE_CONTEXTS.text, before: [] },
  { data: TEMPLATE_CONTEXTS.tabular, before: [] },
];

/** Input → `before` → the kind (fed as many inputs as it needs, from the same layer) → `after` → Output, with default params. */
function graphAround(kind: LayerKind, before: readonly LayerKind[], after: readonly LayerKind[]): Graph {
  const chain = [input, ...before, kind, ...after, output];
  const nodes = chain.map((k, i) => ({
    id: `n${i}`,
    type: k.type,
    params: defaultParams(k),
    position: { x: 0, y: 0 },
  }));
  const edges = chain.slice(1).flatMap((k, i) =>
    Array.from({ length: Math.max(1, k.arity.min) }, (_, copy) => ({
      id: `e${i}.${copy}`,
      source: `n${i}`,
      target: `n${i + 1}`,
    })),
  );
  return { nodes, edges };
}

/**
 * Random examples for the data: token ids below the vocabulary size, or values in [-1, 1). The classes are
 * unbalanced on purpose: a layer whose output is the same for every example (LayerNormalization over a
 * one-channel image outputs its offset) gets a zero gradient from balanced classes, bar rounding noise.
 */
function examples(data: DataContext, count: number) {
  const random = mulberry32(1);
  const size = data.inputShape.reduce((a, b) => a * b, 1);
  const vocabulary = data.vocabularySize;
  const x = Float32Array.from({ length: count * size }, () =>
    vocabulary ? Math.floor(random() * vocabulary) : random() * 2 - 1,
  );
  const y = Float32Array.from({ length: count }, (_, i) => Math.min(i % 3, data.labels.length - 1));
  return { x, y, count };
}

const PALETTE = layerKinds.filter((kind: LayerKind) => kind.placeable !== false && kind.role === undefined);

describe('every palette layer kind on wasm', () => {
  it.each(PALETTE.map((kind) => [kind.type, kind as LayerKind] as const))('%s trains a step', async (_type, kind) => {
    // A Flatten before the Output where the kind keeps more than a feature axis.
    const place = PLACES.flatMap(({ data, before }) =>
      [[flatten as LayerKind], []].map((after) => ({ data, graph: graphAround(kind, before, after) })),
    ).find(({ graph, data }) => inferGraph(graph, data).canTrain);
    if (!place) throw new Error(`No place in PLACES suits ${kind.type} with its default params: add one.`);
    expect(blockedLayersOf(place.graph).wasm).toBeUndefined();
    const built = buildModel(place.graph, place.data);
    if (!built.ok) throw new Error(built.error);
    const layer = built.value.getLayer(place.graph.nodes.find((n) => n.type === kind.type)!.id);
    const before = layer.getWeights().map((w) => w.dataSync().slice());
    const result = await trainModel(built.value, {
      data: place.data,
      settings: { ...DEFAULT_TRAINING, epochs: 1, batchSize: 8 },
      seed: 1,
      train: examples(place.data, 8),
    });
    expect(result.ok && Number.isFinite(result.value.logs.loss!)).toBe(true);
    // The kind's own weights moved, if it has any: its gradients reached them.
    const after = layer.getWeights().map((w) => w.dataSync());
    if (after.length > 0) expect(after.some((values, i) => values.some((v, j) => v !== before[i]![j]))).toBe(true);
    built.value.dispose();
  });
});
