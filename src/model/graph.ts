/** The network as data: what the canvas edits, the project file saves and the engine builds. */
import type { Shape } from './shapes';

export interface LayerNode {
  readonly id: string;
  /** A LayerKind's `type`. */
  readonly type: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly position: { readonly x: number; readonly y: number };
  /** False for a frozen layer: training leaves its weights as they are (Keras's `trainable`). Absent means true. */
  readonly trainable?: boolean;
  /** Set on an `Opaque` node only: what the imported file said about a layer no kind can hold. */
  readonly opaque?: OpaqueLayer;
}

/** A layer of an imported model.json that the studio cannot run, as the file described it (see layers/opaque.ts). */
export interface OpaqueLayer {
  readonly className: string;
  /** Why no kind holds it, e.g. "Unsupported layer class Lambda". */
  readonly reason: string;
  readonly config: Readonly<Record<string, unknown>>;
  /** Its output shape as the loaded model reports it; absent when tfjs could not load the model. */
  readonly outputShape?: Shape;
}

export interface Edge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
}

export interface Graph {
  readonly nodes: readonly LayerNode[];
  readonly edges: readonly Edge[];
}

export const EMPTY_GRAPH: Graph = { nodes: [], edges: [] };

/** Incoming edges per node id, in edge order (which is the order of a merge's inputs). */
export function incomingEdges(graph: Graph): Map<string, Edge[]> {
  const incoming = new Map<string, Edge[]>(graph.nodes.map((n) => [n.id, []]));
  for (const edge of graph.edges) incoming.get(edge.target)?.push(edge);
  return incoming;
}

export function outgoingEdges(graph: Graph): Map<string, Edge[]> {
  const outgoing = new Map<string, Edge[]>(graph.nodes.map((n) => [n.id, []]));
  for (const edge of graph.edges) outgoing.get(edge.source)?.push(edge);
  return outgoing;
}

export interface TopoResult {
  /** Node ids, every node after all of its inputs. */
  readonly order: readonly string[];
  /** Ids of nodes on or behind a cycle; empty when the graph is acyclic. */
  readonly cyclic: readonly string[];
}

/** Kahn's algorithm; nodes that never reach in-degree zero are on (or fed by) a cycle. */
export function topologicalOrder(graph: Graph): TopoResult {
  const inDegree = new Map(graph.nodes.map((n) => [n.id, 0]));
  for (const e of graph.edges)
    if (inDegree.has(e.target) && inDegree.has(e.source)) inDegree.set(e.target, inDegree.get(e.target)! + 1);
  const outgoing = outgoingEdges(graph);
  const ready = graph.nodes.filter((n) => inDegree.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const e of outgoing.get(id) ?? []) {
      const left = inDegree.get(e.target)! - 1;
      inDegree.set(e.target, left);
      if (left === 0) ready.push(e.target);
    }
  }
  const placed = new Set(order);
  return { order, cyclic: graph.nodes.filter((n) => !placed.has(n.id)).map((n) => n.id) };
}

/** True when adding source → target would close a cycle (target already reaches source). */
export function wouldCreateCycle(graph: Graph, source: string, target: string): boolean {
  if (source === target) return true;
  const outgoing = outgoingEdges(graph);
  const stack = [target];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === source) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of outgoing.get(id) ?? []) stack.push(e.target);
  }
  return false;
}

/** A fresh id of the form `<prefix>_<n>` not used by any node yet. */
export function nextNodeId(graph: Graph, prefix: string): string {
  const used = new Set(graph.nodes.map((n) => n.id));
  for (let n = 1; ; n++) {
    const id = `${prefix}_${n}`;
    if (!used.has(id)) return id;
  }
}
