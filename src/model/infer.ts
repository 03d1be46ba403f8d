/**
 * Shape inference and validation over the whole graph. Runs on the UI thread after every edit,
 * so it is pure and linear in the graph's size, and loads no tfjs: each LayerKind does its own
 * shape maths.
 */
import { incomingEdges, outgoingEdges, topologicalOrder, type Edge, type Graph } from './graph';
import { getLayerKind } from './layers';
import type { LayerKind } from './layers/layerKind';
import { OPAQUE_CONSEQUENCE } from './layers/opaque';
import { checkParams, type Infer, type ParamSchema } from './schema';
import { ShapeError, type Shape, type ShapeFix } from './shapes';
import type { DataContext } from './task';

export interface NodeInference {
  /** Output shape; absent while it cannot be known (an issue here or upstream, or no dataset). */
  readonly shape?: Shape;
  /** Weights in the layer; 0 while the shape is unknown. */
  readonly params: number;
  /** Per example, multiply-adds counted as two; 0 while the shape is unknown. */
  readonly flops: number;
  /**
   * What is wrong with this node, worded for its badge (the node itself is implied). Nodes on
   * a cycle say so here too, though the graph reports the cycle once.
   */
  readonly issues: readonly string[];
  /** A one-click repair for the shape error, when one is obvious. */
  readonly fix?: ShapeFix;
}

export interface GraphIssue {
  /** The node the issue is about, when it is about a single one. */
  readonly nodeId?: string;
  /** Worded to stand alone (it names the node), for a problems list or a disabled Train button. */
  readonly message: string;
}

export interface GraphInference {
  /** One entry per node of the graph, by node id. */
  readonly nodes: Readonly<Record<string, NodeInference>>;
  /** Every issue, the most fundamental first (dataset, structure, params, then shapes). */
  readonly issues: readonly GraphIssue[];
  readonly totalParams: number;
  readonly totalFlops: number;
  /** Every node after all of its inputs; nodes on or behind a cycle are left out. */
  readonly order: readonly string[];
  /** True when there are no issues at all. */
  readonly canTrain: boolean;
  /** The first issue's message, when training is blocked. */
  readonly reason?: string;
}

export const NO_DATA_MESSAGE = 'Choose a dataset and target first';

/** Infers every node's shape, params and FLOPs and lists what blocks training. Never throws for a bad graph. */
export function inferGraph(graph: Graph, data: DataContext | null): GraphInference {
  const issues: GraphIssue[] = [];
  const nodeIssues = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  /** Nodes whose own issues leave their output shape unknowable. */
  const blocked = new Set<string>();
  const reportOnNode = (nodeId: string, local: string, message = `${nodeId}: ${local}`): void => {
    nodeIssues.get(nodeId)?.push(local);
    issues.push({ nodeId, message });
  };

  if (data === null) issues.push({ message: NO_DATA_MESSAGE });

  const ids = new Set(graph.nodes.map((n) => n.id));
  for (const edge of graph.edges)
    if (!ids.has(edge.source) || !ids.has(edge.target))
      issues.push({
        message: `Edge ${edge.id} connects ${edge.source} → ${edge.target}, but one end no longer exists`,
      });

  const kinds = new Map<string, LayerKind>();
  for (const node of graph.nodes) {
    const kind = getLayerKind(node.type);
    if (kind) kinds.set(node.id, kind);
    else {
      reportOnNode(node.id, `Unknown layer type "${node.type}"`);
      blocked.add(node.id);
    }
  }

  const inputIds = graph.nodes.filter((n) => kinds.get(n.id)?.role === 'input').map((n) => n.id);
  const outputIds = graph.nodes.filter((n) => kinds.get(n.id)?.role === 'output').map((n) => n.id);
  for (const [found, label] of [
    [inputIds, 'Input'],
    [outputIds, 'Output'],
  ] as const) {
    if (found.length === 0) issues.push({ message: `The graph needs an ${label} layer` });
    else if (found.length > 1)
      issues.push({ message: `The graph has ${found.length} ${label} layers (${found.join(', ')}); keep one` });
  }

  const { order, cyclic } = topologicalOrder(graph);
  const incoming = incomingEdges(graph);
  for (const cycle of findCycles(cyclic, incoming)) {
    issues.push({ message: `The graph has a cycle: ${[...cycle, cycle[0]].join(' → ')}` });
    for (const id of cycle) nodeIssues.get(id)?.push('Part of a cycle');
  }

  for (const node of graph.nodes) {
    const arity = kinds.get(node.id)?.arity;
    const count = incoming.get(node.id)?.length ?? 0;
    if (!arity || (count >= arity.min && count <= arity.max)) continue;
    const expectation = `expects ${describeArity(arity)}, has ${count}`;
    reportOnNode(node.id, capitalise(expectation), `${node.id} ${expectation}`);
    blocked.add(node.id);
  }

  // With no Input (or no Output) every node would be "not connected"; the missing layer is the news.
  const fromInput = reachable(inputIds, outgoingEdges(graph), (e) => e.target);
  const toOutput = reachable(outputIds, incoming, (e) => e.source);
  for (const node of graph.nodes) {
    const ends = [
      // A node with no inputs at all already says so through its arity message.
      inputIds.length > 0 && !fromInput.has(node.id) && (incoming.get(node.id)?.length ?? 0) > 0
        ? 'the input'
        : undefined,
      outputIds.length > 0 && !toOutput.has(node.id) ? 'the output' : undefined,
    ].filter((end) => end !== undefined);
    if (ends.length === 0) continue;
    const unconnected = `not connected to ${ends.join(' or ')}`;
    reportOnNode(node.id, capitalise(unconnected), `${node.id} is ${unconnected}`);
  }

  // An imported layer no kind holds: its own issue, and the shape the file's model gave it, so the
  // layers after it still show theirs.
  for (const node of graph.nodes) {
    if (!node.opaque) continue;
    reportOnNode(node.id, `${node.opaque.reason}: ${OPAQUE_CONSEQUENCE}`);
    blocked.add(node.id);
  }

  const params = new Map<string, Infer<ParamSchema>>();
  for (const node of graph.nodes) {
    const kind = kinds.get(node.id);
    if (!kind) continue;
    const checked = checkParams(kind.params, node.params);
    for (const error of checked.errors) reportOnNode(node.id, error);
    if (checked.errors.length > 0) blocked.add(node.id);
    params.set(node.id, checked.params);
  }

  const shapes = new Map<string, Shape>();
  const fixes = new Map<string, ShapeFix>();
  const sizes = new Map<string, { params: number; flops: number }>();
  for (const node of graph.nodes) if (node.opaque?.outputShape) shapes.set(node.id, node.opaque.outputShape);
  if (data !== null)
    for (const id of order) {
      const kind = kinds.get(id);
      const nodeParams = params.get(id);
      if (!kind || !nodeParams || blocked.has(id)) continue;
      const inputShapes = (incoming.get(id) ?? []).map((e) => shapes.get(e.source));
      // An unknown input shape has its reason reported upstream; repeating it here would be noise.
      if (!inputShapes.every((s) => s !== undefined)) continue;
      try {
        const shape = kind.inferShape(inputShapes, nodeParams, data);
        const size = {
          params: kind.paramCount(inputShapes, nodeParams, data),
          flops: kind.flops(inputShapes, nodeParams, data),
        };
        shapes.set(id, shape);
        sizes.set(id, size);
      } catch (error) {
        if (!(error instanceof ShapeError)) throw error;
        reportOnNode(id, error.message);
        if (error.fix) fixes.set(id, error.fix);
      }
    }

  let totalParams = 0;
  let totalFlops = 0;
  for (const size of sizes.values()) {
    totalParams += size.params;
    totalFlops += size.flops;
  }
  // fromEntries defines own properties, so even an id like "__proto__" stays an ordinary key.
  const nodes: Record<string, NodeInference> = Object.fromEntries(
    graph.nodes.map((node) => {
      const size = sizes.get(node.id) ?? { params: 0, flops: 0 };
      const fix = fixes.get(node.id);
      return [
        node.id,
        { shape: shapes.get(node.id), ...size, issues: nodeIssues.get(node.id) ?? [], ...(fix ? { fix } : {}) },
      ];
    }),
  );

  const reason = issues[0]?.message;
  return { nodes, issues, totalParams, totalFlops, order, canTrain: reason === undefined, reason };
}

