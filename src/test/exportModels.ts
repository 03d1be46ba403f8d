/**
 * Small tfjs models covering the layer classes the exporters write, with every weight redrawn
 * (seeded) so that biases and normalisation statistics are not their trivial initial values,
 * and inputs to run them on.
 */
import * as tf from '@tensorflow/tfjs';

export interface ModelAndInput {
  readonly model: tf.LayersModel;
  readonly x: tf.Tensor;
}

const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) =>
  layer.apply(x) as tf.SymbolicTensor;

export function randomiseWeights(model: tf.LayersModel, seed: number): void {
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

/** Same/valid/strided/dilated Conv2D, depthwise, separable, (transposed), batch norm, pooling, flatten, merges. */
export function smallCnn({ transposed }: { transposed: boolean }): ModelAndInput {
  const input = tf.input({ shape: [12, 10, 3] });
  let x = apply(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }), input);
  x = apply(tf.layers.batchNormalization(), x);
  x = apply(tf.layers.conv2d({ filters: 5, kernelSize: 3, strides: 2, padding: 'same' }), x);
  x = apply(tf.layers.conv2d({ filters: 4, kernelSize: 2, dilationRate: 2, padding: 'valid', activation: 'elu' }), x);
  x = apply(tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', activation: 'relu6' }), x);
  x = apply(tf.layers.separableConv2d({ filters: 6, kernelSize: 2, padding: 'valid', activation: 'swish' }), x);
  if (transposed) {
    x = apply(tf.layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same' }), x);
    x = apply(
      tf.layers.conv2dTranspose({ filters: 3, kernelSize: 2, strides: 3, padding: 'valid', activation: 'tanh' }),
      x,
    );
  }
  x = apply(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }), x);
  x = apply(tf.layers.averagePooling2d({ poolSize: 2, strides: 2, padding: 'same' }), x);
  const merged = apply(tf.layers.concatenate(), [
    apply(tf.layers.flatten(), x),
    apply(tf.layers.globalAveragePooling2d({}), x),
    apply(tf.layers.globalMaxPooling2d({}), x),
  ]);
  const model = tf.model({
    inputs: input,
    outputs: apply(tf.layers.dense({ units: 4, activation: 'softmax' }), merged),
  });
  randomiseWeights(model, 1);
  return { model, x: tf.randomNormal([3, 12, 10, 3], 0, 1, 'float32', 5) };
}

/** Dilated, same and valid Conv1D, pooling over steps, layer norm, reshape, dropout, activations, add and multiply. */
export function small1d(): ModelAndInput {
  const input = tf.input({ shape: [9, 2] });
  const a = apply(
    tf.layers.conv1d({ filters: 4, kernelSize: 3, padding: 'valid', dilationRate: 2, activation: 'gelu' }),
    input,
  );
  const same = apply(tf.layers.conv1d({ filters: 4, kernelSize: 2, padding: 'same', activation: 'mish' }), input);
  const b = apply(tf.layers.conv1d({ filters: 4, kernelSize: 5 }), same);
  const product = apply(tf.layers.multiply(), [
    apply(tf.layers.add(), [a, b]),
    apply(tf.layers.activation({ activation: 'sigmoid' }), b),
  ]);
  let x = apply(tf.layers.layerNormalization(), product);
  x = apply(tf.layers.maxPooling1d({ poolSize: 2 }), x);
  x = apply(tf.layers.averagePooling1d({ poolSize: 2, strides: 1, padding: 'same' }), x);
  x = apply(tf.layers.dropout({ rate: 0.5 }), x);
  const pooled = apply(tf.layers.globalMaxPooling1d({}), apply(tf.layers.reshape({ targetShape: [1, 8] }), x));
  const output = apply(
    tf.layers.dense({ units: 3, activation: 'selu' }),
    apply(tf.layers.activation({ activation: 'softplus' }), pooled),
  );
  const model = tf.model({ inputs: input, outputs: output });
  randomiseWeights(model, 11);
  return { model, x: tf.randomNormal([4, 9, 2], 0, 1, 'float32', 6) };
}

/** Embedding, LSTM and GRU (sequences and last state), SimpleRNN, Bidirectional concat and sum. */
export function smallRnn(): ModelAndInput {
  const input = tf.input({ shape: [7] });
  let x = apply(tf.layers.embedding({ inputDim: 20, outputDim: 5 }), input);
  x = apply(tf.layers.lstm({ units: 4, returnSequences: true, recurrentActivation: 'sigmoid' }), x);
  x = apply(
    tf.layers.bidirectional({
      layer: tf.layers.gru({ units: 3, returnSequences: true }) as tf.RNN,
      mergeMode: 'concat',
    }),
    x,
  );
  x = apply(tf.layers.simpleRNN({ units: 4, returnSequences: true, activation: 'relu' }), x);
  const last = apply(tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 3 }) as tf.RNN, mergeMode: 'sum' }), x);
  const gru = apply(tf.layers.gru({ units: 2, recurrentActivation: 'sigmoid' }), x);
  const output = apply(
    tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    apply(tf.layers.concatenate(), [last, gru]),
  );
  const model = tf.model({ inputs: input, outputs: output });
  randomiseWeights(model, 21);
  return {
    model,
    x: tf.tensor2d(
      Array.from({ length: 5 * 7 }, (_, i) => (i * 7) % 20),
      [5, 7],
    ),
  };
}
