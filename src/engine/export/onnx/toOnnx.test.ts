import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../model/templates';
import { sampleDataset } from '../../../test/csvDataset';
import { TEMPLATE_CONTEXTS } from '../../../test/templateContexts';
import { buildModel } from '../../build';
import { errorOf, valueOf } from '../../../test/results';
import { trainedOn } from '../../../test/training';
import { toOnnx } from './toOnnx';

beforeAll(async () => {
  await tf.setBackend('cpu');
  ort.env.wasm.numThreads = 1;
});

/** Every weight redrawn (seeded), so that normalisation statistics and biases are not their trivial initial values. */
function randomiseWeights(model: tf.LayersModel, seed = 1): void {
  model.setWeights(
    model.weights.map((w, i) =>
      tf.tidy(() => {
        const r = tf.randomNormal(w.shape as number[], 0, 0.3, 'float32', seed + i);
        // Variances must stay positive.
        return w.originalName.endsWith('moving_variance') ? r.abs().add(0.5) : r;
      }),
    ),
  );
}

/** Runs the model in tfjs and its ONNX file in onnxruntime-web (wasm) on the same inputs; returns the largest difference. */
async function largestDifference(model: tf.LayersModel, input: tf.Tensor): Promise<number> {
  const session = await ort.InferenceSession.create(valueOf(await toOnnx(model)), { executionProviders: ['wasm'] });
  const feeds = { [session.inputNames[0]!]: new ort.Tensor('float32', input.dataSync() as Float32Array, input.shape) };
  const outputs = await session.run(feeds);
  const expected = tf.tidy(() => (model.predict(input) as tf.Tensor).dataSync());
  const actual = outputs[session.outputNames[0]!]!;
  expect(actual.dims).toEqual((model.outputs[0]!.shape as number[]).map((d, i) => (i === 0 ? input.shape[0] : d)));
  await session.release();
  return Math.max(...Array.from(actual.data as Float32Array, (v, i) => Math.abs(v - expected[i]!)));
}