/** The graph's cycles, each as its nodes in edge order; empty when it has none. */
export function cyclesOf(graph: Graph): string[][] {
  return findCycles(topologicalOrder(graph).cyclic, incomingEdges(graph));
}

/**
 * One cycle per strongly tied group, each as its nodes in edge order, starting from the node
 * listed first in `cyclic`. Walks backwards: every node Kahn's algorithm left unplaced has an
 * unplaced predecessor, so a backward walk must revisit a node, and the revisited stretch is a cycle.
 */
function findCycles(cyclic: readonly string[], incoming: ReadonlyMap<string, readonly Edge[]>): string[][] {
  const unplaced = new Set(cyclic);
  const walked = new Set<string>();
  const cycles: string[][] = [];
  for (const start of cyclic) {
    const path: string[] = [];
    const positionInPath = new Map<string, number>();
    let id = start;
    while (!walked.has(id)) {
      walked.add(id);
      positionInPath.set(id, path.length);
      path.push(id);
      const predecessor = incoming.get(id)?.find((e) => unplaced.has(e.source));
      if (!predecessor) throw new Error(`${id} is unplaced but has no unplaced predecessor`);
      id = predecessor.source;
    }
    // A walk that ends on an earlier walk's node found nothing new: it came from behind a known cycle.
    const cycleStart = positionInPath.get(id);
    if (cycleStart === undefined) continue;
    const cycle = path.slice(cycleStart).reverse();
    const members = new Set(cycle);
    const head = cyclic.find((node) => members.has(node));
    const first = head === undefined ? 0 : cycle.indexOf(head);
    cycles.push([...cycle.slice(first), ...cycle.slice(0, first)]);
  }
  return cycles;
}

function reachable(
  starts: readonly string[],
  edgesFrom: ReadonlyMap<string, readonly Edge[]>,
  next: (edge: Edge) => string,
): Set<string> {
  const seen = new Set(starts);
  const stack = [...starts];
  for (let id = stack.pop(); id !== undefined; id = stack.pop())
    for (const edge of edgesFrom.get(id) ?? []) {
      const neighbour = next(edge);
      if (seen.has(neighbour)) continue;
      seen.add(neighbour);
      stack.push(neighbour);
    }
  return seen;
}

function describeArity({ min, max }: { readonly min: number; readonly max: number }): string {
  const inputs = (n: number): string => (n === 0 ? 'no inputs' : n === 1 ? '1 input' : `${n} inputs`);
  if (min === max) return inputs(min);
  if (max === Infinity) return `at least ${inputs(min)}`;
  return `${min} to ${inputs(max)}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
