import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Graph } from '../graph';
import { inferGraph } from '../infer';
import type { Shape } from '../shapes';
import type { DataContext } from '../task';
import { defaultGraph, TEMPLATES } from '../templates';
import { kerasModelLines, toKerasScript } from './keras';

const IRIS: DataContext = { inputShape: [4], task: 'multiclass', labels: ['setosa', 'versicolor', 'virginica'] };

const HAS_PYTHON = spawnSync('python3', ['-c', 'import ast'], { stdio: 'ignore' }).status === 0;
/** A Python with Keras 3 and a backend (KERAS_PYTHON, else python3), to run the scripts for real. */
const KERAS_PYTHON = process.env['KERAS_PYTHON'] ?? 'python3';
/** Keras's backend; JAX unless KERAS_BACKEND names another. */
const KERAS_ENV = { ...process.env, KERAS_BACKEND: process.env['KERAS_BACKEND'] ?? 'jax' };
const HAS_KERAS = spawnSync(KERAS_PYTHON, ['-c', 'import keras'], { stdio: 'ignore', env: KERAS_ENV }).status === 0;

const WORDS: DataContext = {
  inputShape: [16],
  task: 'multiclass',
  labels: ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl'],
  vocabularySize: 100,
};

/** Runs the script in Keras and reads back what it built: every layer's output shape and the parameter count. */
function runInKeras(script: string): { params: number; shapes: Record<string, Shape> } {
  const report =
    'import json\nprint(json.dumps({"params": model.count_params(), "shapes": {l.name: list(l.output.shape) for l in model.layers}}))\n';
  const result = spawnSync(KERAS_PYTHON, ['-c', script + report], { encoding: 'utf8', env: KERAS_ENV });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

/** Token ids → Embedding, and a Dense of it as the query attending causally over the embedding (cross-attention). */
function crossAttentionGraph(): Graph {
  const nodes = [
    { id: 'input', type: 'InputLayer', params: {} },
    { id: 'tokens', type: 'Embedding', params: { inputDim: 100, outputDim: 12 } },
    { id: 'query', type: 'Dense', params: { units: 8 } },
    {
      id: 'attention',
      type: 'MultiHeadAttention',
      params: { numHeads: 3, keyDim: 4, valueDim: 5, causal: true, useBias: false },
    },
    { id: 'average', type: 'GlobalAveragePooling1D', params: {} },
    { id: 'output', type: 'Output', params: {} },
  ];
  const edges = [
    ['input', 'tokens'],
    ['tokens', 'query'],
    ['query', 'attention'],
    ['tokens', 'attention'],
    ['attention', 'average'],
    ['average', 'output'],
  ].map(([source, target]) => ({ id: `${source}->${target}`, source: source!, target: target! }));
  return { nodes: nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })), edges };
}

/** Python's own parser: the script must at least be valid Python 3. */
function pythonSyntaxError(source: string): string | undefined {
  const result = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], {
    input: source,
    encoding: 'utf8',
  });
  return result.status === 0 ? undefined : result.stderr;
}

/** Where each expected line sits in `text`; -1 for one that is missing. */
function lineIndexes(text: string, needles: readonly string[]): number[] {
  const lines = text.split('\n');
  return needles.map((needle) => lines.findIndex((line) => line === needle));
}

