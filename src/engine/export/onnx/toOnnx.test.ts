import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../model/templates';
import { sampleDataset } from '../../../test/csvDataset';
import { randomiseWeights, small1d, smallCnn, smallRnn } from '../../../test/exportModels';
import { TEMPLATE_CONTEXTS } from '../../../test/templateContexts';
import { buildModel } from '../../build';
import { errorOf, valueOf } from '../../../test/results';
import { trainedOn } from '../../../test/training';
import { convertToOnnx, toOnnx } from './toOnnx';

beforeAll(async () => {
  await tf.setBackend('cpu');
  ort.env.wasm.numThreads = 1;
});

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

  it.each([
    [
      'CNN: same/valid/strided/dilated Conv2D, depthwise, separable, transposed, batch norm, pooling and flatten (NHWC in, NCHW inside)',
      () => smallCnn({ transposed: true }),
    ],
    ['1D: dilated, same and valid Conv1D, pooling over steps, layer norm, reshape, activations and merges', small1d],
    ['RNN: embedding, LSTM and GRU (sequences and last state), SimpleRNN, Bidirectional concat and sum', smallRnn],
  ])('%s', async (_name, make) => {
    const { model, x } = make();
    expect(await largestDifference(model, x)).toBeLessThan(1e-4);
    model.dispose();
  });

  // The Transformer's custom attention layers have no ONNX writer yet: it is the next test's case.
  const mappable = TEMPLATES.filter((t) => t.id !== 'transformer-text');
  it.each(mappable.map((t) => [t.name, t] as const))(
    'the %s template gives the same outputs in onnxruntime',
    async (_name, template) => {
      const data = TEMPLATE_CONTEXTS[template.dataKind];
      const model = valueOf(buildModel(template.build(data), data));
      randomiseWeights(model, 31);
      const count = 3;
      const size = data.inputShape.reduce((a, b) => a * b, 1);
      const x = data.vocabularySize
        ? tf.tensor(
            Array.from({ length: count * size }, (_, i) => (i * 7) % data.vocabularySize!),
            [count, ...data.inputShape],
          )
        : tf.randomNormal([count, ...data.inputShape], 0, 1, 'float32', 8);
      expect(await largestDifference(model, x)).toBeLessThan(1e-4);
      model.dispose();
    },
  );

  it("names the Transformer template's custom attention layers as not written, and writes nothing", async () => {
    const transformer = TEMPLATES.find((t) => t.id === 'transformer-text')!;
    const data = TEMPLATE_CONTEXTS[transformer.dataKind];
    const model = valueOf(buildModel(transformer.build(data), data));
    const { bytes, unsupported } = await convertToOnnx(model);
    expect(bytes).toBeUndefined();
    expect(unsupported.join('; ')).toMatch(/\(TensorloomMultiHeadAttention\)/);
    expect(unsupported.join('; ')).toMatch(/\(TensorloomPositionalEmbedding\)/);
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
