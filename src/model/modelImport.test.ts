import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { inferGraph } from './infer';
import {
  checkImportSize,
  checkWeightFiles,
  graphFromTopology,
  parseModelJson,
  withOpaqueShapes,
  type WeightsManifest,
} from './modelImport';
import { newProject, parseProjectFile, serializeProject } from './project';
import type { DataContext } from './task';

const IRIS: DataContext = { inputShape: [4], task: 'multiclass', labels: ['setosa', 'versicolor', 'virginica'] };

const dense = (name: string, units: number, activation: string, inbound?: string[]) => ({
  class_name: 'Dense',
  name,
  config: { name, units, activation, use_bias: true, kernel_regularizer: null },
  ...(inbound ? { inbound_nodes: [inbound.map((source) => [source, 0, 0, {}])] } : {}),
});
const inputLayer = {
  class_name: 'InputLayer',
  name: 'input',
  config: { name: 'input', batch_input_shape: [null, 4] },
  inbound_nodes: [],
};

function functional(layers: readonly unknown[], outputs: readonly string[]) {
  return {
    class_name: 'Model',
    config: { name: 'm', layers, input_layers: [['input', 0, 0]], output_layers: outputs.map((name) => [name, 0, 0]) },
  };
}

function imported(topology: unknown) {
  const result = graphFromTopology(topology as Record<string, unknown>);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('graphFromTopology', () => {
  it('reads a Sequential model as Input → layers, its last Dense head as the Output node', () => {
    const { graph } = imported({
      class_name: 'Sequential',
      config: { name: 's', layers: [dense('hidden', 8, 'relu'), dense('head', 3, 'softmax')] },
    });
    expect(graph.nodes.map(({ id, type, params }) => ({ id, type, params }))).toEqual([
      { id: 'input', type: 'InputLayer', params: {} },
      { id: 'hidden', type: 'Dense', params: { units: 8, activation: 'relu', useBias: true, l1: 0, l2: 0 } },
      { id: 'head', type: 'Output', params: { l1: 0, l2: 0 } },
    ]);
    expect(graph.edges.map((e) => `${e.source}->${e.target}`)).toEqual(['input->hidden', 'hidden->head']);
    expect(inferGraph(graph, IRIS).canTrain).toBe(true);
  });

  it('reads the converter’s form (model_config) and keeps a merge’s inputs in order', () => {
    const { graph } = imported({
      model_config: functional(
        [
          inputLayer,
          dense('a', 4, 'relu', ['input']),
          dense('b', 4, 'linear', ['a']),
          {
            class_name: 'Add',
            name: 'sum',
            config: { name: 'sum' },
            inbound_nodes: [
              [
                ['b', 0, 0, {}],
                ['a', 0, 0, {}],
              ],
            ],
          },
          dense('out', 3, 'softmax', ['sum']),
        ],
        ['out'],
      ),
    });
    expect(graph.edges.filter((e) => e.target === 'sum').map((e) => e.source)).toEqual(['b', 'a']);
    expect(graph.nodes.find((n) => n.id === 'out')?.type).toBe('Output');
    expect(inferGraph(graph, IRIS).canTrain).toBe(true);
  });

  it('keeps a Dense that is not a head (relu at the end) as a Dense, so the graph asks for an Output', () => {
    const { graph } = imported({ class_name: 'Sequential', config: [dense('last', 3, 'relu')] });
    expect(graph.nodes.map((n) => n.type)).toEqual(['InputLayer', 'Dense']);
    expect(inferGraph(graph, IRIS).reason).toBe('The graph needs an Output layer');
  });

  it('keeps an unknown class as an opaque node that says so, with the shape the loaded model reports', () => {
    const lambda = {
      class_name: 'Lambda',
      name: 'odd',
      config: { name: 'odd', function: 'lambda x: x' },
      inbound_nodes: [[['input', 0, 0, {}]]],
    };
    const model = imported(functional([inputLayer, lambda, dense('out', 3, 'softmax', ['odd'])], ['out']));
    const node = model.graph.nodes.find((n) => n.id === 'odd')!;
    expect(node).toMatchObject({
      type: 'Opaque',
      opaque: { className: 'Lambda', config: { function: 'lambda x: x' } },
    });
    const before = inferGraph(model.graph, IRIS);
    expect(before.nodes.odd?.issues).toEqual([
      'Unsupported layer class Lambda: kept as an opaque node; it cannot be trained or exported',
    ]);
    expect(before.canTrain).toBe(false);
    // Until the loaded model says what comes out of it, the head's shape is unknown.
    expect(before.nodes.out?.shape).toBeUndefined();
    const after = inferGraph(withOpaqueShapes(model, { odd: [null, 4] }), IRIS);
    expect(after.nodes.out?.shape).toEqual([null, 3]);
  });

  it('keeps a known class with a setting the studio lacks (go_backwards) as an opaque node, naming the setting', () => {
    const lstm = {
      class_name: 'LSTM',
      name: 'rnn',
      config: { name: 'rnn', units: 4, go_backwards: true },
      inbound_nodes: [[['input', 0, 0, {}]]],
    };
    const { graph } = imported(functional([inputLayer, lstm, dense('out', 3, 'softmax', ['rnn'])], ['out']));
    expect(inferGraph(graph, IRIS).nodes.rnn?.issues[0]).toBe(
      'LSTM "rnn" cannot be shown as the studio\'s LSTM: it uses go_backwards, which the studio does not offer: kept as an opaque node; it cannot be trained or exported',
    );
  });

  it('keeps a layer saved frozen (trainable false) frozen', () => {
    const frozen = { ...dense('base', 8, 'relu'), config: { ...dense('base', 8, 'relu').config, trainable: false } };
    const { graph } = imported({ class_name: 'Sequential', config: [frozen, dense('head', 3, 'softmax')] });
    expect(graph.nodes.map((n) => n.trainable)).toEqual([undefined, false, undefined]);
  });

  it('makes layer names safe, unique node ids', () => {
    const { graph, layerOf } = imported({
      class_name: 'Sequential',
      config: [dense('block/1', 4, 'relu'), dense('block_1', 4, 'relu'), dense('__proto__', 3, 'softmax')],
    });
    expect(graph.nodes.map((n) => n.id)).toEqual(['input', 'block_1', 'block_1_1', 'layer___proto__']);
    expect(layerOf.get('block_1')).toBe('block/1');
  });

  it('refuses what the canvas cannot draw, saying why', () => {
    const shared = { ...dense('twice', 4, 'relu'), inbound_nodes: [[['input', 0, 0, {}]], [['input', 0, 0, {}]]] };
    const keras3 = {
      ...dense('new', 4, 'relu'),
      inbound_nodes: [{ args: [{ class_name: '__keras_tensor__' }], kwargs: {} }],
    };
    const failures = [
      functional([inputLayer, shared], ['twice']),
      functional([inputLayer, keras3], ['new']),
      functional([inputLayer, dense('x', 4, 'relu', ['nowhere'])], ['x']),
      { class_name: 'Sequential', config: { layers: 'many' } },
      { class_name: 'Unknown', config: { layers: [] } },
    ].map((topology) => {
      const result = graphFromTopology(topology);
      return result.ok ? 'accepted' : result.error;
    });
    expect(failures).toEqual([
      'Layer "twice" is applied 2 times (shared weights); the canvas draws each layer once, so this model cannot be shown.',
      expect.stringMatching(/^Layer "new": its connections are written in a format tfjs 4 cannot read \(Keras 3/),
      'Layer "x" takes its input from "nowhere", which the model does not have.',
      expect.stringMatching(
        /^model\.json is not a TensorFlow\.js layers model: its topology is not a Keras model config/,
      ),
      'model.json is not a TensorFlow.js layers model: its topology is a Unknown, not a Sequential or functional Model.',
    ]);
  });
});

describe('parseModelJson', () => {
  const weightsManifest = [
    { paths: ['group1-shard1of1.bin'], weights: [{ name: 'd/kernel', shape: [4, 3], dtype: 'float32' }] },
  ];

  it('reads a layers model.json', () => {
    const parsed = parseModelJson(
      JSON.stringify({
        format: 'layers-model',
        modelTopology: { class_name: 'Sequential', config: [] },
        weightsManifest,
      }),
    );
    expect(parsed.ok && parsed.value.weightsManifest).toEqual(weightsManifest);
  });

  it.each([
    ['text that is not JSON', '{"modelTopology": ', /^model\.json is not JSON/],
    [
      'a graph model',
      JSON.stringify({ format: 'graph-model', modelTopology: { node: [] }, weightsManifest }),
      /graph model .*cannot be shown or trained here/,
    ],
    [
      'random JSON',
      JSON.stringify({ hello: 'world' }),
      /^model\.json is not a TensorFlow\.js layers model: it has no "modelTopology"\.$/,
    ],
    ['an array', '[1, 2]', /expected a JSON object/],
    ['a __proto__ key', '{"modelTopology": {"__proto__": {"polluted": true}}}', /a key named "__proto__"/],
    [
      'a weight path out of its folder',
      JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['../secret.bin'], weights: [] }] }),
      /must stay beside model\.json/,
    ],
    [
      'a string weight',
      JSON.stringify({
        modelTopology: {},
        weightsManifest: [{ paths: ['a.bin'], weights: [{ name: 'dense_1/kernel', shape: [1], dtype: 'string' }] }],
      }),
      /^The weight "dense_1\/kernel" is stored as "string"; the studio reads weights stored as float32, int32 or bool\.$/,
    ],
    [
      'a weight with no shape',
      JSON.stringify({
        modelTopology: {},
        weightsManifest: [{ paths: ['a.bin'], weights: [{ name: 'w', shape: 'big', dtype: 'float32' }] }],
      }),
      /^The weight "w" has no valid shape: expected a list of whole numbers/,
    ],
  ])('refuses %s with a sentence', (_name, text, error) => {
    const parsed = parseModelJson(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
    // Where the schema refused it, its own account is kept as details.
    if (!parsed.ok && /weight "/.test(parsed.error))
      expect(parsed.details).toMatch(/^weightsManifest at 0\.weights\.0\./);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('checkWeightFiles', () => {
  // 4·3 float32 + 3 float32 = 60 bytes, then 10 uint8-quantised floats = 10 bytes.
  const manifest: WeightsManifest = [
    {
      paths: ['a.bin', 'b.bin'],
      weights: [
        { name: 'k', shape: [4, 3], dtype: 'float32' },
        { name: 'b', shape: [3], dtype: 'float32' },
      ],
    },
    {
      paths: ['c.bin'],
      weights: [{ name: 'q', shape: [10], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.1, min: 0 } }],
    },
  ];

  it('lists the files in the order their bytes join when they hold exactly what the manifest says', () => {
    expect(
      checkWeightFiles(
        manifest,
        new Map([
          ['c.bin', 10],
          ['b.bin', 20],
          ['a.bin', 40],
        ]),
      ),
    ).toEqual({ ok: true, value: ['a.bin', 'b.bin', 'c.bin'] });
  });

  it('names a missing file', () => {
    expect(
      checkWeightFiles(
        manifest,
        new Map([
          ['a.bin', 40],
          ['c.bin', 10],
        ]),
      ),
    ).toEqual({
      ok: false,
      error: "The weight file b.bin is missing: choose it together with model.json, or import the export's zip.",
    });
  });

  it('calls fewer bytes than described cut short, and more a mismatch', () => {
    const short = checkWeightFiles(
      manifest,
      new Map([
        ['a.bin', 40],
        ['b.bin', 12],
        ['c.bin', 10],
      ]),
    );
    const long = checkWeightFiles(
      manifest,
      new Map([
        ['a.bin', 40],
        ['b.bin', 20],
        ['c.bin', 40],
      ]),
    );
    expect(!short.ok && short.error).toBe(
      'The weight files are cut short: they hold 62 bytes, model.json describes 70 (a download or copy that did not finish?).',
    );
    expect(!long.ok && long.error).toMatch(
      /^The weight files hold 100 bytes, but model\.json describes 70: the sizes do not match/,
    );
  });
});

describe('checkImportSize', () => {
  it('refuses a 2 GB file from its size alone', () => {
    expect(
      checkImportSize([
        { name: 'model.json', size: 2_000 },
        { name: 'huge.bin', size: 2 * 2 ** 30 },
      ]),
    ).toEqual({
      ok: false,
      error: 'huge.bin is 2.0 GB; the studio imports models of up to 1.0 GB.',
    });
    expect(
      checkImportSize([
        { name: 'a.bin', size: 600 * 2 ** 20 },
        { name: 'b.bin', size: 600 * 2 ** 20 },
      ]),
    ).toMatchObject({ ok: false, error: /^These files hold 1\.2 GB/ });
    expect(checkImportSize([{ name: 'model.zip', size: 5 * 2 ** 20 }]).ok).toBe(true);
  });
});

describe('an opaque node in the project file', () => {
  it('survives saving and opening, class, config and shape included', () => {
    const lambda = {
      class_name: 'Lambda',
      name: 'odd',
      config: { name: 'odd', nested: { deep: [1, 2] } },
      inbound_nodes: [[['input', 0, 0, {}]]],
    };
    const model = imported(functional([inputLayer, lambda, dense('out', 3, 'softmax', ['odd'])], ['out']));
    const graph = withOpaqueShapes(model, { odd: [null, 4] });
    const project = newProject(graph, DEFAULT_DATA_CONFIG);
    const reopened = parseProjectFile(serializeProject(project));
    expect(reopened.ok && reopened.project.graph).toEqual(graph);
  });
});
