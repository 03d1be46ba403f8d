/**
 * Automatic layout: layers left to right in data-flow order, branches stacked vertically
 * (dagre's layered drawing). Pure: it returns positions and changes nothing.
 */
import dagre from '@dagrejs/dagre';
import type { Graph, LayerNode } from './graph';

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** Used for nodes not yet measured on screen: about the size of a layer card. */
const DEFAULT_SIZE: Size = { width: 190, height: 80 };

/** Top-left positions for every node, as React Flow places them. */
export function layoutGraph(graph: Graph, sizes: Readonly<Record<string, Size>> = {}): Map<string, LayerNode['position']> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 70, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { ...(sizes[node.id] ?? DEFAULT_SIZE) });
  for (const edge of graph.edges) if (g.hasNode(edge.source) && g.hasNode(edge.target)) g.setEdge(edge.source, edge.target);
  dagre.layout(g);
  // dagre gives centres; React Flow positions are top-left corners.
  return new Map(
    graph.nodes.map((node) => {
      const { x, y, width, height } = g.node(node.id);
      return [node.id, { x: Math.round(x - width / 2), y: Math.round(y - height / 2) }];
    }),
  );
}
