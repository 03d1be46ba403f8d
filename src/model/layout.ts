/**
 * Automatic layout: layers left to right in data-flow order, branches stacked vertically
 * (dagre's layered drawing); a chain too long for the canvas wraps into rows, read like text.
 * Pure: it returns positions and changes nothing.
 */
import dagre from '@dagrejs/dagre';
import type { Graph, LayerNode } from './graph';

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface Bounds {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

type Position = LayerNode['position'];

/** Used for nodes not yet measured on screen (layout, fitting, culling): about the size of a layer card. */
export const DEFAULT_NODE_SIZE: Size = { width: 190, height: 80 };

/**
 * How the canvas fits a graph in view (React Flow's fitView options): `padding` is the share of the
 * canvas left around it; below `minZoom` a card cannot be read, and above `maxZoom` a small graph looks bloated.
 */
export const FIT = { padding: 0.2, minZoom: 0.5, maxZoom: 1.2 } as const;

/** A zoom at which the text on a card still reads easily. */
const READABLE_ZOOM = 0.8;

/** Space between rows of a wrapped chain: the edge from one row's end to the next row's start runs through it. */
const ROW_GAP = 80;

/** The zoom at which `bounds` fits a canvas of `canvas` size (as React Flow's fitView computes it), at most FIT.maxZoom. */
export function fittedZoom(bounds: Size, canvas: Size): number {
  const zoom = Math.min(
    canvas.width / (bounds.width * (1 + FIT.padding)),
    canvas.height / (bounds.height * (1 + FIT.padding)),
  );
  return Math.min(zoom, FIT.maxZoom);
}

/**
 * Top-left positions for every node, as React Flow places them. Given the `canvas` it will be shown
 * on, a graph too long to read there in one row wraps into the fewest rows that fit it at READABLE_ZOOM,
 * or, where none does, the rows that fit it largest.
 */
export function layoutGraph(
  graph: Graph,
  sizes: Readonly<Record<string, Size>> = {},
  canvas?: Size,
): Map<string, Position> {
  const boxes = layeredBoxes(graph, sizes);
  const ranks = ranksOf(boxes);
  let best = wrapped(boxes, ranks, 1);
  if (!canvas) return best.positions;
  for (let rows = 2; rows <= ranks.length && fittedZoom(best.size, canvas) < READABLE_ZOOM; rows++) {
    const candidate = wrapped(boxes, ranks, rows);
    if (fittedZoom(candidate.size, canvas) > fittedZoom(best.size, canvas)) best = candidate;
  }
  return best.positions;
}

/** A node as dagre drew it: its top-left box, and the vertical line its rank is centred on. */
interface Drawn extends Bounds {
  readonly rankX: number;
}

/** dagre's left-to-right drawing. */
function layeredBoxes(graph: Graph, sizes: Readonly<Record<string, Size>>): Map<string, Drawn> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 70, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { ...(sizes[node.id] ?? DEFAULT_NODE_SIZE) });
  for (const edge of graph.edges)
    if (g.hasNode(edge.source) && g.hasNode(edge.target)) g.setEdge(edge.source, edge.target);
  dagre.layout(g);
  // dagre gives centres; React Flow positions are top-left corners.
  return new Map(
    graph.nodes.map((node) => {
      const { x, y, width, height } = g.node(node.id);
      return [node.id, { x: x - width / 2, y: y - height / 2, width, height, rankX: x }];
    }),
  );
}

/** The node ids of each rank, left to right. */
function ranksOf(boxes: ReadonlyMap<string, Drawn>): string[][] {
  const byLine = new Map<number, string[]>();
  for (const [id, { rankX }] of boxes) byLine.set(rankX, [...(byLine.get(rankX) ?? []), id]);
  return [...byLine].sort(([a], [b]) => a - b).map(([, ids]) => ids);
}

/** The drawing cut into `rows` runs of consecutive ranks, each moved under the one before and back to the left edge. */
function wrapped(
  boxes: ReadonlyMap<string, Drawn>,
  ranks: readonly string[][],
  rows: number,
): { positions: Map<string, Position>; size: Size } {
  const perRow = Math.ceil(ranks.length / rows);
  const positions = new Map<string, Position>();
  let width = 0;
  let top = 0;
  for (let start = 0; start < ranks.length; start += perRow) {
    const row = ranks
      .slice(start, start + perRow)
      .flat()
      .map((id) => boxes.get(id)!);
    const left = Math.min(...row.map((box) => box.x));
    const rowTop = Math.min(...row.map((box) => box.y));
    const rowBottom = Math.max(...row.map((box) => box.y + box.height));
    for (const id of ranks.slice(start, start + perRow).flat()) {
      const box = boxes.get(id)!;
      positions.set(id, { x: Math.round(box.x - left), y: Math.round(box.y - rowTop + top) });
    }
    width = Math.max(width, ...row.map((box) => box.x + box.width - left));
    top += rowBottom - rowTop + ROW_GAP;
  }
  return { positions, size: { width, height: top - ROW_GAP } };
}

/** The box around every node, each at its measured size or `assumed` until measured; undefined for no nodes. */
export function graphBounds(
  graph: Graph,
  sizes: Readonly<Record<string, Size>>,
  assumed: Size = DEFAULT_NODE_SIZE,
): Bounds | undefined {
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
