import type * as tf from '@tensorflow/tfjs';

/** One entry of the fused layers' catalog (./index.ts). */
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
