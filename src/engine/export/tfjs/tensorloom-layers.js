/**
 * Tensorloom's own TensorFlow.js layers, which tfjs lacks, for loading an exported model.json
 * that names them. Call registerTensorloomLayers(tf) once, before tf.loadLayersModel:
 *
 *   import { registerTensorloomLayers } from './tensorloom-layers.js';
 *   registerTensorloomLayers(tf);
 *   const model = await tf.loadLayersModel('model.json');
 *
 * The same computation as the studio's layers (src/model/layers/multiHeadAttention.ts and
 * positionalEmbedding.ts), in plain JavaScript, with the same weight names and order.
 */
export function registerTensorloomLayers(tf) {
  const shapesOf = (shapes) => (Array.isArray(shapes[0]) ? shapes : [shapes]);

  /** Keras's MultiHeadAttention over one input (self-attention) or [query, value]. */
  class TensorloomMultiHeadAttention extends tf.layers.Layer {
    static className = 'TensorloomMultiHeadAttention';

    constructor({ numHeads, keyDim, valueDim, dropout, useBias, causal, ...args }) {
      super(args);
      this.attention = { numHeads, keyDim, valueDim, dropout, useBias, causal };
    }

    /** Keras's value_dim=None (0 here): the values are as wide as the keys. */
    get valueDim() {
      return this.attention.valueDim === 0 ? this.attention.keyDim : this.attention.valueDim;
    }

    build(inputShape) {
      const [query, value = query] = shapesOf(inputShape);
      const queryWidth = query.at(-1);
      const valueWidth = value.at(-1);
      const { numHeads, keyDim, useBias } = this.attention;
      const projection = (name, kernel, bias) => ({
        kernel: this.addWeight(`${name}_kernel`, kernel, 'float32', tf.initializers.glorotUniform({})),
        bias: useBias ? this.addWeight(`${name}_bias`, bias, 'float32', tf.initializers.zeros()) : undefined,
      });
      this.projections = {
        query: projection('query', [queryWidth, numHeads, keyDim], [numHeads, keyDim]),
        key: projection('key', [valueWidth, numHeads, keyDim], [numHeads, keyDim]),
        value: projection('value', [valueWidth, numHeads, this.valueDim], [numHeads, this.valueDim]),
        output: projection('output', [numHeads, this.valueDim, queryWidth], [queryWidth]),
      };
      this.built = true;
    }

    computeOutputShape(inputShape) {
      return [...shapesOf(inputShape)[0]];
    }

    call(inputs, kwargs) {
      return tf.tidy(() => {
        const [query, value = query] = Array.isArray(inputs) ? inputs : [inputs];
        const { numHeads, keyDim, dropout, causal } = this.attention;
        const valueDim = this.valueDim;
        // (batch, steps, features) · kernel (features, heads·width) → (batch, heads, steps, width).
        const project = (x, { kernel, bias }, width) => {
          const [batch, steps, features] = x.shape;
          let y = tf.matMul(x.reshape([batch * steps, features]), kernel.read().reshape([features, numHeads * width]));
          if (bias) y = y.add(bias.read().reshape([numHeads * width]));
          return y.reshape([batch, steps, numHeads, width]).transpose([0, 2, 1, 3]);
        };
        const q = project(query, this.projections.query, keyDim).mul(1 / Math.sqrt(keyDim));
        const k = project(value, this.projections.key, keyDim);
        const v = project(value, this.projections.value, valueDim);
        let scores = tf.matMul(q, k, false, true);
        if (causal) {
          const [querySteps, valueSteps] = [query.shape[1], value.shape[1]];
          const mask = new Float32Array(querySteps * valueSteps);
          for (let i = 0; i < querySteps; i++) for (let j = i + 1; j < valueSteps; j++) mask[i * valueSteps + j] = -1e9;
          scores = scores.add(tf.tensor2d(mask, [querySteps, valueSteps]));
        }
        let attention = tf.softmax(scores);
        if (dropout > 0 && kwargs.training === true) attention = tf.dropout(attention, dropout);
        const [batch, steps, queryWidth] = query.shape;
        const heads = tf
          .matMul(attention, v)
          .transpose([0, 2, 1, 3])
          .reshape([batch * steps, numHeads * valueDim]);
        let output = tf.matMul(heads, this.projections.output.kernel.read().reshape([numHeads * valueDim, queryWidth]));
        if (this.projections.output.bias) output = output.add(this.projections.output.bias.read());
        return output.reshape([batch, steps, queryWidth]);
      });
    }

    getConfig() {
      return { ...super.getConfig(), ...this.attention };
    }
  }

  /** Adds a learned vector per position to a (batch, steps, features) sequence. */
  class TensorloomPositionalEmbedding extends tf.layers.Layer {
    static className = 'TensorloomPositionalEmbedding';

    build(inputShape) {
      const [steps, features] = shapesOf(inputShape)[0].slice(-2);
      this.positions = this.addWeight('positions', [steps, features], 'float32', tf.initializers.glorotUniform({}));
      this.built = true;
    }

    call(inputs) {
      return tf.tidy(() => (Array.isArray(inputs) ? inputs[0] : inputs).add(this.positions.read()));
    }
  }

  tf.serialization.registerClass(TensorloomMultiHeadAttention);
  tf.serialization.registerClass(TensorloomPositionalEmbedding);
}
