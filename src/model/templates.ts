/** Starting graphs the person can pick instead of an empty canvas. */
import type { Graph } from './graph';
import { dense } from './layers/dense';
import { input } from './layers/input';
import { defaultParams } from './layers/layerKind';
import { output } from './layers/output';

/** Horizontal distance between consecutive layers, in canvas units: wide enough for a node card. */
const COLUMN_WIDTH = 240;

/**
 * Input → Dense(16, relu) → Output, left to right: the smallest graph that trains on any
 * tabular dataset. Returns a new graph on every call, so callers may keep it as their document.
 */
export function defaultGraph(): Graph {
  const chain = [
    { id: 'input', type: input.type, params: defaultParams(input) },
    { id: 'dense_1', type: dense.type, params: defaultParams(dense) },
    { id: 'output', type: output.type, params: defaultParams(output) },
  ];
  return {
    nodes: chain.map((node, column) => ({ ...node, position: { x: column * COLUMN_WIDTH, y: 0 } })),
    edges: chain.flatMap(({ id: source }, i) => {
      const target = chain[i + 1]?.id;
      return target === undefined ? [] : [{ id: `${source}->${target}`, source, target }];
    }),
  };
}
