/**
 * The fused MultiHeadAttention against the layer's own composed call: the same outputs and the
 * same gradients (the query, the value and every weight), on cpu and on wasm's SIMD kernels; the
 * same dropout, drawn from the same seeded stream.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultParams } from '../../model/layers/layerKind';
import { multiHeadAttention } from '../../model/layers/multiHeadAttention';
import type { Infer } from '../../model/schema';
import type { DataContext } from '../../model/task';
import { TEMPLATES } from '../../model/templates';
import { onCpuAndWasm, randomValues, relativeDifference } from '../../test/backendAgreement';
import { mulberry32 } from '../../data/split';
import { DEFAULT_TRAINING } from '../../model/project';
import { buildModel } from '../build';
import { ATTENTION, ATTENTION_GRAD } from '../kernels/attention';
import { registerSegmentSumKernel } from '../kernels/unsortedSegmentSum';
import { registerWasmKernels } from '../kernels/wasmKernels';
import { trainModel } from '../train';
import { withSeededRandom } from '../seededRandom';
import { fuseAttention } from './attention';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Params = Infer<typeof multiHeadAttention.params>;
const NO_DATA: DataContext = { inputShape: [1], task: 'regression', labels: [] };

interface Case {
  readonly name: string;
  readonly params: Partial<Params>;
  readonly batch: number;
  /** (steps, features) of the query, and of the value for cross-attention. */
  readonly query: readonly [number, number];
  readonly value?: readonly [number, number];
}

const CASES: readonly Case[] = [
  { name: 'self-attention, two heads', params: { numHeads: 2, keyDim: 4 }, batch: 3, query: [5, 8] },
  {
    name: 'cross-attention: a longer, narrower value',
    params: { numHeads: 2, keyDim: 3, valueDim: 5 },
    batch: 2,
    query: [3, 6],
    value: [7, 4],
  },
  {
    name: 'cross-attention: a shorter, wider value',
    params: { numHeads: 3, keyDim: 5, valueDim: 2 },
    batch: 2,
    query: [6, 3],
    value: [2, 9],
  },
  { name: 'causal self-attention', params: { numHeads: 2, keyDim: 6, causal: true }, batch: 2, query: [7, 5] },
  {
    name: 'causal cross-attention, more query steps than value steps',
    params: { numHeads: 2, keyDim: 3, valueDim: 4, causal: true },
    batch: 2,
    query: [6, 4],
    value: [4, 5],
  },
  {
    name: 'batch 1, one head, no biases',
    params: { numHeads: 1, keyDim: 7, useBias: false },
    batch: 1,
    query: [4, 3],
    value: [5, 6],
  },
  { name: 'one step', params: { numHeads: 4, keyDim: 2, valueDim: 3 }, batch: 1, query: [1, 5] },
];

/** Random cases: self- or cross-attention, any of the options, sizes off the SIMD width too. */
const randomCase: fc.Arbitrary<Case> = fc
  .record({
    numHeads: fc.integer({ min: 1, max: 4 }),
    keyDim: fc.integer({ min: 1, max: 9 }),
    valueDim: fc.integer({ min: 0, max: 9 }),
    useBias: fc.boolean(),
    causal: fc.boolean(),
    batch: fc.integer({ min: 1, max: 3 }),
    query: fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 })),
    value: fc.option(fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 })), { nil: undefined }),
  })
  .map(({ batch, query, value, ...params }) => ({
    name: JSON.stringify({ batch, query, value, ...params }),
    params,
    batch,
    query,
    ...(value && { value }),
  }));

/** The layer alone in a model, its weights random (seeded), not fused. */
function attentionLayer({ params, query, value }: Case): tf.layers.Layer {
  const shapes = [query, ...(value ? [value] : [])];
  const inputs = shapes.map((shape) => tf.input({ shape: [...shape] }));
  const output = multiHeadAttention.build(
    tf,
    { ...defaultParams(multiHeadAttention), ...params },
    { name: 'mha', data: NO_DATA },
  )(inputs);
  const layer = tf.model({ inputs, outputs: output }).getLayer('mha');
  layer.setWeights(layer.getWeights().map((w, i) => tf.tensor(randomValues(w.shape, 100 + i), w.shape)));
  return layer;
}

/**
 * The layer's output on seeded random inputs, then the gradients of Σ output ⊙ r (r random, so
 * every output gets its own dy) with respect to the query, the value and each weight.
 */
