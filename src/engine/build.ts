/** Graph → tf.LayersModel: each node's kind builds its layer, in topological order. */
import * as tf from '@tensorflow/tfjs';
import { incomingEdges, type Graph } from '../model/graph';
import { inferGraph } from '../model/infer';
import { getLayerKind, layerKinds } from '../model/layers';
import type { Result } from '../model/result';
import { checkParams } from '../model/schema';
import type { DataContext } from '../model/task';
import { fuseLayers } from './fused';
import { derivedSeed, withSeededRandom } from './seededRandom';

/**
 * Builds the model the canvas shows. Layers are named after their node ids, so weights map back
 * to canvas nodes. Refuses, with the first issue shape inference reports, any graph that cannot
 * train; so for a graph it accepts, tfjs sees the shapes the canvas showed. With a `seed`, each
 * layer's initial weights are drawn from a stream seeded by the seed and the layer's id: the same
 * seed builds the same weights.
 */
export function buildModel(
  graph: Graph,
  data: DataContext,
  options: { readonly seed?: number } = {},
): Result<tf.LayersModel> {
  const inference = inferGraph(graph, data);
  if (!inference.canTrain) return { ok: false, error: inference.reason ?? 'The graph cannot train.' };

  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const incoming = incomingEdges(graph);
  const outputs = new Map<string, tf.SymbolicTensor>();
  const inputs: tf.SymbolicTensor[] = [];
  const heads: tf.SymbolicTensor[] = [];
  for (const id of inference.order) {
    const node = nodes.get(id)!;
    // inferGraph has validated every type and param, so neither lookup below can miss.
    const kind = getLayerKind(node.type)!;
    const { params } = checkParams(kind.params, node.params);
    // tfjs creates a layer's weights when it is first applied, so both calls draw from the layer's stream.
    const buildLayer = () =>
      kind.build(tf, params, { name: id, data })((incoming.get(id) ?? []).map((edge) => outputs.get(edge.source)!));
    const output =
      options.seed === undefined
        ? buildLayer()
        : withSeededRandom(derivedSeed(options.seed, `layer:${id}`), buildLayer);
    outputs.set(id, output);
    if (kind.role === 'input') inputs.push(output);
    if (kind.role === 'output') heads.push(output);
  }
  const model = tf.model({ inputs, outputs: heads });
  // A frozen layer's weights leave `trainableWeights`, which is all the training step differentiates.
  for (const node of graph.nodes) if (node.trainable === false) model.getLayer(node.id).trainable = false;
  fuseLayers(model);
  return { ok: true, value: model };
}

/**
 * Makes the classes of the layers tfjs lacks (MultiHeadAttention, PositionalEmbedding) known to
 * tfjs's serialisation, so `tf.loadLayersModel` can read a model.json that uses them. Runs when a
 * backend starts, so in every worker before a model is built or loaded; calling it again does nothing.
 */
export function registerCustomLayers(): void {
  for (const kind of layerKinds) kind.register?.(tf);
}
