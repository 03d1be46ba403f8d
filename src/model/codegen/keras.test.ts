import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Graph } from '../graph';
import type { DataContext } from '../task';
import { defaultGraph } from '../templates';
import { kerasModelLines, toKerasScript } from './keras';

const IRIS: DataContext = { inputShape: [4], task: 'multiclass', labels: ['setosa', 'versicolor', 'virginica'] };

const HAS_PYTHON = spawnSync('python3', ['-c', 'import ast'], { stdio: 'ignore' }).status === 0;

/** Python's own parser: the script must at least be valid Python 3. */
function pythonSyntaxError(source: string): string | undefined {
  const result = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: source, encoding: 'utf8' });
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
    const assigned = lines.filter((line) => /^\w+ = (keras\.Input|layers\.)/.test(line)).map((line) => line.split(' = ')[0]);
    expect(assigned).toEqual(['in_put', '_2nd', 'class_', 'model_', 'a_b', 'a_b_2', 'out']);
    expect(lines).toContain('class_ = layers.Dropout(0.5, name="class")(_2nd)');
    expect(lines).toContain('model = keras.Model(inputs=in_put, outputs=out, name="odd ids")');
    if (HAS_PYTHON) expect(pythonSyntaxError(lines.join('\n'))).toBeUndefined();
  });

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
    expect(lines).toContain('dense_1 = layers.Dense(params["u"], activation=params["a"], use_bias=True, name="dense_1")(input)');
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
      edges: [{ id: 'a', source: 'input', target: 'rnn' }, { id: 'b', source: 'rnn', target: 'output' }],
    };
    const lines = kerasModelLines(graph, sequence, { paramExpression: (id, name) => (id === 'rnn' && ['layer', 'units'].includes(name) ? `p["${name}"]` : undefined) });
    const rnn = lines.find((line) => line.startsWith('rnn = '))!;
    expect(rnn).toMatch(/^rnn = \(layers\.Bidirectional\(layers\.\w+\(p\["units"\].* if p\["layer"\] == "\w+" else .*\)\(input\)$/);
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
      edges: [{ id: 'a', source: 'input', target: 'shape' }, { id: 'b', source: 'shape', target: 'flat' }, { id: 'c', source: 'flat', target: 'output' }],
    };
    expect(() => kerasModelLines(graph, IRIS, { paramExpression: (id, name) => (id === 'shape' && name === 'dim3' ? 'p' : undefined) })).toThrow(
      'shape: dim3 cannot be written as a Python parameter',
    );
  });
});
