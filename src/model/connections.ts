import { wouldCreateCycle, type Graph } from './graph';
import { getLayerKind } from './layers';

/**
 * Why the edge source → target cannot be added, worded for the person; undefined when it can.
 * The canvas asks while a connection is being dragged, the store again before adding it.
 */
export function connectionProblem(graph: Graph, source: string, target: string): string | undefined {
  if (graph.edges.some((e) => e.source === source && e.target === target)) return 'These layers are already connected.';
  if (wouldCreateCycle(graph, source, target)) return 'That connection would create a cycle.';
  const kind = getLayerKind(graph.nodes.find((n) => n.id === target)?.type ?? '');
  const fanIn = graph.edges.filter((e) => e.target === target).length;
  if (kind && fanIn >= kind.arity.max) {
    const most = kind.arity.max === 0 ? 'no inputs' : `at most ${kind.arity.max} input${kind.arity.max > 1 ? 's' : ''}`;
    return `${kind.label} takes ${most}; remove its current input first.`;
  }
  return undefined;
}
