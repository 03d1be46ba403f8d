import { describe, expect, it } from 'vitest';
import type { Graph, LayerNode } from './graph';
import { inferGraph, NO_DATA_MESSAGE } from './infer';
import type { DataContext } from './task';
import { defaultGraph } from './templates';

const IRIS: DataContext = { inputShape: [4], task: 'multiclass', labels: ['setosa', 'versicolor', 'virginica'] };

function node(id: string, type: string, params: Record<string, unknown> = {}): LayerNode {
  return { id, type, params, position: { x: 0, y: 0 } };
}

/** A graph from nodes and `a->b` edge specs. */
function graphOf(nodes: readonly LayerNode[], ...edges: readonly string[]): Graph {
  return {
    nodes,
    edges: edges.map((spec) => {
      const [source = '', target = ''] = spec.split('->');
      return { id: spec, source, target };
    }),
  };
}

const input = node('input', 'InputLayer');
const output = node('output', 'Output');
const dense = (id: string, units = 16): LayerNode => node(id, 'Dense', { units, activation: 'relu', useBias: true });

describe('inferGraph on a valid graph', () => {
  const graph = graphOf([input, dense('dense_1'), output], 'input->dense_1', 'dense_1->output');
  const inference = inferGraph(graph, IRIS);

  it('infers every shape, param count and FLOPs', () => {
    expect(inference.nodes['input']).toEqual({ shape: [null, 4], params: 0, flops: 0, issues: [] });
    expect(inference.nodes['dense_1']).toEqual({
      shape: [null, 16],
      params: 4 * 16 + 16,
      flops: 2 * 4 * 16,
      issues: [],
    });
    expect(inference.nodes['output']).toEqual({ shape: [null, 3], params: 16 * 3 + 3, flops: 2 * 16 * 3, issues: [] });
    expect(inference.totalParams).toBe(131);
    expect(inference.totalFlops).toBe(2 * (4 * 16 + 16 * 3));
  });

  it('can train, in topological order', () => {
    expect(inference.issues).toEqual([]);
    expect(inference.canTrain).toBe(true);
    expect(inference.reason).toBeUndefined();
    expect(inference.order).toEqual(['input', 'dense_1', 'output']);
  });

  it('is the default graph', () => {
    expect(inferGraph(defaultGraph(), IRIS)).toEqual(inference);
  });

  it('follows the task at the head', () => {
    const regression = inferGraph(graph, { inputShape: [4], task: 'regression', labels: [] });
    expect(regression.nodes['output']?.shape).toEqual([null, 1]);
    expect(regression.totalParams).toBe(4 * 16 + 16 + 16 + 1);
  });
});

/** The reason training is blocked, after checking it is. */
function reasonFor(graph: Graph, data: DataContext | null = IRIS): string | undefined {
  const inference = inferGraph(graph, data);
  expect(inference.canTrain).toBe(false);
  return inference.reason;
}

