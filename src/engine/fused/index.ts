/**
 * Layers whose many small ops per step the engine replaces with fused ops: one forward kernel
 * for the whole layer (a recurrent layer's whole sequence; attention's scores, softmax and mix; a
 * Dense's product, bias and activation) and one backward, or one per gradient the tape asks for,
 * where tfjs's per-op dispatch would dominate. Only the computation changes:
 * the layer keeps its class, config and weights, so saving, exporting and loading see the
 * standard layer. One entry per fused layer, keyed by the tfjs class name.
 */
import type * as tf from '@tensorflow/tfjs';
import type { FusedLayer } from './fusedLayer';
import { fusedAttention } from './attention';
import { fusedConv1d, fusedConv2d } from './convolution';
import { fusedDense } from './dense';
import { fusedEmbedding } from './embedding';
import { fusedGru } from './gru';
import { fusedLayerNormalization } from './layerNormalization';
import { fusedLstm } from './lstm';
import { fusedSimpleRnn } from './simpleRnn';

const FUSED_LAYERS: readonly FusedLayer[] = [
  fusedLstm,
  fusedGru,
  fusedSimpleRnn,
  fusedAttention,
  fusedLayerNormalization,
  fusedDense,
  fusedConv1d,
  fusedConv2d,
  fusedEmbedding,
];

/** Puts the fused ops in place in every layer of `model` that has one (nested layers too). */
export function fuseLayers(model: tf.LayersModel): void {
  const visit = (layer: tf.layers.Layer): void => {
    FUSED_LAYERS.find((entry) => entry.className === layer.getClassName())?.fuse(layer);
    // Wrappers (Bidirectional) hold their inner layers as fields, not as `layers`.
    for (const inner of innerLayers(layer)) visit(inner);
  };
  for (const layer of model.layers) visit(layer);
}

function innerLayers(layer: tf.layers.Layer): tf.layers.Layer[] {
  const fields = layer as unknown as Record<string, unknown>;
  return ['forwardLayer', 'backwardLayer', 'layer']
    .map((name) => fields[name])
    .filter((inner): inner is tf.layers.Layer => isLayer(inner));
}

function isLayer(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { getClassName?: unknown }).getClassName === 'function' &&
    'apply' in value
  );
}
