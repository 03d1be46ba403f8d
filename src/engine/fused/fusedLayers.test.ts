import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { onCpuAndWasm, randomValues, relativeDifference } from '../../test/backendAgreement';
import { CONVOLUTION, CONVOLUTION_FILTER_GRAD, CONVOLUTION_INPUT_GRAD } from '../kernels/convolution';
import { DENSE, DENSE_INPUT_GRAD, DENSE_KERNEL_GRAD } from '../kernels/dense';
import { EMBEDDING, EMBEDDING_GRAD } from '../kernels/embedding';
import { registerWasmKernels } from '../kernels/wasmKernels';
import { fuseLayers } from './index';

interface Case {
  readonly name: string;
  readonly layer: (inputShape: number[]) => tf.layers.Layer;
  /** The input's shape, batch first. */
  readonly shape: number[];
  /** Token ids below this, of the given dtype, instead of values in [−1, 1). */
  readonly ids?: { vocabulary: number; dtype: 'float32' | 'int32' };
}

function inputOf({ shape, ids }: Case): tf.Tensor {
  const values = randomValues(shape, 1);
  if (!ids) return tf.tensor(values, shape);
  return tf.tensor(
    values.map((v) => Math.floor(((v + 1) / 2) * ids.vocabulary)),
    shape,
    ids.dtype,
  );
}

/**
 * The layer with seeded weights, fused as buildModel fuses layers, on seeded input: its output,
 * and the gradients of a weighted sum of it for the input (not for ids) and every weight; on cpu
 * the layer's own call, on wasm the fused kernels where they apply.
 */
function results(layerCase: Case): () => tf.Tensor[] {
  return () => {
    const model = tf.sequential({ layers: [layerCase.layer(layerCase.shape.slice(1))] });
    const layer = model.layers[0]!;
    layer.setWeights(layer.getWeights().map((w, i) => tf.tensor(randomValues(w.shape, 10 + i), w.shape)));
    fuseLayers(model);
    const x = inputOf(layerCase);
    const outShape = (model.predict(x) as tf.Tensor).shape;
    const weights = tf.tensor(randomValues(outShape, 2), outShape);
    const loss = (input: tf.Tensor) =>
      (model.apply(input, { training: true }) as tf.Tensor).mul(weights).sum() as tf.Scalar;
    const dx = layerCase.ids ? [] : [tf.grad(loss)(x)];
    const { grads } = tf.variableGrads(
      () => loss(x),
      layer.trainableWeights.map((w) => w.read() as tf.Variable),
    );
    const result = [model.predict(x) as tf.Tensor, ...dx, ...Object.values(grads)];
    model.dispose();
    return result;
  };
}

type ConvArgs = Parameters<typeof tf.layers.conv1d>[0];
const dense =
  (units: number, activation?: string, useBias = true) =>
  (inputShape: number[]) =>
    tf.layers.dense({ inputShape, units, useBias, ...(activation && { activation: activation as 'relu' }) });
const conv1d = (args: Partial<ConvArgs>) => (inputShape: number[]) =>
  tf.layers.conv1d({ inputShape, filters: 6, kernelSize: 3, ...args });
const conv2d = (args: Partial<ConvArgs>) => (inputShape: number[]) =>
  tf.layers.conv2d({ inputShape, filters: 4, kernelSize: 3, ...args });

