import type { Tf } from './layerKind';

/** Every activation name `tf.layers.dense` accepts, as tfjs spells it. */
type TfjsActivation = NonNullable<Parameters<Tf['layers']['dense']>[0]['activation']>;

/**
 * Activations offered in the inspector: those tfjs and Keras 3 both accept under the same
 * name, so a trained model and its generated Keras script agree. Left out: tfjs's `hardSigmoid`
 * (Keras says `hard_sigmoid`) and `gelu_new` (no Keras twin).
 */
export const ACTIVATIONS = [
  'linear',
  'relu',
  'relu6',
  'elu',
  'selu',
  'gelu',
  'swish',
  'mish',
  'sigmoid',
  'tanh',
  'softmax',
  'softplus',
  'softsign',
] as const satisfies readonly TfjsActivation[];

export type ActivationName = (typeof ACTIVATIONS)[number];

/** `x` through a Keras activation, as a PyTorch expression. */
export function torchActivation(activation: ActivationName, x: string): string {
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
    case 'sigmoid':
    case 'tanh':
      return `torch.${activation}(${x})`;
    case 'softmax':
      return `torch.softmax(${x}, dim=-1)`;
    case 'swish':
      return `F.silu(${x})`;
    case 'relu6':
    case 'elu':
    case 'selu':
    case 'gelu':
    case 'mish':
    case 'softplus':
    case 'softsign':
      return `F.${activation}(${x})`;
  }
}
