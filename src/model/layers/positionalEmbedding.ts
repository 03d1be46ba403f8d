import type * as tfjs from '@tensorflow/tfjs';
import { fail, formatShape, type Shape } from '../shapes';
import { customLayerClass, shapesOf, type LayerArgs, type TfShapes } from './customLayer';
import { applyToOnlyInput, defineLayerKind, noMultiplyAdds, onlyInput, py } from './layerKind';
import { sequenceInput } from './rnnBase';

/** The (steps, features) of the input, both known: the layer learns one vector per step. */
function positions(x: Shape): { steps: number; features: number } {
  const { steps, features } = sequenceInput(x, 'PositionalEmbedding');
  if (steps === null)
    fail(
      `PositionalEmbedding needs a known number of steps, to learn one vector per position, received ${formatShape(x)}`,
    );
  return { steps, features };
}

/**
 * Adds a learned vector per position to a sequence, the position embedding of keras_hub's
 * PositionEmbedding plus the sum with its input. Attention alone cannot tell the order of its
 * inputs; this tells it. tfjs has a PositionEmbedding, but it returns the positions only and is
 * not exported from the layers API.
 */
const CLASS_NAME = 'TensorloomPositionalEmbedding';

const positionalEmbeddingLayer = customLayerClass<Record<never, never>>(
  (tf) =>
    class PositionalEmbeddingLayer extends tf.layers.Layer {
      static className = CLASS_NAME;
      private positions: tfjs.LayerVariable | undefined;

      constructor(args: LayerArgs) {
        super(args);
      }

      override build(inputShape: TfShapes): void {
        const [shape] = shapesOf(inputShape);
        const [steps, features] = shape?.slice(-2) ?? [];
        if (typeof steps !== 'number' || typeof features !== 'number')
          throw new Error('PositionalEmbedding needs known steps and features');
        this.positions = this.addWeight('positions', [steps, features], 'float32', tf.initializers.glorotUniform({}));
        this.built = true;
      }

      override call(inputs: tfjs.Tensor | tfjs.Tensor[]): tfjs.Tensor {
        return tf.tidy(() => {
          const [x] = Array.isArray(inputs) ? inputs : [inputs];
          if (!x || !this.positions) throw new Error('PositionalEmbedding was called before it was built');
          return x.add(this.positions.read());
        });
      }
    },
);

export const positionalEmbedding = defineLayerKind({
  type: 'PositionalEmbedding',
  label: 'PositionalEmbedding',
  category: 'embedding',
  doc: {
    summary:
      'Adds a learned vector for each position to a sequence (batch, steps, features), so attention can tell the order of the steps.',
    keras: 'https://keras.io/keras_hub/api/modeling_layers/position_embedding/',
  },
  kerasClass: CLASS_NAME,
  params: {},
  arity: { min: 1, max: 1 },
  inferShape: (inputs) => {
    const x = onlyInput(inputs);
    positions(x);
    return x;
  },
  paramCount: (inputs) => {
    const { steps, features } = positions(onlyInput(inputs));
    return steps * features;
  },
  flops: noMultiplyAdds,
  register: (tf) => void positionalEmbeddingLayer(tf),
  build: (tf, _params, { name }) => {
    const Layer = positionalEmbeddingLayer(tf);
    return applyToOnlyInput(new Layer({ name }));
  },
  toKeras: (_params, { name }) => `PositionalEmbedding(name=${py(name)})`,
  kerasPreamble: `class PositionalEmbedding(layers.Layer):
    """Tensorloom's PositionalEmbedding: adds a learned vector per position to a (batch, steps,
    features) input, i.e. keras_hub.layers.PositionEmbedding's output plus the input."""

    def build(self, input_shape):
        self.positions = self.add_weight(shape=tuple(input_shape[-2:]), initializer="glorot_uniform", name="positions")

    def call(self, inputs):
        return inputs + self.positions`,
  toTorch: (_params, { dim }) => ({
    module: `PositionalEmbedding(${dim(0, 1)}, ${dim(0, 2)})`,
    forward: ([x], self) => `${self}(${x})`,
    weights: ([positions]) => [{ ...positions!, name: 'positions' }],
  }),
  torchPreamble: [
    `class PositionalEmbedding(nn.Module):
    """Tensorloom's PositionalEmbedding: adds a learned vector per position to a (batch, steps, features) input."""

    def __init__(self, steps, features):
        super().__init__()
        self.positions = nn.Parameter(nn.init.xavier_uniform_(torch.empty(steps, features)))

    def forward(self, x):
        return x + self.positions`,
  ],
});