function outputAndGradients(layer: tf.layers.Layer, { batch, query, value }: Case, training = false): tf.Tensor[] {
  const inputs = tf.tidy(() =>
    [query, ...(value ? [value] : [])].map((shape, i) =>
      tf.variable(tf.tensor(randomValues([batch, ...shape], 10 + i), [batch, ...shape])),
    ),
  );
  const result = tf.tidy(() => {
    const apply = () => layer.apply(inputs.length === 1 ? inputs[0]! : inputs, { training }) as tf.Tensor;
    const output = apply();
    const r = tf.tensor(randomValues(output.shape, 20), output.shape);
    const weights = layer.weights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(apply(), r)), [...inputs, ...weights]);
    return [output, ...[...inputs, ...weights].map((x) => grads[x.name]!)];
  });
  tf.dispose(inputs);
  return result;
}

/** The output equal to the last bit (the fused cpu kernel rounds where tfjs's do), the gradients within `tolerance`. */
function expectSame(actual: readonly tf.Tensor[], expected: readonly tf.Tensor[], tolerance: number): void {
  expect(Array.from(actual[0]!.dataSync())).toEqual(Array.from(expected[0]!.dataSync()));
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    expect(actual[i]!.shape, `result ${i}`).toEqual(e.shape);
    expect(
      relativeDifference(e.dataSync() as Float32Array, actual[i]!.dataSync() as Float32Array),
      `result ${i}`,
    ).toBeLessThan(tolerance);
  });
}

/** The fused layer's results and its own composed call's, on the current backend. */
function fusedAndOwn(testCase: Case, training = false, seed = 7): { fused: tf.Tensor[]; own: tf.Tensor[] } {
  const layer = attentionLayer(testCase);
  const own = withSeededRandom(seed, () => outputAndGradients(layer, testCase, training));
  fuseAttention(layer);
  const fused = withSeededRandom(seed, () => outputAndGradients(layer, testCase, training));
  tf.dispose(layer.weights.map((w) => w.read()));
  return { fused, own };
}

describe('fused MultiHeadAttention on cpu', () => {
  it.each(CASES)('gives the layer’s own output and gradients: $name', (testCase) => {
    const { fused, own } = fusedAndOwn(testCase);
    expectSame(fused, own, 1e-5);
    tf.dispose([...fused, ...own]);
  });

  it('gives them on random shapes and options', () => {
    fc.assert(
      fc.property(randomCase, (testCase) => {
        const { fused, own } = fusedAndOwn(testCase);
        expectSame(fused, own, 1e-5);
        tf.dispose([...fused, ...own]);
      }),
      { numRuns: 25, seed: 14 },
    );
  });

  it('drops the attention weights the layer’s own call drops under the same seed, and a seed repeats', () => {
    const testCase: Case = {
      name: 'dropout',
      params: { numHeads: 2, keyDim: 4, valueDim: 3, dropout: 0.4, causal: true },
      batch: 2,
      query: [6, 5],
      value: [6, 4],
    };
    const { fused, own } = fusedAndOwn(testCase, true);
    expectSame(fused, own, 1e-5);
    const layer = attentionLayer(testCase);
    fuseAttention(layer);
    const [again, otherSeed, predicted] = [
      withSeededRandom(7, () => outputAndGradients(layer, testCase, true)),
      withSeededRandom(8, () => outputAndGradients(layer, testCase, true)),
      outputAndGradients(layer, testCase, false),
    ];
    fused.forEach((f, i) => expect(Array.from(again[i]!.dataSync()), `result ${i}`).toEqual(Array.from(f.dataSync())));
    expect(Array.from(otherSeed[0]!.dataSync())).not.toEqual(Array.from(fused[0]!.dataSync()));
    expect(Array.from(predicted[0]!.dataSync())).not.toEqual(Array.from(fused[0]!.dataSync()));
    tf.dispose([...fused, ...own, ...again, ...otherSeed, ...predicted, ...layer.weights.map((w) => w.read())]);
  });

  it('is what a built Transformer trains through: one kernel forward and one backward, no softmax of its own', async () => {
    const data: DataContext = { inputShape: [16], task: 'multiclass', labels: ['a', 'b', 'c'], vocabularySize: 20 };
    const built = buildModel(TEMPLATES.find((t) => t.id === 'transformer-text')!.build(data), data);
    if (!built.ok) throw new Error(built.error);
    const x = tf.tensor2d(
      randomValues([4, 16], 1).map((v) => Math.floor((v + 1) * 10)),
      [4, 16],
    );
    const profile = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(built.value.apply(x, { training: true }) as tf.Tensor));
      tf.dispose([value, ...Object.values(grads)]);
    });
    expect(profile.kernelNames).toEqual(expect.arrayContaining([ATTENTION, ATTENTION_GRAD]));
    // The classifier's output is the one softmax left: attention's own runs inside its kernel.
    expect(profile.kernels.filter((kernel) => kernel.name === 'Softmax')).toHaveLength(1);
    tf.dispose(x);
    built.value.dispose();
  });
});

