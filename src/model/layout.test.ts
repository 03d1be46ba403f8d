import { describe, expect, it } from 'vitest';
import type { Graph } from './graph';
import { graphBounds, layoutGraph } from './layout';

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
