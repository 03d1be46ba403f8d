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

/** Used for nodes not yet measured on screen (layout, fitting, culling): about the size of a layer card. */
const DEFAULT_NODE_SIZE: Size = { width: 190, height: 80 };

/** Top-left positions for every node, as React Flow places them. */
export function layoutGraph(graph: Graph, sizes: Readonly<Record<string, Size>> = {}): Map<string, LayerNode['position']> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 70, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { ...(sizes[node.id] ?? DEFAULT_NODE_SIZE) });
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

export interface Bounds {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The box around every node, each at its measured size or `assumed` until measured; undefined for no nodes. */
export function graphBounds(graph: Graph, sizes: Readonly<Record<string, Size>>, assumed: Size = DEFAULT_NODE_SIZE): Bounds | undefined {
  if (graph.nodes.length === 0) return undefined;
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const { id, position } of graph.nodes) {
    const { width, height } = sizes[id] ?? assumed;
    left = Math.min(left, position.x);
    top = Math.min(top, position.y);
    right = Math.max(right, position.x + width);
    bottom = Math.max(bottom, position.y + height);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}