describe('fused MultiHeadAttention leaves no tensors behind', () => {
  it.each(['cpu', 'wasm'] as const)('on %s, over training steps with dropout', async (backend) => {
    expect(await tf.setBackend(backend)).toBe(true);
    if (backend === 'wasm') await registerWasmKernels();
    const testCase: Case = {
      name: 'leak',
      params: { numHeads: 2, keyDim: 4, dropout: 0.2 },
      batch: 2,
      query: [5, 6],
      value: [3, 4],
    };
    const layer = attentionLayer(testCase);
    fuseAttention(layer);
    const step = () => tf.dispose(outputAndGradients(layer, testCase, true));
    step();
    const tensors = tf.memory().numTensors;
    step();
    step();
    expect(tf.memory().numTensors).toBe(tensors);
    tf.dispose(layer.weights.map((w) => w.read()));
    await tf.setBackend('cpu');
  });
});

describe('a seeded Transformer with attention dropout', () => {
  const data: DataContext = { inputShape: [8], task: 'multiclass', labels: ['a', 'b', 'c'], vocabularySize: 20 };
  const graph = TEMPLATES.find((t) => t.id === 'transformer-text')!.build(data);
  const withDropout = {
    ...graph,
    nodes: graph.nodes.map((node) =>
      node.type === 'MultiHeadAttention' ? { ...node, params: { ...node.params, dropout: 0.3 } } : node,
    ),
  };
  const random = mulberry32(3);
  const train = {
    x: Float32Array.from({ length: 64 * 8 }, () => Math.floor(random() * 20)),
    y: Float32Array.from({ length: 64 }, () => Math.floor(random() * 3)),
    count: 64,
  };

  it.each(['cpu', 'wasm'] as const)(
    'repeats on %s: the same seed gives the same curves and weights',
    async (backend) => {
      expect(await tf.setBackend(backend)).toBe(true);
      if (backend === 'wasm') await registerWasmKernels();
      registerSegmentSumKernel(backend);
      const run = async (seed: number) => {
        const built = buildModel(withDropout, data, { seed });
        if (!built.ok) throw new Error(built.error);
        const losses: number[] = [];
        const result = await trainModel(built.value, {
          data,
          settings: { ...DEFAULT_TRAINING, epochs: 2, batchSize: 16 },
          seed,
          train,
          onEpoch: (_epoch, logs) => losses.push(logs.loss!),
        });
        expect(result.ok).toBe(true);
        const weights = built.value.getWeights().map((w) => Array.from(w.dataSync()));
        built.value.dispose();
        return { losses, weights };
      };
      const first = await run(5);
      expect(await run(5)).toEqual(first);
      expect((await run(6)).losses).not.toEqual(first.losses);
      await tf.setBackend('cpu');
    },
  );
});

describe('fused MultiHeadAttention on wasm', () => {
  it.each([
    ...CASES,
    {
      name: 'with dropout',
      params: { numHeads: 3, keyDim: 5, valueDim: 6, dropout: 0.3 },
      batch: 2,
      query: [9, 7],
      value: [5, 3],
    } as Case,
  ])('equals cpu: $name', async (testCase) => {
    const { cpu, wasm } = await onCpuAndWasm(() => {
      expect(tf.getKernel(ATTENTION, tf.getBackend())).toBeDefined();
      const layer = attentionLayer(testCase);
      fuseAttention(layer);
      const results = withSeededRandom(7, () => outputAndGradients(layer, testCase, true));
      tf.dispose(layer.weights.map((w) => w.read()));
      return results;
    });
    expect(wasm.length).toBe(cpu.length);
    cpu.forEach((expected, i) => expect(relativeDifference(expected, wasm[i]!), `result ${i}`).toBeLessThan(1e-5));
  });
});
