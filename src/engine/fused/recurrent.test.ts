import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../data/split';
import type { Graph } from '../../model/graph';
import { DEFAULT_TRAINING } from '../../model/project';
import type { DataContext } from '../../model/task';
import { TEMPLATES } from '../../model/templates';
import { relativeDifference } from '../../test/backendAgreement';
import {
  oneStepThroughCell,
  outputAndGradients,
  recurrentCases,
  recurrentLayer,
  type RecurrentCase,
  type RecurrentClass,
} from '../../test/recurrentLayers';
import { buildModel } from '../build';
import { GRU_KERNELS } from '../kernels/gru';
import { LSTM_KERNELS } from '../kernels/lstm';
import type { RecurrentKernels } from '../kernels/recurrent';
import { SIMPLE_RNN_KERNELS } from '../kernels/simpleRnn';
import { registerSegmentSumKernel } from '../kernels/unsortedSegmentSum';
import { registerWasmKernels } from '../kernels/wasmKernels';
import { trainModel, type Examples } from '../train';
import { fusedGru } from './gru';
import { fuseLayers } from './index';
import { fusedLstm } from './lstm';
import { fusedSimpleRnn } from './simpleRnn';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CELLS: [RecurrentClass, { fuse(layer: tf.layers.Layer): void }, RecurrentKernels, number][] = [
  ['LSTM', fusedLstm, LSTM_KERNELS, 1],
  ['GRU', fusedGru, GRU_KERNELS, 2],
  ['SimpleRNN', fusedSimpleRnn, SIMPLE_RNN_KERNELS, 3],
];

/** The values of `compute`'s tensors, and the kernels it ran. */
async function profiled(compute: () => tf.Tensor[]): Promise<{ values: Float32Array[]; kernels: string[] }> {
  let tensors: tf.Tensor[] = [];
  const profile = await tf.profile(() => {
    tensors = tf.tidy(compute);
  });
  const values = tensors.map((t) => Float32Array.from(t.dataSync()));
  tf.dispose(tensors);
  return { values, kernels: profile.kernelNames };
}

function expectClose(actual: Float32Array[], expected: Float32Array[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((values, i) => expect(relativeDifference(values, actual[i]!), `tensor ${i}`).toBeLessThan(1e-5));
}

describe.each(CELLS)('fused %s', (className, fused, kernels, seed) => {
  it.each(recurrentCases(seed).map((c) => [JSON.stringify(c), c] as const))(
    'gives the layer’s own output and gradients (input, kernel, recurrent kernel, bias) through one kernel each way: %s',
    async (_name, c) => {
      const layer = recurrentLayer(className, c);
      // tfjs's own layer has no gradient for one step; its cell is the same computation.
      const own = await profiled(() => (c.steps === 1 ? oneStepThroughCell(layer, c) : outputAndGradients(layer, c)));
      fused.fuse(layer);
      const fusedRun = await profiled(() => outputAndGradients(layer, c));
      expectClose(fusedRun.values, own.values);
      expect(fusedRun.kernels.filter((name) => name === kernels.forward || name === kernels.backward)).toEqual([
        kernels.forward,
        kernels.backward,
      ]);
      expect(fusedRun.kernels.length).toBeLessThan(own.kernels.length);
      layer.dispose();
    },
  );

  it('leaves an activation it has no kernel for to the layer’s own call', async () => {
    const c: RecurrentCase = { ...recurrentCases(seed)[0]!, activation: 'gelu' };
    const layer = recurrentLayer(className, c);
    const own = await profiled(() => outputAndGradients(layer, c));
    fused.fuse(layer);
    const afterFuse = await profiled(() => outputAndGradients(layer, c));
    expect(afterFuse.values).toEqual(own.values);
    expect(afterFuse.kernels).not.toContain(kernels.forward);
    layer.dispose();
  });
});

const TEXT: DataContext = { inputShape: [7], task: 'multiclass', labels: ['0', '1'], vocabularySize: 12 };

/** The LSTM template with its LSTM replaced by `layers` in a chain. */
function recurrentGraph(layers: { type: string; params: Record<string, unknown> }[]): Graph {
  const template = TEMPLATES.find((t) => t.id === 'lstm-text')!.build(TEXT);
  const before = template.nodes.filter((n) => n.type === 'InputLayer' || n.type === 'Embedding');
  const output = template.nodes.find((n) => n.type === 'Output')!;
  const nodes = [
    ...before,
    ...layers.map((layer, i) => ({ id: `recurrent_${i}`, ...layer, position: { x: 0, y: 0 } })),
    output,
  ];
  return { nodes, edges: nodes.slice(1).map((node, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: node.id })) };
}

const GRAPHS: [string, Graph][] = [
  ['the LSTM template', TEMPLATES.find((t) => t.id === 'lstm-text')!.build(TEXT)],
  [
    'Bidirectional GRU (sequences) → LSTM',
    recurrentGraph([
      { type: 'Bidirectional', params: { layer: 'gru', units: 5, returnSequences: true } },
      { type: 'LSTM', params: { units: 6, l2: 0.01 } },
    ]),
  ],
  [
    'Bidirectional SimpleRNN (sum) → GRU',
    recurrentGraph([
      {
        type: 'Bidirectional',
        params: { layer: 'simpleRNN', units: 7, returnSequences: true, mergeMode: 'sum', activation: 'relu' },
      },
      { type: 'GRU', params: { units: 3, useBias: false } },
    ]),
  ],
];

