import { temporal } from 'zundo';
import { createStore } from 'zustand/vanilla';
import type { DataConfig } from '../data/schema';
import { connectionProblem } from '../model/connections';
import { nextNodeId, type Graph, type LayerNode } from '../model/graph';
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
  /** Freezes a layer (false: training leaves its weights) or lets it train again. */
  setTrainable(id: string, trainable: boolean): void;
  removeElements(nodeIds: readonly string[], edgeIds: readonly string[]): void;
  /**
   * Adds a copy of `fragment` (nodes and the edges between them) shifted by `offset`, with fresh
   * ids; returns the new node ids. Edges to nodes outside the fragment are dropped.
   */
  insertFragment(fragment: Graph, offset: LayerNode['position']): string[];
  setPositions(positions: ReadonlyMap<string, LayerNode['position']>): void;
  /** Puts a new layer of `type` on the edge into `nodeId` (which must have one input); returns its id. */
  insertBefore(nodeId: string, type: string): string | undefined;
  /** Replaces the whole graph (a template); one undo step. */
  replaceGraph(graph: Graph): void;
  setData(patch: Partial<DataConfig>): void;
  setTraining(patch: Partial<TrainingConfig>): void;
}

export type ProjectStore = ReturnType<typeof createProjectStore>;

/** Undo steps kept; older ones are dropped. */
const HISTORY_LIMIT = 200;

/**
 * The project store with undo history (zundo). Every change to the document is one undo step,
 * except inside a gesture (see `beginGesture`), which becomes one step as a whole.
 */
export function createProjectStore(initial: Project) {
  return createStore<ProjectState>()(
    temporal(projectState(initial), {
      partialize: ({ project }) => ({ project }),
      equality: (past, current) => past.project === current.project,
      limit: HISTORY_LIMIT,
    }),
  );
}

function projectState(initial: Project) {
  return (
    set: (partial: Partial<ProjectState> | ((s: ProjectState) => Partial<ProjectState>)) => void,
    get: () => ProjectState,
  ): ProjectState => {
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
        const problem = connectionProblem(get().project.graph, source, target);
        if (!problem) setGraph((g) => ({ ...g, edges: [...g.edges, { id: `${source}->${target}`, source, target }] }));
        return problem;
      },
      moveNode: (id, position) =>
        setGraph((g) => ({ ...g, nodes: g.nodes.map((n) => (n.id === id ? { ...n, position } : n)) })),
      setParams: (id, params) =>
        setGraph((g) => ({
          ...g,
          nodes: g.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, ...params } } : n)),
        })),
      setTrainable: (id, trainable) =>
        setGraph((g) => ({
          ...g,
          nodes: g.nodes.map((n) => {
            if (n.id !== id) return n;
            const { trainable: _, ...rest } = n;
            return trainable ? rest : { ...rest, trainable: false };
          }),
        })),
      removeElements: (nodeIds, edgeIds) => {
        const nodes = new Set(nodeIds);
        const edges = new Set(edgeIds);
        setGraph((g) => ({
          nodes: g.nodes.filter((n) => !nodes.has(n.id)),
          edges: g.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
        }));
      },
      insertFragment: (fragment, offset) => {
        const ids = new Map<string, string>();
        setGraph((g) => {
          let graph = g;
          for (const node of fragment.nodes) {
            const id = nextNodeId(graph, node.id.replace(/_\d+$/, ''));
            ids.set(node.id, id);
            const position = { x: node.position.x + offset.x, y: node.position.y + offset.y };
            graph = { ...graph, nodes: [...graph.nodes, { ...node, id, position }] };
          }
          const edges = fragment.edges.flatMap((e) => {
            const source = ids.get(e.source);
            const target = ids.get(e.target);
            return source && target ? [{ id: `${source}->${target}`, source, target }] : [];
          });
          return { ...graph, edges: [...graph.edges, ...edges] };
        });
        return [...ids.values()];
      },
      replaceGraph: (graph) => setGraph(() => graph),
      insertBefore: (nodeId, type) => {
        const graph = get().project.graph;
        const kind = getLayerKind(type);
        const target = graph.nodes.find((n) => n.id === nodeId);
        const incoming = graph.edges.filter((e) => e.target === nodeId);
        const source = graph.nodes.find((n) => n.id === incoming[0]?.source);
        if (!kind || !target || !source || incoming.length !== 1) return undefined;
        const id = nextNodeId(graph, type.toLowerCase());
        const position = {
          x: (source.position.x + target.position.x) / 2,
          y: (source.position.y + target.position.y) / 2 + 60,
        };
        setGraph((g) => ({
          nodes: [...g.nodes, { id, type, params: defaultParams(kind), position }],
          edges: [
            ...g.edges.filter((e) => e.id !== incoming[0]!.id),
            { id: `${source.id}->${id}`, source: source.id, target: id },
            { id: `${id}->${nodeId}`, source: id, target: nodeId },
          ],
        }));
        return id;
      },
      setPositions: (positions) =>
        setGraph((g) => ({ ...g, nodes: g.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })) })),
      setData: (patch) => set(({ project }) => ({ project: { ...project, data: { ...project.data, ...patch } } })),
      setTraining: (patch) =>
        set(({ project }) => ({ project: { ...project, training: { ...project.training, ...patch } } })),
    };
  };
}

/** Where each store's gesture in progress began. */
const gestureStarts = new WeakMap<ProjectStore, Project>();

/**
 * Starts a gesture (a drag, a slider scrub): its many edits become one undo step when it ends.
 * Undo records gestures, not events.
 */
export function beginGesture(store: ProjectStore): void {
  gestureStarts.set(store, store.getState().project);
  store.temporal.getState().pause();
}

export function endGesture(store: ProjectStore): void {
  const start = gestureStarts.get(store);
  gestureStarts.delete(store);
  const end = store.getState().project;
  // Step back to where the gesture began without recording, then forward once, recorded.
  if (start && start !== end) store.setState({ project: start });
  store.temporal.getState().resume();
  if (start && start !== end) store.setState({ project: end });
}

/**
 * Changes the present without an undo step of its own: for adjustments that complete the last
 * step (a template's layout corrected once its cards are measured), so undo takes both back at once.
 */
export function amendLastStep(store: ProjectStore, change: (state: ProjectState) => void): void {
  store.temporal.getState().pause();
  change(store.getState());
  store.temporal.getState().resume();
}
