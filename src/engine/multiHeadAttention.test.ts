import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { layerKindSuite } from '../test/layerKindSuite';
import type { Infer } from '../model/schema';
import type { DataContext } from '../model/task';
import { defaultParams } from '../model/layers/layerKind';
import { multiHeadAttention } from '../model/layers/multiHeadAttention';
import type { Shape } from '../model/shapes';

/** A short sequence (some of unknown length) of few features. */
const sequence: fc.Arbitrary<Shape> = fc
  .tuple(fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }), fc.integer({ min: 1, max: 6 }))
  .map(([steps, features]) => [null, steps, features]);

layerKindSuite(
  multiHeadAttention,
  [
    // Keras: query, key and value kernels 32·2·16 each + 2·16 biases, output kernel 2·16·32 + 32.
    {
      name: 'self-attention with the defaults',
      input: [null, 10, 32],
      output: [null, 10, 32],
      paramCount: 3 * (1024 + 32) + 1024 + 32,
    },
    {
      name: 'cross-attention of a query on a value of another length and width',
      params: { numHeads: 2, keyDim: 4, valueDim: 3 },
      inputs: [
        [null, 5, 8],
        [null, 7, 6],
      ],
      output: [null, 5, 8],
      // query 8·2·4 + 8, key 6·2·4 + 8, value 6·2·3 + 6, output 2·3·8 + 8
      paramCount: 72 + 56 + 42 + 56,
    },
    {
      name: 'causal, without biases, over sequences of any length',
      params: { numHeads: 1, keyDim: 2, useBias: false, causal: true },
      input: [null, null, 4],
      output: [null, null, 4],
      paramCount: 4 * 2 * 3 + 2 * 4,
    },
    {
      params: { numHeads: 4, keyDim: 8, dropout: 0.1 },
      input: [null, 6, 16],
      output: [null, 6, 16],
      keras:
        'MultiHeadAttention(4, 8, value_dim=None, dropout=0.1, use_bias=True, causal=False, name="layer_under_test")',
    },
    { params: { numHeads: 0 }, error: /`numHeads`: expected an integer in \[1, 64\], received 0/ },
    { params: { dropout: 1 }, error: /`dropout`: expected a number in \[0, 0.9\], received 1/ },
    {
      input: [null, 10],
      shapeError:
        /^MultiHeadAttention expects a sequence \(batch, steps, features\): expected ndim=3, found ndim=2.*Embedding/,
    },
    {
      inputs: [
        [null, 4, 8],
        [null, 4, 2, 3],
      ],
      shapeError: /^MultiHeadAttention expects a sequence .*found ndim=4/,
    },
    { input: [null, 5, null], shapeError: /MultiHeadAttention needs a known last dimension/ },
  ],
  {
    inputs: () => fc.array(sequence, { minLength: 1, maxLength: 2 }),
    params: fc.record({
      numHeads: fc.integer({ min: 1, max: 3 }),
      keyDim: fc.integer({ min: 1, max: 4 }),
      valueDim: fc.integer({ min: 0, max: 4 }),
    }),
  },
);

type Params = Infer<typeof multiHeadAttention.params>;
const NO_DATA: DataContext = { inputShape: [1], task: 'regression', labels: [] };

/** sin(i + offset) / 2 over the entries, in row-major order: the same values the Keras script below fills in. */
function fill(shape: readonly number[], offset: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: size }, (_, i) => Math.sin(i + offset) / 2),
    [...shape],
  );
}

/** The layer alone in a model, over inputs of these shapes (one example each), its weights set by `fill`. */
function attentionModel(params: Partial<Params>, shapes: readonly (readonly number[])[]) {
  const inputs = shapes.map((shape) => tf.input({ shape: shape.slice(1) }));
  const output = multiHeadAttention.build(
    tf,
    { ...defaultParams(multiHeadAttention), ...params },
    { name: 'mha', data: NO_DATA },
  )(inputs);
  const model = tf.model({ inputs, outputs: output });
  const layer = model.getLayer('mha');
  layer.setWeights(layer.getWeights().map((w, i) => fill(w.shape, 10 * i)));
  return model;
}

