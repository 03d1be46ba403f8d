import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import type { Graph } from '../model/graph';
import { newProject, parseProjectFile, serializeProject } from '../model/project';
import { dense } from '../model/layers/dense';
import { defaultParams } from '../model/layers/layerKind';
import { defaultGraph } from '../model/templates';
import { createStudioStores } from '../state/StudioProvider';
import { ActionManager } from './index';
import type { StudioWorkers } from './types';

const NO_WORKERS = {} as StudioWorkers;

/** The studio on the Design view, its project read back from a saved file of `graph`, as Open does. */
function studioWith(graph: Graph) {
  const parsed = parseProjectFile(serializeProject(newProject(graph, DEFAULT_DATA_CONFIG)));
  if (!parsed.ok) throw new Error(parsed.error);
  const stores = createStudioStores(parsed.project);
  stores.session.getState().setView('design');
  return { stores, actions: new ActionManager({ ...stores, workers: NO_WORKERS }) };
}

/** The default graph with one more edge, dense_1 → itself through a second Dense: a cycle a project file may hold. */
function withCycle(): Graph {
  const graph = defaultGraph();
  const dense2 = { ...graph.nodes[1]!, id: 'dense_2' };
  return {
    nodes: [...graph.nodes, dense2],
    edges: [
      ...graph.edges,
      { id: 'dense_1->dense_2', source: 'dense_1', target: 'dense_2' },
      { id: 'dense_2->dense_1', source: 'dense_2', target: 'dense_1' },
    ],
  };
}

describe('paste', () => {
  it('refuses copied layers that form a cycle, saying which, and leaves the project and its history as they were', async () => {
    const { stores, actions } = studioWith(withCycle());
    expect(await actions.perform('selectAll')).toBe(true);
    expect(await actions.perform('copySelection')).toBe(true);
    const before = stores.project.getState().project;
    const history = stores.project.temporal.getState().pastStates.length;

    for (const name of ['paste', 'duplicateSelection'] as const) {
      expect(await actions.perform(name)).toBe(true);
      expect(stores.session.getState().notice).toEqual({
        kind: 'error',
        text: 'Nothing was pasted: the copied layers form a cycle (dense_1 → dense_2 → dense_1), and a layer cannot take its own output as input. Remove an edge of the cycle, then copy again.',
      });
      expect(stores.project.getState().project).toBe(before);
      expect(stores.project.temporal.getState().pastStates).toHaveLength(history);
    }
  });

  it('still pastes the acyclic part of that graph', async () => {
    const { stores, actions } = studioWith(withCycle());
    stores.session.getState().select(['input', 'dense_1'], []);
    await actions.perform('copySelection');
    await actions.perform('paste');
    expect(stores.session.getState().notice).toBeNull();
    expect(stores.project.getState().project.graph.nodes).toHaveLength(6);
    expect(stores.session.getState().selectedNodeIds).toEqual(['input_1', 'dense_3']);
  });
});

/** The default graph (input → dense_1 → output) on the Design view, with how many undo steps it has so far. */
function designStudio() {
  const studio = studioWith(defaultGraph());
  const steps = () => studio.stores.project.temporal.getState().pastStates.length;
  const graph = () => studio.stores.project.getState().project.graph;
  return { ...studio, steps, graph };
}

describe('addLayer', () => {
  it('adds a layer of the kind with its default params where asked, selects it, in one undo step', async () => {
    const { stores, actions, steps, graph } = designStudio();
    await actions.perform('addLayer', { type: 'Dense', position: { x: 10, y: 20 } });
    expect(graph().nodes.at(-1)).toEqual({
      id: 'dense_2',
      type: 'Dense',
      params: defaultParams(dense),
      position: { x: 10, y: 20 },
    });
    expect(stores.session.getState().selectedNodeIds).toEqual(['dense_2']);
    expect(steps()).toBe(1);
    await actions.perform('undo');
    expect(graph().nodes.map((n) => n.id)).toEqual(['input', 'dense_1', 'output']);
  });
});

describe('connectLayers', () => {
  it('refuses a connection that would make a cycle, saying why, without an undo step', async () => {
    const { stores, actions, steps, graph } = designStudio();
    const before = graph();
    await actions.perform('connectLayers', { source: 'output', target: 'dense_1' });
    expect(stores.session.getState().notice).toEqual({ kind: 'error', text: 'That connection would create a cycle.' });
    expect(graph()).toBe(before);
    expect(steps()).toBe(0);
  });

  it('connects a valid pair in one undo step and withdraws the last refusal', async () => {
    const { stores, actions, steps, graph } = designStudio();
    await actions.perform('connectLayers', { source: 'input', target: 'dense_1' });
    expect(stores.session.getState().notice?.text).toBe('These layers are already connected.');
    await actions.perform('addLayer', { type: 'Dense', position: { x: 0, y: 200 } });
    await actions.perform('connectLayers', { source: 'input', target: 'dense_2' });
    expect(graph().edges.at(-1)).toEqual({ id: 'input->dense_2', source: 'input', target: 'dense_2' });
    expect(stores.session.getState().notice).toBeNull();
    expect(steps()).toBe(2);
  });
});

describe('setLayerParams', () => {
  it('keeps a value as typed, even out of range, one undo step a change', async () => {
    const { actions, steps, graph } = designStudio();
    await actions.perform('setLayerParams', { nodeId: 'dense_1', params: { units: 0 } });
    await actions.perform('setLayerParams', { nodeId: 'dense_1', params: { activation: 'tanh' } });
    expect(graph().nodes[1]!.params).toEqual({ ...defaultParams(dense), units: 0, activation: 'tanh' });
    expect(steps()).toBe(2);
    await actions.perform('undo');
    expect(graph().nodes[1]!.params).toMatchObject({ units: 0, activation: 'relu' });
  });
});

describe('setLayerTrainable', () => {
  it('freezes a layer and lets it train again, leaving no mark on a layer that trains', async () => {
    const { actions, graph } = designStudio();
    await actions.perform('setLayerTrainable', { nodeId: 'dense_1', trainable: false });
    expect(graph().nodes[1]!.trainable).toBe(false);
    await actions.perform('setLayerTrainable', { nodeId: 'dense_1', trainable: true });
    expect(graph().nodes[1]).not.toHaveProperty('trainable');
  });
});