const FUSED: Case[] = [
  { name: 'Dense relu', layer: dense(3, 'relu'), shape: [5, 7] },
  { name: 'Dense linear over a sequence, no bias', layer: dense(9, undefined, false), shape: [4, 6, 5] },
  ...['sigmoid', 'tanh', 'elu', 'selu', 'relu6', 'softsign'].map((activation) => ({
    name: `Dense ${activation}`,
    layer: dense(6, activation),
    shape: [3, 13],
  })),
  { name: 'Dense softmax (the activation the layer’s own)', layer: dense(5, 'softmax'), shape: [4, 8] },
  { name: 'Dense with one example', layer: dense(2, 'relu'), shape: [1, 1] },
  {
    name: 'Conv1D same relu (the Text CNN’s)',
    layer: conv1d({ padding: 'same', activation: 'relu' }),
    shape: [3, 11, 5],
  },
  { name: 'Conv1D valid, stride 2, no bias', layer: conv1d({ strides: 2, useBias: false }), shape: [2, 12, 3] },
  { name: 'Conv1D 1-wide window', layer: conv1d({ kernelSize: 1, activation: 'tanh' }), shape: [2, 7, 4] },
  {
    name: 'Conv2D same relu, stride 2',
    layer: conv2d({ padding: 'same', strides: 2, activation: 'relu' }),
    shape: [2, 9, 8, 3],
  },
  {
    name: 'Conv2D valid, a 2×3 window, strides 1×2',
    layer: conv2d({ kernelSize: [2, 3], strides: [1, 2], activation: 'sigmoid' }),
    shape: [1, 6, 9, 2],
  },
  { name: 'Conv2D softmax over filters', layer: conv2d({ activation: 'softmax' }), shape: [2, 5, 5, 1] },
  {
    name: 'Embedding, float ids',
    layer: (inputShape) => tf.layers.embedding({ inputShape, inputDim: 10, outputDim: 5 }),
    shape: [4, 6],
    ids: { vocabulary: 10, dtype: 'float32' },
  },
  {
    name: 'Embedding, int ids',
    layer: (inputShape) => tf.layers.embedding({ inputShape, inputDim: 7, outputDim: 3 }),
    shape: [9, 1],
    ids: { vocabulary: 7, dtype: 'int32' },
  },
];
// What the kernels do not cover: the layer's own call, which must still give its results.
const OWN_CALL: Case[] = [
  {
    name: 'Conv2D channels first',
    layer: conv2d({ dataFormat: 'channelsFirst', padding: 'same' }),
    shape: [2, 3, 6, 6],
  },
];

async function kernelsRunOnWasm(compute: () => void): Promise<string[]> {
  await tf.setBackend('wasm');
  await registerWasmKernels();
  try {
    return (await tf.profile(compute)).kernels.map((k) => k.name);
  } finally {
    await tf.setBackend('cpu');
  }
}

describe('Dense, Conv1D, Conv2D and Embedding fused on wasm', () => {
  it.each(FUSED.concat(OWN_CALL).map((c) => [c.name, c] as const))(
    'give the layer’s own output and gradients: %s',
    async (_, layerCase) => {
      const { cpu, wasm } = await onCpuAndWasm(results(layerCase));
      expect(wasm).toHaveLength(cpu.length);
      cpu.forEach((expected, i) => expect(relativeDifference(expected, wasm[i]!)).toBeLessThan(1e-4));
    },
  );

  it('run one kernel forward and one per gradient, and the layer’s own call where the kernels do not apply', async () => {
    const names = async (name: string) =>
      kernelsRunOnWasm(() => tf.dispose(results([...FUSED, ...OWN_CALL].find((c) => c.name === name)!)()));
    const denseKernels = await names('Dense relu');
    expect(denseKernels).toEqual(expect.arrayContaining([DENSE, DENSE_INPUT_GRAD, DENSE_KERNEL_GRAD]));
    expect(denseKernels).not.toContain(tf.BatchMatMul);
    const conv = await names('Conv1D same relu (the Text CNN’s)');
    expect(conv).toEqual(expect.arrayContaining([CONVOLUTION, CONVOLUTION_INPUT_GRAD, CONVOLUTION_FILTER_GRAD]));
    expect(conv).not.toContain(tf.Conv2D);
    const embedding = await names('Embedding, float ids');
    expect(embedding).toEqual(expect.arrayContaining([EMBEDDING, EMBEDDING_GRAD]));
    expect(embedding).not.toContain(tf.GatherV2);
    const channelsFirst = await names('Conv2D channels first');
    expect(channelsFirst).not.toContain(CONVOLUTION);
  });

  it('never computes the gradient of an input that needs none (a first layer’s)', async () => {
    const kernels = await kernelsRunOnWasm(() => {
      const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [8], units: 4, activation: 'relu' })] });
      fuseLayers(model);
      const x = tf.ones([2, 8]);
      tf.dispose(tf.variableGrads(() => (model.apply(x, { training: true }) as tf.Tensor).sum() as tf.Scalar).grads);
      model.dispose();
    });
    expect(kernels).toContain(DENSE_KERNEL_GRAD);
    expect(kernels).not.toContain(DENSE_INPUT_GRAD);
  });

  it('refuses a token id outside the vocabulary in the words of the layer’s own call', async () => {
    await tf.setBackend('wasm');
    await registerWasmKernels();
    try {
      const model = tf.sequential({ layers: [tf.layers.embedding({ inputDim: 4, outputDim: 2, inputShape: [3] })] });
      fuseLayers(model);
      expect(() => model.predict(tf.tensor([[1, 2, 4]]))).toThrow('GatherV2: the index value 4 is not in [0, 3]');
      model.dispose();
    } finally {
      await tf.setBackend('cpu');
    }
  });
});