describe('toOnnx', () => {
  it('MLP: an Iris model trained by the studio gives the same probabilities in onnxruntime', async () => {
    const { model, prepared } = await trainedOn(sampleDataset('iris.csv'), 'species', 10);
    const x = tf.tensor(prepared.validation.x, [prepared.validation.count, 4]);
    expect(await largestDifference(model, x)).toBeLessThan(1e-4);
    model.dispose();
  });

  it('CNN: same/valid/strided/dilated Conv2D, depthwise, separable, transposed, batch norm, pooling and flatten (NHWC in, NCHW inside)', async () => {
    const input = tf.input({ shape: [12, 10, 3] });
    let x = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(input) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
    x = tf.layers.conv2d({ filters: 5, kernelSize: 3, strides: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.conv2d({ filters: 4, kernelSize: 2, dilationRate: 2, padding: 'valid', activation: 'elu' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', activation: 'relu6' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.separableConv2d({ filters: 6, kernelSize: 2, padding: 'valid', activation: 'swish' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.conv2dTranspose({ filters: 3, kernelSize: 2, strides: 3, padding: 'valid', activation: 'tanh' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.averagePooling2d({ poolSize: 2, strides: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor;
    const flat = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
    const pooled = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
    const maxed = tf.layers.globalMaxPooling2d({}).apply(x) as tf.SymbolicTensor;
    const merged = tf.layers.concatenate().apply([flat, pooled, maxed]) as tf.SymbolicTensor;
    const output = tf.layers.dense({ units: 4, activation: 'softmax' }).apply(merged) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    randomiseWeights(model);
    const x0 = tf.randomNormal([3, 12, 10, 3], 0, 1, 'float32', 5);
    expect(await largestDifference(model, x0)).toBeLessThan(1e-4);
    model.dispose();
  });

  it('1D: dilated, same and valid Conv1D, pooling over steps, layer norm, reshape, activations and merges', async () => {
    const input = tf.input({ shape: [9, 2] });
    const a = tf.layers.conv1d({ filters: 4, kernelSize: 3, padding: 'valid', dilationRate: 2, activation: 'gelu' }).apply(input) as tf.SymbolicTensor;
    const same = tf.layers.conv1d({ filters: 4, kernelSize: 2, padding: 'same', activation: 'mish' }).apply(input) as tf.SymbolicTensor;
    const b = tf.layers.conv1d({ filters: 4, kernelSize: 5, strides: 1 }).apply(same) as tf.SymbolicTensor;
    const sum = tf.layers.add().apply([a, b]) as tf.SymbolicTensor;
    const product = tf.layers.multiply().apply([sum, tf.layers.activation({ activation: 'sigmoid' }).apply(b) as tf.SymbolicTensor]) as tf.SymbolicTensor;
    let x = tf.layers.layerNormalization().apply(product) as tf.SymbolicTensor;
    x = tf.layers.maxPooling1d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.averagePooling1d({ poolSize: 2, strides: 1, padding: 'same' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.dropout({ rate: 0.5 }).apply(x) as tf.SymbolicTensor;
    const reshaped = tf.layers.reshape({ targetShape: [1, 8] }).apply(x) as tf.SymbolicTensor;
    const pooled = tf.layers.globalMaxPooling1d({}).apply(reshaped) as tf.SymbolicTensor;
    const output = tf.layers.dense({ units: 3, activation: 'selu' }).apply(tf.layers.activation({ activation: 'softplus' }).apply(pooled) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    randomiseWeights(model, 11);
    const x0 = tf.randomNormal([4, 9, 2], 0, 1, 'float32', 6);
    expect(await largestDifference(model, x0)).toBeLessThan(1e-4);
    model.dispose();
  });

  it('RNN: embedding, LSTM and GRU (sequences and last state), SimpleRNN, Bidirectional concat and sum', async () => {
    const input = tf.input({ shape: [7] });
    let x = tf.layers.embedding({ inputDim: 20, outputDim: 5 }).apply(input) as tf.SymbolicTensor;
    x = tf.layers.lstm({ units: 4, returnSequences: true, recurrentActivation: 'sigmoid' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.bidirectional({ layer: tf.layers.gru({ units: 3, returnSequences: true }) as tf.RNN, mergeMode: 'concat' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.simpleRNN({ units: 4, returnSequences: true, activation: 'relu' }).apply(x) as tf.SymbolicTensor;
    const last = tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 3 }) as tf.RNN, mergeMode: 'sum' }).apply(x) as tf.SymbolicTensor;
    const gru = tf.layers.gru({ units: 2, recurrentActivation: 'sigmoid' }).apply(x) as tf.SymbolicTensor;
    const output = tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(tf.layers.concatenate().apply([last, gru]) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    randomiseWeights(model, 21);
    const ids = tf.tensor2d(Array.from({ length: 5 * 7 }, (_, i) => (i * 7) % 20), [5, 7]);
    expect(await largestDifference(model, ids)).toBeLessThan(1e-4);
    model.dispose();
  });

  it.each(TEMPLATES.map((t) => [t.name, t] as const))('the %s template gives the same outputs in onnxruntime', async (_name, template) => {
    const data = TEMPLATE_CONTEXTS[template.dataKind];
    const model = valueOf(buildModel(template.build(data), data));
    randomiseWeights(model, 31);
    const count = 3;
    const size = data.inputShape.reduce((a, b) => a * b, 1);
    const x = data.vocabularySize
      ? tf.tensor(Array.from({ length: count * size }, (_, i) => (i * 7) % data.vocabularySize!), [count, ...data.inputShape])
      : tf.randomNormal([count, ...data.inputShape], 0, 1, 'float32', 8);
    expect(await largestDifference(model, x)).toBeLessThan(1e-4);
    model.dispose();
  });

  it('names every layer it cannot write, with why, and writes nothing', async () => {
    class Doubler extends tf.layers.Layer {
      static className = 'Doubler';
      override call(inputs: tf.Tensor | tf.Tensor[]) {
        return tf.mul(Array.isArray(inputs) ? inputs[0]! : inputs, 2);
      }
    }
    tf.serialization.registerClass(Doubler);
    const input = tf.input({ shape: [4, 3] });
    const doubled = new Doubler({ name: 'mha' }).apply(input) as tf.SymbolicTensor;
    const rnn = tf.layers.lstm({ units: 2, activation: 'elu', name: 'lstm_1' }).apply(doubled) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 1 }).apply(rnn) as tf.SymbolicTensor });
    expect(errorOf(await toOnnx(model))).toBe(
      'Not supported in ONNX export: mha (Doubler); lstm_1 (LSTM): the activation elu (ONNX recurrent ops take tanh, sigmoid, hardSigmoid or relu).',
    );
    model.dispose();
  });
});