describe('toKerasScript', () => {
  const script = toKerasScript(defaultGraph(), IRIS);

  it('builds the layers with the functional API, in topological order', () => {
    const expected = [
      'import keras',
      'from keras import layers',
      'input = keras.Input(shape=(4,), name="input")',
      'dense_1 = layers.Dense(16, activation="relu", use_bias=True, name="dense_1")(input)',
      'output = layers.Dense(3, activation="softmax", name="output")(dense_1)',
      'model = keras.Model(inputs=input, outputs=output, name="tensorloom_model")',
      'model.summary()',
    ];
    const at = lineIndexes(script, expected);
    expect(at, script).not.toContain(-1);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it.skipIf(!HAS_PYTHON)('parses as Python 3 (skipped when python3 is not installed)', () => {
    expect(pythonSyntaxError(script)).toBeUndefined();
  });

  it('freezes the layers frozen on the canvas, once the model is made', () => {
    const graph = defaultGraph();
    const frozen = toKerasScript(
      { ...graph, nodes: graph.nodes.map((node) => (node.id === 'dense_1' ? { ...node, trainable: false } : node)) },
      IRIS,
    );
    const at = lineIndexes(frozen, [
      'model = keras.Model(inputs=input, outputs=output, name="tensorloom_model")',
      'model.get_layer("dense_1").trainable = False',
    ]);
    expect(at[1]).toBe(at[0]! + 1);
    expect(script).not.toContain('trainable');
  });

  it('turns any node id into a distinct Python identifier, keeping the id as the layer name', () => {
    const ids = ['in put', '2nd', 'class', 'model', 'a-b', 'a_b', 'out'];
    const graph: Graph = {
      nodes: ids.map((id, i) => ({
        id,
        type: i === 0 ? 'InputLayer' : i === ids.length - 1 ? 'Output' : i % 2 ? 'Dense' : 'Dropout',
        params: {},
        position: { x: 0, y: 0 },
      })),
      edges: ids.slice(1).map((id, i) => ({ id: `e${i}`, source: ids[i] ?? '', target: id })),
    };
    const lines = toKerasScript(graph, IRIS, { modelName: 'odd ids' }).split('\n');
    const assigned = lines
      .filter((line) => /^\w+ = (keras\.Input|layers\.)/.test(line))
      .map((line) => line.split(' = ')[0]);
    expect(assigned).toEqual(['in_put', '_2nd', 'class_', 'model_', 'a_b', 'a_b_2', 'out']);
    expect(lines).toContain('class_ = layers.Dropout(0.5, name="class")(_2nd)');
    expect(lines).toContain('model = keras.Model(inputs=in_put, outputs=out, name="odd ids")');
    if (HAS_PYTHON) expect(pythonSyntaxError(lines.join('\n'))).toBeUndefined();
  });

  it('defines the Python twins of the custom layers once, before the layers, and only when the graph uses them', () => {
    const transformer = toKerasScript(TEMPLATES.find((t) => t.id === 'transformer-text')!.build(WORDS), WORDS);
    const lines = transformer.split('\n');
    const classes = lines.filter((line) => line.startsWith('class '));
    expect(classes).toEqual(['class PositionalEmbedding(layers.Layer):', 'class MultiHeadAttention(layers.Layer):']);
    const firstLayer = lines.findIndex((line) => line.startsWith('embedding_1 = '));
    expect(lines.indexOf(classes[1]!)).toBeLessThan(firstLayer);
    expect(lines).toContain(
      'multiheadattention_1 = MultiHeadAttention(2, 16, value_dim=None, dropout=0, use_bias=True, causal=False, name="multiheadattention_1")(positionalembedding_1)',
    );
    const cross = toKerasScript(crossAttentionGraph(), WORDS).split('\n');
    expect(cross.filter((line) => line.startsWith('class '))).toEqual(['class MultiHeadAttention(layers.Layer):']);
    expect(cross).toContain(
      'attention = MultiHeadAttention(3, 4, value_dim=5, dropout=0, use_bias=False, causal=True, name="attention")([query, tokens])',
    );
    expect(script).not.toContain('class ');
    if (HAS_PYTHON) expect(pythonSyntaxError(transformer)).toBeUndefined();
  });

  it('keeps node ids from shadowing a twin class', () => {
    const graph = crossAttentionGraph();
    const renamed = {
      ...graph,
      nodes: graph.nodes.map((n) => (n.id === 'query' ? { ...n, id: 'MultiHeadAttention' } : n)),
      edges: graph.edges.map((e) => ({
        ...e,
        source: e.source === 'query' ? 'MultiHeadAttention' : e.source,
        target: e.target === 'query' ? 'MultiHeadAttention' : e.target,
      })),
    };
    expect(toKerasScript(renamed, WORDS).split('\n')).toContain(
      'MultiHeadAttention_ = layers.Dense(8, activation="relu", use_bias=True, name="MultiHeadAttention")(tokens)',
    );
  });

  it.skipIf(!HAS_KERAS)(
    'runs in Keras 3 with the shapes and parameter count the canvas shows (skipped without Keras)',
    () => {
      for (const graph of [TEMPLATES.find((t) => t.id === 'transformer-text')!.build(WORDS), crossAttentionGraph()]) {
        const inference = inferGraph(graph, WORDS);
        const keras = runInKeras(toKerasScript(graph, WORDS));
        expect(keras.params).toBe(inference.totalParams);
        expect(keras.shapes).toEqual(Object.fromEntries(graph.nodes.map((n) => [n.id, inference.nodes[n.id]!.shape])));
      }
    },
  );

  it('refuses a graph that cannot train, saying why', () => {
    const graph = defaultGraph();
    expect(() => toKerasScript({ ...graph, edges: graph.edges.slice(0, 1) }, IRIS)).toThrow(
      'Cannot write a Keras script for this graph: output expects 1 input, has 0',
    );
  });
});

describe('kerasModelLines with param expressions', () => {
  const expressions: Record<string, string> = { 'dense_1.units': 'params["u"]', 'dense_1.activation': 'params["a"]' };
  const paramExpression = (id: string, name: string) => expressions[`${id}.${name}`];

  it('writes the expressions where the values were, and literals elsewhere', () => {
    const lines = kerasModelLines(defaultGraph(), IRIS, { paramExpression });
    expect(lines).toContain(
      'dense_1 = layers.Dense(params["u"], activation=params["a"], use_bias=True, name="dense_1")(input)',
    );
    expect(lines).toContain('output = layers.Dense(3, activation="softmax", name="output")(dense_1)');
    expect(lines.at(-1)).toBe('model = keras.Model(inputs=input, outputs=output, name="tensorloom_model")');
  });

  it('turns a choice the layer branches on into a Python conditional over every choice', () => {
    const sequence: DataContext = { inputShape: [8, 3], task: 'binary', labels: ['no', 'yes'] };
    const graph: Graph = {
      nodes: [
        { id: 'input', type: 'InputLayer', params: {}, position: { x: 0, y: 0 } },
        { id: 'rnn', type: 'Bidirectional', params: {}, position: { x: 0, y: 0 } },
        { id: 'output', type: 'Output', params: {}, position: { x: 0, y: 0 } },
      ],
      edges: [
        { id: 'a', source: 'input', target: 'rnn' },
        { id: 'b', source: 'rnn', target: 'output' },
      ],
    };
    const lines = kerasModelLines(graph, sequence, {
      paramExpression: (id, name) => (id === 'rnn' && ['layer', 'units'].includes(name) ? `p["${name}"]` : undefined),
    });
    const rnn = lines.find((line) => line.startsWith('rnn = '))!;
    expect(rnn).toMatch(
      /^rnn = \(layers\.Bidirectional\(layers\.\w+\(p\["units"\].* if p\["layer"\] == "\w+" else .*\)\(input\)$/,
    );
    expect(rnn.match(/ if p\["layer"\] == /g)).toHaveLength(2);
    for (const cell of ['SimpleRNN', 'LSTM', 'GRU']) expect(rnn).toContain(`layers.${cell}(p["units"]`);
    if (HAS_PYTHON) expect(pythonSyntaxError(lines.join('\n'))).toBeUndefined();
  });

  it('refuses a number the layer computes with rather than prints', () => {
    const graph: Graph = {
      nodes: [
        { id: 'input', type: 'InputLayer', params: {}, position: { x: 0, y: 0 } },
        { id: 'shape', type: 'Reshape', params: { dim1: 2, dim2: 2 }, position: { x: 0, y: 0 } },
        { id: 'flat', type: 'Flatten', params: {}, position: { x: 0, y: 0 } },
        { id: 'output', type: 'Output', params: {}, position: { x: 0, y: 0 } },
      ],
      edges: [
        { id: 'a', source: 'input', target: 'shape' },
        { id: 'b', source: 'shape', target: 'flat' },
        { id: 'c', source: 'flat', target: 'output' },
      ],
    };
    expect(() =>
      kerasModelLines(graph, IRIS, {
        paramExpression: (id, name) => (id === 'shape' && name === 'dim3' ? 'p' : undefined),
      }),
    ).toThrow('shape: dim3 cannot be written as a Python parameter');
  });
});
