import type * as tfjs from '@tensorflow/tfjs';
import { p, type Infer } from '../schema';
import { knownProduct, type Shape } from '../shapes';
import { customLayerClass, shapesOf, type LayerArgs, type TfKwargs, type TfShapes } from './customLayer';
import { defineLayerKind, py, type SymbolicTensor, type Tf } from './layerKind';
import { sequenceInput } from './rnnBase';
import { reshaped, transposed, type TensorData } from './torch';

const params = {
  numHeads: p.int({
    min: 1,
    max: 64,
    default: 2,
    tunable: true,
    label: 'Heads',
    help: 'How many attention heads look at the sequence in parallel, each with its own projections.',
  }),
  keyDim: p.int({
    min: 1,
    max: 1024,
    default: 16,
    log: true,
    tunable: true,
    width: true,
    help: 'Width of each head’s queries and keys.',
  }),
  valueDim: p.int({
    min: 0,
    max: 1024,
    default: 0,
    width: true,
    help: 'Width of each head’s values; 0 uses keyDim (Keras’s value_dim=None).',
  }),
  dropout: p.float({
    min: 0,
    max: 0.9,
    default: 0,
    step: 0.05,
    tunable: true,
    help: 'Fraction of attention weights dropped while training.',
  }),
  useBias: p.bool({ default: true, help: 'Add a learned offset to every projection.' }),
  causal: p.bool({
    default: false,
    help: 'Each position attends only to itself and earlier ones (for predicting what comes next).',
  }),
};

type AttentionParams = Infer<typeof params>;

/** The query's and the value's (batch, steps, features); one input is both (self-attention). */
function queryAndValue(inputs: readonly Shape[]): { query: Shape; value: Shape } {
  const [query, second] = inputs;
  if (query === undefined) throw new Error('MultiHeadAttention received no inputs');
  const value = second ?? query;
  sequenceInput(query, 'MultiHeadAttention');
  sequenceInput(value, 'MultiHeadAttention');
  return { query, value };
}

/** Keras's value_dim=None: the values are as wide as the keys. */
function headValueDim({ keyDim, valueDim }: AttentionParams): number {
  return valueDim === 0 ? keyDim : valueDim;
}

/**
 * The layer, built from ops that have gradients on every backend (tfjs's own attention uses
 * einsum, which has none, so it cannot train): per head, softmax(q·kᵀ/√keyDim)·v, with the four
 * projections as matMuls over reshaped inputs. Its weights have Keras's shapes and order
 * (query, key, value, output; kernel then bias), so they map one to one onto Keras's layer.
 */
/** The tfjs class name, prefixed: tfjs's own nlp layers already use `MultiHeadAttention`. */
const CLASS_NAME = 'TensorloomMultiHeadAttention';

const attentionLayer = customLayerClass<AttentionParams>(
  (tf) =>
    class MultiHeadAttentionLayer extends tf.layers.Layer {
      static className = CLASS_NAME;
      private readonly attention: AttentionParams;
      private projections:
        | Record<'query' | 'key' | 'value' | 'output', { kernel: tfjs.LayerVariable; bias?: tfjs.LayerVariable }>
        | undefined;

      constructor({ numHeads, keyDim, valueDim, dropout, useBias, causal, ...args }: AttentionParams & LayerArgs) {
        super(args);
        this.attention = { numHeads, keyDim, valueDim, dropout, useBias, causal };
      }

      override build(inputShape: TfShapes): void {
        const [query, value = query] = shapesOf(inputShape);
        const queryWidth = query?.at(-1);
        const valueWidth = value?.at(-1);
        if (typeof queryWidth !== 'number' || typeof valueWidth !== 'number')
          throw new Error('MultiHeadAttention needs known feature widths');
        const { numHeads, keyDim, useBias } = this.attention;
        const valueDim = headValueDim(this.attention);
        const projection = (name: string, kernel: number[], bias: number[]) => ({
          kernel: this.addWeight(`${name}_kernel`, kernel, 'float32', tf.initializers.glorotUniform({})),
          ...(useBias ? { bias: this.addWeight(`${name}_bias`, bias, 'float32', tf.initializers.zeros()) } : {}),
        });
        this.projections = {
          query: projection('query', [queryWidth, numHeads, keyDim], [numHeads, keyDim]),
          key: projection('key', [valueWidth, numHeads, keyDim], [numHeads, keyDim]),
          value: projection('value', [valueWidth, numHeads, valueDim], [numHeads, valueDim]),
          output: projection('output', [numHeads, valueDim, queryWidth], [queryWidth]),
        };
        this.built = true;
      }

      override computeOutputShape(inputShape: TfShapes): TfShapes {
        const [query] = shapesOf(inputShape);
        return [...(query ?? [])];
      }

      override call(inputs: tfjs.Tensor | tfjs.Tensor[], kwargs: TfKwargs): tfjs.Tensor {
        return tf.tidy(() => {
          const [query, value = query] = Array.isArray(inputs) ? inputs : [inputs];
          const weights = this.projections;
          if (!query || !value || !weights) throw new Error('MultiHeadAttention was called before it was built');
          const { numHeads, keyDim, dropout, causal } = this.attention;
          const valueDim = headValueDim(this.attention);
          // (batch, steps, features) · kernel (features, heads·width) → (batch, heads, steps, width).
          const project = (
            x: tfjs.Tensor,
            { kernel, bias }: { kernel: tfjs.LayerVariable; bias?: tfjs.LayerVariable },
            width: number,
          ) => {
            const [batch = 0, steps = 0, features = 0] = x.shape;
            let y = tf.matMul(
              x.reshape([batch * steps, features]),
              kernel.read().reshape([features, numHeads * width]),
            );
            if (bias) y = y.add(bias.read().reshape([numHeads * width]));
            return y.reshape([batch, steps, numHeads, width]).transpose([0, 2, 1, 3]);
          };
          // Keras scales the queries, not the scores: the same numbers, one smaller tensor.
          const q = project(query, weights.query, keyDim).mul(1 / Math.sqrt(keyDim));
          const k = project(value, weights.key, keyDim);
          const v = project(value, weights.value, valueDim);
          let scores = tf.matMul(q, k, false, true);
          if (causal) scores = scores.add(causalMask(tf, query.shape[1] ?? 0, value.shape[1] ?? 0));
          let attention = tf.softmax(scores);
          if (dropout > 0 && kwargs['training'] === true) attention = tf.dropout(attention, dropout);
          const [batch = 0, steps = 0, queryWidth = 0] = query.shape;
          const heads = tf
            .matMul(attention, v)
            .transpose([0, 2, 1, 3])
            .reshape([batch * steps, numHeads * valueDim]);
          let output = tf.matMul(heads, weights.output.kernel.read().reshape([numHeads * valueDim, queryWidth]));
          if (weights.output.bias) output = output.add(weights.output.bias.read());
          return output.reshape([batch, steps, queryWidth]);
        });
      }

      override getConfig() {
        return { ...super.getConfig(), ...this.attention };
      }
    },
);

