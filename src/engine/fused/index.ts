/**
 * Layers whose many small ops per step the engine replaces with fused ops: one forward and one
 * backward kernel for the whole layer (a recurrent layer's whole sequence, attention's scores,
 * softmax and mix), where tfjs's per-op dispatch would dominate. Only the computation changes:
 * the layer keeps its class, config and weights, so saving, exporting and loading see the
 * standard layer. One entry per fused layer, keyed by the tfjs class name.
 */
import type * as tf from '@tensorflow/tfjs';
import { fusedLayerNormalization } from './layerNormalization';

export interface FusedLayer {
  /** The tfjs class name (`getClassName()`) of the layers this entry fuses. */
  readonly className: string;
  /**
   * Makes `layer` compute through the fused op. The fused call must give the layer's own results
   * (within float rounding) and gradients, and fall back to the layer's own call wherever the
   * fused op cannot run (a backend without its kernels, an option it does not cover).
   */
  fuse(layer: tf.layers.Layer): void;
}

const FUSED_LAYERS: readonly FusedLayer[] = [fusedLayerNormalization];

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
  return ['forwardLayer', 'backwardLayer', 'layer'].map((name) => fields[name]).filter((inner): inner is tf.layers.Layer => isLayer(inner));
}

function isLayer(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { getClassName?: unknown }).getClassName === 'function' && 'apply' in value;
}