describe('inferGraph says why a graph cannot train', () => {
  it('without a dataset, before anything else, and infers no shapes', () => {
    const inference = inferGraph(defaultGraph(), null);
    expect(inference.reason).toBe(NO_DATA_MESSAGE);
    expect(inference.issues).toEqual([{ message: 'Choose a dataset and target first' }]);
    expect(Object.values(inference.nodes).map((n) => n.shape)).toEqual([undefined, undefined, undefined]);
    expect(inference.totalParams).toBe(0);
  });

  it('a cycle, named in edge order', () => {
    const graph = graphOf(
      [input, dense('dense_1'), dense('dense_2'), output],
      'input->dense_1',
      'dense_1->dense_2',
      'dense_2->dense_1',
      'dense_2->output',
    );
    const inference = inferGraph(graph, IRIS);
    expect(inference.issues).toContainEqual({ message: 'The graph has a cycle: dense_1 → dense_2 → dense_1' });
    expect(inference.nodes['dense_1']?.issues).toContain('Part of a cycle');
    expect(inference.nodes['output']?.shape).toBeUndefined();
    expect(inference.nodes['output']?.issues).toEqual([]);
    expect(inference.order).toEqual(['input']);
  });

  it('a self-loop, once, whichever node the walk starts from', () => {
    const graph = graphOf([input, dense('dense_1'), output], 'input->dense_1', 'dense_1->dense_1', 'dense_1->output');
    const cycles = inferGraph(graph, IRIS).issues.filter((i) => i.message.includes('cycle'));
    expect(cycles).toEqual([{ message: 'The graph has a cycle: dense_1 → dense_1' }]);
  });

  it('a dangling node that does not reach the output', () => {
    const graph = graphOf(
      [input, dense('dense_1'), dense('dense_3'), output],
      'input->dense_1',
      'dense_1->output',
      'dense_1->dense_3',
    );
    const inference = inferGraph(graph, IRIS);
    expect(inference.reason).toBe('dense_3 is not connected to the output');
    expect(inference.nodes['dense_3']).toEqual({
      shape: [null, 16],
      params: 16 * 16 + 16,
      flops: 2 * 16 * 16,
      issues: ['Not connected to the output'],
    });
  });

  it('a node fed by nothing', () => {
    const graph = graphOf(
      [input, dense('dense_1'), dense('dense_2'), output],
      'input->dense_1',
      'dense_1->output',
      'dense_2->output',
    );
    const inference = inferGraph(graph, IRIS);
    expect(inference.issues.map((i) => i.message)).toEqual([
      'dense_2 expects 1 input, has 0',
      'output expects 1 input, has 2',
    ]);
    // "Not connected to the input" would repeat what the arity message already says.
    expect(inference.nodes['dense_2']?.issues).toEqual(['Expects 1 input, has 0']);
  });

  it('a node connected to nothing at all', () => {
    const graph = graphOf([input, dense('dense_1'), dense('dense_9'), output], 'input->dense_1', 'dense_1->output');
    expect(inferGraph(graph, IRIS).issues).toContainEqual({
      nodeId: 'dense_9',
      message: 'dense_9 is not connected to the output',
    });
    expect(inferGraph(graph, IRIS).nodes['dense_9']?.issues).toEqual([
      'Expects 1 input, has 0',
      'Not connected to the output',
    ]);
  });

  it('no Output layer', () => {
    expect(reasonFor(graphOf([input, dense('dense_1')], 'input->dense_1'))).toBe('The graph needs an Output layer');
  });

  it('no Input layer', () => {
    const inference = inferGraph(graphOf([dense('dense_1'), output], 'dense_1->output'), IRIS);
    expect(inference.reason).toBe('The graph needs an Input layer');
    // Without an Input, "not connected to the input" on every node would only be noise.
    expect(inference.issues.map((i) => i.message)).not.toContainEqual(expect.stringContaining('not connected'));
  });

  it('two Output layers', () => {
    const graph = graphOf(
      [input, dense('dense_1'), output, node('output_2', 'Output')],
      'input->dense_1',
      'dense_1->output',
      'dense_1->output_2',
    );
    expect(reasonFor(graph)).toBe('The graph has 2 Output layers (output, output_2); keep one');
  });

  it('an arity violation', () => {
    expect(reasonFor(graphOf([input, dense('dense_1'), output], 'input->dense_1'))).toBe(
      'output expects 1 input, has 0',
    );
    const fedInput = graphOf([input, dense('dense_1'), output], 'input->dense_1', 'dense_1->output', 'dense_1->input');
    expect(inferGraph(fedInput, IRIS).issues).toContainEqual({
      nodeId: 'input',
      message: 'input expects no inputs, has 1',
    });
  });

  it('an invalid param, on its node, leaving downstream shapes unknown without repeating it', () => {
    const graph = graphOf([input, dense('dense_1', 0), output], 'input->dense_1', 'dense_1->output');
    const inference = inferGraph(graph, IRIS);
    expect(inference.reason).toBe('dense_1: `units`: expected an integer in [1, 65536], received 0');
    expect(inference.issues).toHaveLength(1);
    expect(inference.nodes['dense_1']).toEqual({
      params: 0,
      flops: 0,
      issues: ['`units`: expected an integer in [1, 65536], received 0'],
    });
    expect(inference.nodes['output']).toEqual({ params: 0, flops: 0, issues: [] });
    expect(inference.nodes['input']?.shape).toEqual([null, 4]);
  });

  it('an unknown layer type', () => {
    const graph = graphOf([input, node('mystery', 'Conv9D'), output], 'input->mystery', 'mystery->output');
    const inference = inferGraph(graph, IRIS);
    expect(inference.reason).toBe('mystery: Unknown layer type "Conv9D"');
    expect(inference.nodes['mystery']?.issues).toEqual(['Unknown layer type "Conv9D"']);
    expect(inference.nodes['output']?.shape).toBeUndefined();
  });

  it('a shape the layer cannot take', () => {
    const images: DataContext = { inputShape: [8, 8], task: 'binary', labels: ['cat', 'dog'] };
    const inference = inferGraph(graphOf([input, output], 'input->output'), images);
    expect(inference.reason).toBe('output: Output needs an input of shape (batch, features), received (None, 8, 8)');
    expect(inference.nodes['output']?.issues).toEqual([
      'Output needs an input of shape (batch, features), received (None, 8, 8)',
    ]);
  });

  it('an edge to a node that no longer exists', () => {
    const graph = graphOf([input, dense('dense_1'), output], 'input->dense_1', 'dense_1->output', 'ghost->dense_1');
    expect(inferGraph(graph, IRIS).issues).toContainEqual({
      message: 'Edge ghost->dense_1 connects ghost → dense_1, but one end no longer exists',
    });
  });

  it('an empty graph', () => {
    const inference = inferGraph({ nodes: [], edges: [] }, IRIS);
    expect(inference.issues.map((i) => i.message)).toEqual([
      'The graph needs an Input layer',
      'The graph needs an Output layer',
    ]);
  });
});

describe('inferGraph stays fast', () => {
  it('handles a 2,000-layer chain with its first error far down', () => {
    const layers = Array.from({ length: 2000 }, (_, i) => dense(`dense_${i + 1}`, i === 1500 ? 0 : 8));
    const chain = [input, ...layers, output];
    const graph = graphOf(chain, ...chain.slice(1).map((n, i) => `${chain[i]?.id}->${n.id}`));
    const inference = inferGraph(graph, IRIS);
    expect(inference.order).toHaveLength(2002);
    expect(inference.reason).toMatch(/^dense_1501: `units`/);
    expect(inference.nodes['dense_1500']?.shape).toEqual([null, 8]);
  });
});

describe('one-click fixes', () => {
  it('an Output fed a feature map offers to insert a Flatten', () => {
    const reshape = node('reshape_1', 'Reshape', { dim1: -1, dim2: 1, dim3: 0 });
    const inference = inferGraph(graphOf([input, reshape, output], 'input->reshape_1', 'reshape_1->output'), IRIS);
    expect(inference.nodes['output']?.issues[0]).toMatch(
      /Output needs an input of shape \(batch, features\), received \(None, 4, 1\)/,
    );
    expect(inference.nodes['output']?.fix).toEqual({ label: 'Insert Flatten', insert: 'Flatten' });
  });
});
