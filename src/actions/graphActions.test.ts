import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import type { Graph } from '../model/graph';
import { newProject, parseProjectFile, serializeProject } from '../model/project';
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
