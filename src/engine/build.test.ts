import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../model/graph';
import { inferGraph } from '../model/infer';
import type { DataContext } from '../model/task';
import { defaultGraph } from '../model/templates';
import { buildModel } from './build';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const IRIS: DataContext = { inputShape: [4], task: 'multiclass', labels: ['setosa', 'versicolor', 'virginica'] };

/** Input → Dense(32, tanh) → Dropout → Activation(relu) → Dense(8) → Output, ids chosen by hand. */
function deeperGraph(): Graph {
  const chain = [
    { id: 'in', type: 'InputLayer', params: {} },
    { id: 'hidden', type: 'Dense', params: { units: 32, activation: 'tanh' } },
    { id: 'drop', type: 'Dropout', params: { rate: 0.2 } },
    { id: 'act', type: 'Activation', params: { activation: 'relu' } },
    { id: 'narrow', type: 'Dense', params: { units: 8 } },
    { id: 'out', type: 'Output', params: {} },
  ];
  return {
    nodes: chain.map((node) => ({ ...node, position: { x: 0, y: 0 } })),
    edges: chain.slice(1).map((node, i) => ({ id: `e${i}`, source: chain[i]!.id, target: node.id })),
  };
}

describe('buildModel', () => {
  it('builds the default graph with the parameter count shape inference promised', () => {
    const contexts: DataContext[] = [
      IRIS,
      { inputShape: [7], task: 'binary', labels: ['no', 'yes'] },
      { inputShape: [3], task: 'regression', labels: [] },
    ];
    for (const data of contexts) {
      const graph = defaultGraph();
      const result = buildModel(graph, data);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.countParams()).toBe(inferGraph(graph, data).totalParams);
      result.value.dispose();
    }
  });

  it('names layers after node ids and gives every node the shape inference promised', () => {
    const graph = deeperGraph();
    const result = buildModel(graph, IRIS);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const model = result.value;
    const inference = inferGraph(graph, IRIS);
    expect(model.layers.map((layer) => layer.name)).toEqual(graph.nodes.map((n) => n.id));
    for (const layer of model.layers) expect(layer.outputShape).toEqual(inference.nodes[layer.name]!.shape);
    expect(model.countParams()).toBe(inference.totalParams);

    const probabilities = tf.tidy(() => (model.predict(tf.ones([5, 4])) as tf.Tensor).sum(1).arraySync() as number[]);
    for (const total of probabilities) expect(total).toBeCloseTo(1, 5);
    model.dispose();
  });

  it('refuses a graph that cannot train, with shape inference’s reason', () => {
    const graph = defaultGraph();
    const broken: Graph = { ...graph, edges: graph.edges.slice(1) };
    const before = tf.memory().numTensors;
    const result = buildModel(broken, IRIS);
    expect(result).toEqual({ ok: false, error: inferGraph(broken, IRIS).reason });
    expect(tf.memory().numTensors).toBe(before);
  });
});
