import { createStore } from 'zustand/vanilla';
import type { DataConfig } from '../data/schema';
import { wouldCreateCycle, nextNodeId, type Graph, type LayerNode } from '../model/graph';
import { defaultParams } from '../model/layers/layerKind';
import { getLayerKind } from '../model/layers';
import type { Project, TrainingConfig } from '../model/project';

/**
 * The document: graph, data choices and training settings; everything saved in the project.
 * Updates replace objects (never mutate), so selectors can compare by reference.
 */
export interface ProjectState {
  readonly project: Project;
  replaceProject(project: Project): void;
  /** Adds a layer of `type` with default params; returns its id. */
  addNode(type: string, position: LayerNode['position']): string;
  /** Connects two nodes; returns why not when the edge would be invalid. */
  connect(source: string, target: string): string | undefined;
  moveNode(id: string, position: LayerNode['position']): void;
  setParams(id: string, params: Readonly<Record<string, unknown>>): void;
  removeElements(nodeIds: readonly string[], edgeIds: readonly string[]): void;
  setData(patch: Partial<DataConfig>): void;
  setTraining(patch: Partial<TrainingConfig>): void;
}

export type ProjectStore = ReturnType<typeof createProjectStore>;

export function createProjectStore(initial: Project) {
  return createStore<ProjectState>()((set, get) => {
    const setGraph = (update: (graph: Graph) => Graph) =>
      set(({ project }) => ({ project: { ...project, graph: update(project.graph) } }));

    return {
      project: initial,
      replaceProject: (project) => set({ project }),
      addNode: (type, position) => {
        const kind = getLayerKind(type);
        if (!kind) throw new Error(`Unknown layer type ${type}`);
        const id = nextNodeId(get().project.graph, type === 'InputLayer' ? 'input' : type.toLowerCase());
        setGraph((g) => ({ ...g, nodes: [...g.nodes, { id, type, params: defaultParams(kind), position }] }));
        return id;
      },
      connect: (source, target) => {
        const graph = get().project.graph;
        if (graph.edges.some((e) => e.source === source && e.target === target)) return 'These layers are already connected.';
        if (wouldCreateCycle(graph, source, target)) return 'That connection would create a cycle.';
        const targetKind = getLayerKind(graph.nodes.find((n) => n.id === target)?.type ?? '');
        const fanIn = graph.edges.filter((e) => e.target === target).length;
        if (targetKind && fanIn >= targetKind.arity.max)
          return `${targetKind.label} takes ${targetKind.arity.max === 0 ? 'no inputs' : `at most ${targetKind.arity.max} input${targetKind.arity.max > 1 ? 's' : ''}`}; remove its current input first.`;
        setGraph((g) => ({ ...g, edges: [...g.edges, { id: `${source}->${target}`, source, target }] }));
        return undefined;
      },
      moveNode: (id, position) =>
        setGraph((g) => ({ ...g, nodes: g.nodes.map((n) => (n.id === id ? { ...n, position } : n)) })),
      setParams: (id, params) =>
        setGraph((g) => ({ ...g, nodes: g.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, ...params } } : n)) })),
      removeElements: (nodeIds, edgeIds) => {
        const nodes = new Set(nodeIds);
        const edges = new Set(edgeIds);
        setGraph((g) => ({
          nodes: g.nodes.filter((n) => !nodes.has(n.id)),
          edges: g.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
        }));
      },
      setData: (patch) => set(({ project }) => ({ project: { ...project, data: { ...project.data, ...patch } } })),
      setTraining: (patch) =>
        set(({ project }) => ({ project: { ...project, training: { ...project.training, ...patch } } })),
    };
  });
}