describe('MultiHeadAttention computes what Keras computes', () => {
  /*
   * Expected outputs from Keras 3.15.1's own layers.MultiHeadAttention (numpy backend), given the
   * same inputs and weights, rounded to 5 places:
   *   q = fill(query_shape, 100); v = fill(value_shape, 200) or q
   *   m = layers.MultiHeadAttention(**params); m(q, v, use_causal_mask=causal)
   *   m.set_weights([fill(w.shape, 10 * i) for i, w in enumerate(m.weights)]); m(q, v, use_causal_mask=causal)
   */
  it('cross-attention with values narrower than the keys, two heads', () => {
    const model = attentionModel({ numHeads: 2, keyDim: 3, valueDim: 2 }, [
      [1, 3, 4],
      [1, 2, 5],
    ]);
    const output = tf.tidy(() => (model.predict([fill([1, 3, 4], 100), fill([1, 2, 5], 200)]) as tf.Tensor).dataSync());
    const keras = [
      0.35187, 0.59077, 0.28652, -0.28116, 0.35204, 0.59123, 0.28685, -0.28126, 0.35164, 0.58988, 0.28579, -0.28106,
    ];
    [...output].forEach((value, i) => expect(value).toBeCloseTo(keras[i]!, 4));
    model.dispose();
  });

  it('causal self-attention: a step sees only itself and the steps before it', () => {
    const model = attentionModel({ numHeads: 2, keyDim: 3, causal: true }, [[1, 3, 4]]);
    const output = tf.tidy(() => (model.predict(fill([1, 3, 4], 100)) as tf.Tensor).dataSync());
    const keras = [
      0.46885, 0.47315, 0.04243, -0.4273, 0.58755, 0.66039, 0.12606, -0.52416, 0.52839, 0.59241, 0.11177, -0.47163,
    ];
    [...output].forEach((value, i) => expect(value).toBeCloseTo(keras[i]!, 4));
    model.dispose();
  });

  it('drops attention weights while training only', () => {
    const model = attentionModel({ dropout: 0.5 }, [[1, 6, 4]]);
    const x = fill([1, 6, 4], 100);
    const [predicted, again, training] = tf.tidy(() => [
      (model.predict(x) as tf.Tensor).dataSync(),
      (model.predict(x) as tf.Tensor).dataSync(),
      (model.apply(x, { training: true }) as tf.Tensor).dataSync(),
    ]);
    expect([...again!]).toEqual([...predicted!]);
    expect([...training!]).not.toEqual([...predicted!]);
    tf.dispose(x);
    model.dispose();
  });
});

describe('MultiHeadAttention trains on every CPU backend', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('has a gradient for each of its 8 weights on cpu, and the same one on wasm', async () => {
    const gradientsOn = async (backend: 'cpu' | 'wasm') => {
      expect(await tf.setBackend(backend)).toBe(true);
      const model = attentionModel({ numHeads: 2, keyDim: 3, valueDim: 2, causal: true }, [
        [1, 4, 5],
        [1, 3, 6],
      ]);
      const inputs = [fill([1, 4, 5], 100), fill([1, 3, 6], 200)];
      const { value, grads } = tf.variableGrads(
        () => (model.apply(inputs, { training: true }) as tf.Tensor).square().sum() as tf.Scalar,
      );
      const gradients = Object.fromEntries(
        await Promise.all(
          Object.entries(grads).map(
            async ([name, g]) => [name.replace(/_\d+$/, ''), Array.from(await g.data())] as const,
          ),
        ),
      );
      tf.dispose([value, ...inputs, ...Object.values(grads)]);
      model.dispose();
      return gradients;
    };
    const cpu = await gradientsOn('cpu');
    expect(Object.keys(cpu).sort()).toEqual(
      ['query', 'key', 'value', 'output'].flatMap((p) => [`mha/${p}_bias`, `mha/${p}_kernel`]).sort(),
    );
    for (const [name, gradient] of Object.entries(cpu)) {
      expect(gradient.every(Number.isFinite), name).toBe(true);
      expect(
        gradient.some((g) => g !== 0),
        name,
      ).toBe(true);
    }
    const wasm = await gradientsOn('wasm');
    for (const [name, gradient] of Object.entries(cpu))
      wasm[name]!.forEach((g, i) => expect(g, name).toBeCloseTo(gradient[i]!, 4));
  });
});