/** Token ids; the class is whether the first one is in the vocabulary's upper half. */
function examples(count: number, seed: number): Examples {
  const random = mulberry32(seed);
  const steps = TEXT.inputShape[0]!;
  const x = Float32Array.from({ length: count * steps }, () => Math.floor(random() * TEXT.vocabularySize!));
  const y = Float32Array.from({ length: count }, (_, i) => (x[i * steps]! >= TEXT.vocabularySize! / 2 ? 1 : 0));
  return { x, y, count };
}

const FUSED_KERNELS = CELLS.map(([, , kernels]) => kernels.forward);

describe('models with fused recurrent layers', () => {
  it.each(GRAPHS)(
    '%s saves as the standard layers: stock tfjs loads it and predicts and differentiates the same, penalties included',
    async (_name, graph) => {
      const built = buildModel(graph, TEXT, { seed: 4 });
      if (!built.ok) throw new Error(built.error);
      const model = built.value;
      let saved: tf.io.ModelArtifacts | undefined;
      await model.save(
        tf.io.withSaveHandler(async (artifacts) => {
          saved = artifacts;
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }),
      );
      // Loaded by tfjs itself: fresh layers, never fused.
      const stock = await tf.loadLayersModel(tf.io.fromMemory(saved!));
      expect(JSON.stringify(saved!.modelTopology)).not.toContain('Tensorloom');
      expect(stock.layers.map((layer) => layer.getClassName())).toEqual(
        model.layers.map((layer) => layer.getClassName()),
      );
      const { x, count } = examples(5, 1);
      const input = tf.tensor2d(x, [count, TEXT.inputShape[0]!]);
      const run = (m: tf.LayersModel) => () => {
        // The penalties (the LSTM's L2) come from the layers' losses, as in training.
        const objective = () =>
          tf.addN([tf.sum(tf.square(m.predict(input) as tf.Tensor)), ...m.calculateLosses()]) as tf.Scalar;
        const { value, grads } = tf.variableGrads(
          objective,
          m.trainableWeights.map((w) => w.read() as tf.Variable),
        );
        return [
          m.predict(input) as tf.Tensor,
          value,
          ...m.trainableWeights.map((w) => grads[(w.read() as tf.Variable).name]!),
        ];
      };
      const fused = await profiled(run(model));
      const own = await profiled(run(stock));
      expectClose(fused.values, own.values);
      expect(fused.kernels.some((name) => FUSED_KERNELS.includes(name))).toBe(true);
      expect(own.kernels.some((name) => FUSED_KERNELS.includes(name))).toBe(false);
      tf.dispose(input);
      model.dispose();
      stock.dispose();
    },
  );

  it('a layer fed a mask keeps its own call, which skips the masked steps', async () => {
    const input = tf.input({ shape: [5] });
    const embedded = tf.layers
      .embedding({ inputDim: 6, outputDim: 3, maskZero: true })
      .apply(input) as tf.SymbolicTensor;
    const model = tf.model({
      inputs: input,
      outputs: tf.layers.lstm({ units: 4 }).apply(embedded) as tf.SymbolicTensor,
    });
    const padded = tf.tensor2d([[3, 1, 0, 0, 0]]);
    const unpadded = tf.tensor2d([[3, 1]]);
    const own = (model.predict(padded) as tf.Tensor).dataSync();
    fuseLayers(model);
    const { values, kernels } = await profiled(() => [model.predict(padded) as tf.Tensor]);
    expect(Array.from(values[0]!)).toEqual(Array.from(own));
    expect(kernels).not.toContain(LSTM_KERNELS.forward);
    // The padding changed nothing: the last real step's state is the output.
    const lstm = model.layers.at(-1)!;
    const short = tf.tidy(() => (lstm.apply(model.layers[1]!.apply(unpadded)) as tf.Tensor).dataSync());
    expectClose([values[0]!], [Float32Array.from(short)]);
    tf.dispose([padded, unpadded]);
    model.dispose();
  });
});

describe.each(['cpu', 'wasm'] as const)('fused recurrent training on %s', (backend) => {
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    // The Embedding's gradient needs the engine's UnsortedSegmentSum on wasm, as the app registers it.
    registerSegmentSumKernel(backend);
    if (backend === 'wasm') await registerWasmKernels();
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(GRAPHS)(
    '%s learns, leaving no tensor behind across epochs, and two seeded runs end with identical weights',
    async (_name, graph) => {
      const run = async () => {
        const built = buildModel(graph, TEXT, { seed: 9 });
        if (!built.ok) throw new Error(built.error);
        const losses: number[] = [];
        const tensorsAlive: number[] = [];
        const result = await trainModel(built.value, {
          data: TEXT,
          settings: { ...DEFAULT_TRAINING, epochs: 6, batchSize: 16, learningRate: 0.01 },
          seed: 9,
          train: examples(64, 2),
          onEpoch: (_epoch, logs) => {
            losses.push(logs.loss!);
            tensorsAlive.push(tf.memory().numTensors);
          },
        });
        expect(result.ok).toBe(true);
        expect(new Set(tensorsAlive).size).toBe(1);
        const weights = built.value.getWeights().map((w) => Array.from(w.dataSync()));
        built.value.dispose();
        return { losses, weights };
      };
      const first = await run();
      expect(first.losses.at(-1)!).toBeLessThan(first.losses[0]!);
      expect((await run()).weights).toEqual(first.weights);
    },
  );
});
