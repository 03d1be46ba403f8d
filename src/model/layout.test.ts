import { describe, expect, it } from 'vitest';
import type { Graph } from './graph';
import { fittedZoom, graphBounds, layoutGraph, type Size } from './layout';

const node = (id: string) => ({ id, type: 'Dense', params: {}, position: { x: 0, y: 0 } });
const edge = (source: string, target: string) => ({ id: `${source}->${target}`, source, target });

describe('layoutGraph', () => {
  it('places every layer after its inputs, left to right', () => {
    const graph: Graph = {
      nodes: [node('c'), node('a'), node('b')],
      edges: [edge('a', 'b'), edge('b', 'c')],
    };
    const at = layoutGraph(graph);
    expect(at.get('a')!.x).toBeLessThan(at.get('b')!.x);
    expect(at.get('b')!.x).toBeLessThan(at.get('c')!.x);
  });

  it('stacks parallel branches without overlap, using measured sizes', () => {
    const graph: Graph = {
      nodes: [node('in'), node('left'), node('right'), node('add')],
      edges: [edge('in', 'left'), edge('in', 'right'), edge('left', 'add'), edge('right', 'add')],
    };
    const sizes = { left: { width: 200, height: 120 }, right: { width: 200, height: 120 } };
    const at = layoutGraph(graph, sizes);
    expect(at.get('left')!.x).toBe(at.get('right')!.x);
    expect(Math.abs(at.get('left')!.y - at.get('right')!.y)).toBeGreaterThanOrEqual(120);
  });
});

describe('layoutGraph on a canvas', () => {
  const chain = (length: number): Graph => {
    const ids = Array.from({ length }, (_, i) => `layer_${i}`);
    return { nodes: ids.map(node), edges: ids.slice(1).map((id, i) => edge(ids[i]!, id)) };
  };
  const card: Size = { width: 200, height: 90 };
  const sizesOf = (graph: Graph) => Object.fromEntries(graph.nodes.map((n) => [n.id, card]));
  /** The Design view's canvas in a 1280 × 800 window. */
  const canvas: Size = { width: 800, height: 750 };

  it('wraps a 12-layer chain into rows, read left to right and top to bottom, fitted at a legible zoom', () => {
    const graph = chain(12);
    const at = layoutGraph(graph, sizesOf(graph), canvas);
    const placed = { ...graph, nodes: graph.nodes.map((n) => ({ ...n, position: at.get(n.id)! })) };
    expect(fittedZoom(graphBounds(placed, sizesOf(graph))!, canvas)).toBeGreaterThanOrEqual(0.6);
    // In one row: 12 × 200 px of cards and 11 gaps of 70 px, fitted at 800 / (3170 × 1.2) ≈ 0.21.
    const rows = [...new Set(graph.nodes.map((n) => at.get(n.id)!.y))];
    expect(rows.length).toBeGreaterThan(1);
    for (const [i, { id }] of graph.nodes.entries()) {
      if (i === 0) continue;
      const previous = at.get(graph.nodes[i - 1]!.id)!;
      const current = at.get(id)!;
      // The next layer sits to the right in the same row, or starts the row below, clear of this one.
      if (current.y === previous.y) expect(current.x).toBeGreaterThan(previous.x + card.width);
      else expect(current.y).toBeGreaterThan(previous.y + card.height);
    }
  });

  it('leaves a short chain in one row', () => {
    const graph = chain(3);
    const at = layoutGraph(graph, sizesOf(graph), canvas);
    expect(new Set(graph.nodes.map((n) => at.get(n.id)!.y)).size).toBe(1);
  });
});

describe('graphBounds', () => {
  it('spans every node at its measured size, or the assumed size until measured', () => {
    const graph: Graph = {
      nodes: [
        { ...node('a'), position: { x: -10, y: 5 } },
        { ...node('b'), position: { x: 300, y: -40 } },
      ],
      edges: [],
    };
    const bounds = graphBounds(graph, { b: { width: 250, height: 100 } }, { width: 100, height: 50 });
    // a spans x -10…90, y 5…55 (assumed size); b spans x 300…550, y -40…60 (measured).
    expect(bounds).toEqual({ x: -10, y: -40, width: 560, height: 100 });
  });

  it('has no bounds without nodes', () => {
    expect(graphBounds({ nodes: [], edges: [] }, {})).toBeUndefined();
  });
});