/**
 * Added to the scores before the softmax: 0 where query step i may see value step j (j ≤ i),
 * −1e9 elsewhere, which is Keras's causal mask and its masked softmax's large negative number.
 */
function causalMask(tf: Tf, querySteps: number, valueSteps: number): tfjs.Tensor2D {
  const mask = new Float32Array(querySteps * valueSteps);
  for (let i = 0; i < querySteps; i++) for (let j = i + 1; j < valueSteps; j++) mask[i * valueSteps + j] = -1e9;
  return tf.tensor2d(mask, [querySteps, valueSteps]);
}

export const multiHeadAttention = defineLayerKind({
  type: 'MultiHeadAttention',
  label: 'MultiHeadAttention',
  category: 'attention',
  doc: {
    summary:
      'Each step of the query looks at every step of the value and takes a weighted mix: self-attention on one input, cross-attention on (query, value).',
    keras: 'https://keras.io/api/layers/attention_layers/multi_head_attention/',
  },
  kerasClass: CLASS_NAME,
  params,
  arity: { min: 1, max: 2 },
  inferShape: (inputs) => queryAndValue(inputs).query,
  // Keras's count: query and key kernels (features × heads × keyDim), the value kernel (value
  // features × heads × valueDim), the output kernel back to the query's width, and their biases.
  paramCount: (inputs, attention) => {
    const { query, value } = queryAndValue(inputs);
    const queryWidth = query[2]!;
    const valueWidth = value[2]!;
    const { numHeads, keyDim, useBias } = attention;
    const valueDim = headValueDim(attention);
    const kernels =
      numHeads * (queryWidth * keyDim + valueWidth * keyDim + valueWidth * valueDim + valueDim * queryWidth);
    const biases = useBias ? numHeads * (2 * keyDim + valueDim) + queryWidth : 0;
    return kernels + biases;
  },
  flops: (inputs, attention) => {
    const { query, value } = queryAndValue(inputs);
    const [querySteps, valueSteps] = [knownProduct([query[1] ?? null]), knownProduct([value[1] ?? null])];
    const { numHeads, keyDim } = attention;
    const valueDim = headValueDim(attention);
    const projections =
      querySteps * query[2]! * numHeads * (keyDim + valueDim) + valueSteps * value[2]! * numHeads * (keyDim + valueDim);
    const scoresAndMix = numHeads * querySteps * valueSteps * (keyDim + valueDim);
    return 2 * (projections + scoresAndMix);
  },
  register: (tf) => void attentionLayer(tf),
  build: (tf, attention, { name }) => {
    const Layer = attentionLayer(tf);
    const layer = new Layer({ ...attention, name });
    return (inputs) => layer.apply(inputs.length === 1 ? inputs[0]! : [...inputs]) as SymbolicTensor;
  },
  toKeras: ({ numHeads, keyDim, valueDim, dropout, useBias, causal }, { name }) =>
    `MultiHeadAttention(${numHeads}, ${keyDim}, value_dim=${py(valueDim === 0 ? null : valueDim)}, dropout=${py(dropout)}, ` +
    `use_bias=${py(useBias)}, causal=${py(causal)}, name=${py(name)})`,
  kerasPreamble: `class MultiHeadAttention(layers.Layer):
    """Tensorloom's MultiHeadAttention: keras.layers.MultiHeadAttention applied to one tensor
    (self-attention) or to [query, value], with the causal mask chosen when the layer is made."""

    def __init__(self, num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True, causal=False, **kwargs):
        super().__init__(**kwargs)
        self.args = dict(num_heads=num_heads, key_dim=key_dim, value_dim=value_dim, dropout=dropout, use_bias=use_bias)
        self.causal = causal
        self.attention = layers.MultiHeadAttention(**self.args, name="attention")

    def call(self, inputs, training=None):
        query, value = inputs if isinstance(inputs, (list, tuple)) else (inputs, inputs)
        # Keras's fused attention (JAX's) needs values as wide as the keys; asking for the scores
        # takes the explicit path, which does not.
        explicit = self.args["value_dim"] not in (None, self.args["key_dim"])
        output = self.attention(query, value, use_causal_mask=self.causal, training=training, return_attention_scores=explicit)
        return output[0] if explicit else output

    def get_config(self):
        return {**super().get_config(), **self.args, "causal": self.causal}`,
  toTorch: ({ numHeads, keyDim, valueDim, dropout, useBias, causal }, { dim, inputShapes }) => ({
    module:
      `MultiHeadAttention(${dim(0, -1)}, ${dim(inputShapes.length - 1, -1)}, ${numHeads}, ${keyDim}, ` +
      `value_dim=${valueDim === 0 ? keyDim : valueDim}, dropout=${py(dropout)}, bias=${py(useBias)}, causal=${py(causal)})`,
    forward: (inputs, self) => `${self}(${inputs.join(', ')})`,
    // Keras's kernels keep the heads on an axis of their own: (features, heads, width), and the
    // output's (heads, width, features); nn.Linear wants them flat and transposed.
    weights: (tfjs) => {
      const projections = ['query', 'key', 'value', 'output'];
      const perProjection = useBias ? 2 : 1;
      return projections.flatMap((projection, i) => {
        const [kernel, bias] = tfjs.slice(i * perProjection, (i + 1) * perProjection);
        const flatKernel = flatProjection(kernel!, projection === 'output');
        return [
          transposed(flatKernel, [1, 0], `${projection}.weight`),
          ...(bias ? [reshaped(bias, [bias.values.length], `${projection}.bias`)] : []),
        ];
      });
    },
  }),
  torchPreamble: [
    `class MultiHeadAttention(nn.Module):
    """Tensorloom's MultiHeadAttention (Keras's): per head softmax(q·kᵀ/√key_dim)·v over the value's
    steps, the heads joined and projected back to the query's width; self-attention when called
    with one tensor, and with causal=True each step sees only itself and those before it."""

    def __init__(self, query_width, value_width, num_heads, key_dim, value_dim, dropout=0.0, bias=True, causal=False):
        super().__init__()
        self.num_heads, self.key_dim, self.value_dim, self.causal = num_heads, key_dim, value_dim, causal
        self.query = nn.Linear(query_width, num_heads * key_dim, bias=bias)
        self.key = nn.Linear(value_width, num_heads * key_dim, bias=bias)
        self.value = nn.Linear(value_width, num_heads * value_dim, bias=bias)
        self.output = nn.Linear(num_heads * value_dim, query_width, bias=bias)
        self.dropout = nn.Dropout(dropout)

    def forward(self, query, value=None):
        value = query if value is None else value
        batch, query_steps, value_steps = query.shape[0], query.shape[1], value.shape[1]

        def heads(x, steps, width):
            return x.reshape(batch, steps, self.num_heads, width).transpose(1, 2)

        q = heads(self.query(query), query_steps, self.key_dim) / math.sqrt(self.key_dim)
        k = heads(self.key(value), value_steps, self.key_dim)
        v = heads(self.value(value), value_steps, self.value_dim)
        scores = q @ k.transpose(-1, -2)
        if self.causal:
            later = torch.ones(query_steps, value_steps, dtype=torch.bool, device=scores.device).triu(1)
            scores = scores.masked_fill(later, -1e9)
        mixed = self.dropout(torch.softmax(scores, dim=-1)) @ v
        return self.output(mixed.transpose(1, 2).reshape(batch, query_steps, self.num_heads * self.value_dim))`,
  ],
});

/** A projection's kernel as a matrix: (features, heads·width), or the output's (heads·width, features). */
function flatProjection(kernel: TensorData, isOutput: boolean): TensorData {
  const [a = 1, b = 1, c = 1] = kernel.shape;
  return reshaped(kernel, isOutput ? [a * b, c] : [a, b * c]);
}
