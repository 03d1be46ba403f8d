import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { onCpuAndWasm, randomValues, relativeDifference } from '../../test/backendAgreement';
import { LAYER_NORM, LAYER_NORM_GRAD } from '../kernels/layerNorm';
import { registerWasmKernels } from '../kernels/wasmKernels';
import { fuseLayers } from './index';

interface Case {
  readonly shape: number[];
  readonly axis?: number | number[];
  readonly epsilon?: number;
}

/**
 * A LayerNormalization with seeded scale and offset, its layers fused as buildModel fuses them, on
 * seeded input: its output, and the gradients of a weighted sum of it for the input and every
 * weight; on cpu the layer's own call, on wasm the fused kernels where they apply.
 */
function normalised({ shape, axis = -1, epsilon }: Case): () => tf.Tensor[] {
  return () => {
    const model = tf.sequential({
      layers: [tf.layers.layerNormalization({ inputShape: shape.slice(1), axis, epsilon })],
    });
    const layer = model.layers[0]!;
    layer.setWeights(layer.getWeights().map((w, i) => tf.tensor(randomValues(w.shape, 10 + i), w.shape)));
    fuseLayers(model);
    const x = tf.tensor(randomValues(shape, 1), shape);
    const weights = tf.tensor(randomValues(shape, 2), shape);
    const loss = (input: tf.Tensor) =>
      (model.apply(input, { training: true }) as tf.Tensor).mul(weights).sum() as tf.Scalar;
    const dx = tf.grad(loss)(x);
    const { grads } = tf.variableGrads(
      () => loss(x),
      layer.trainableWeights.map((w) => w.read() as tf.Variable),
    );
    const result = [model.predict(x) as tf.Tensor, dx, ...Object.values(grads)];
    model.dispose();
    return result;
  };
}

const FUSED: Case[] = [
  { shape: [64, 16, 32] }, // the Transformer template's
  { shape: [5, 7] }, // a width not a multiple of 4 lanes
  { shape: [1, 3, 13], epsilon: 1e-5 },
  { shape: [2, 1] },
  { shape: [3, 2, 4, 9], axis: 3 },
];
// tfjs 4.22's own layer cannot take gradients without its offset or scale (its batchNormalization
// records an undefined input on the tape), so those settings are left out here.
const OWN_CALL: Case[] = [
  { shape: [4, 6, 5], axis: 1 },
  { shape: [4, 6, 5], axis: [1, 2] },
];

describe('LayerNormalization fused on wasm', () => {
  it.each([...FUSED, ...OWN_CALL])('gives the layer’s own output and gradients: %j', async (layerCase) => {
    const { cpu, wasm } = await onCpuAndWasm(normalised(layerCase));
    expect(wasm).toHaveLength(cpu.length);
    cpu.forEach((expected, i) => expect(relativeDifference(expected, wasm[i]!)).toBeLessThan(1e-4));
  });

  it('runs one kernel forward and one backward where it applies, and the layer’s own call elsewhere', async () => {
    const kernelsOf = async (layerCase: Case) => {
      await tf.setBackend('wasm');
      await registerWasmKernels();
      try {
        const profile = await tf.profile(() => tf.dispose(normalised(layerCase)()));
        return profile.kernels.map((k) => k.name);
      } finally {
        await tf.setBackend('cpu');
      }
    };
    const fused = await kernelsOf(FUSED[0]!);
    expect(fused).toContain(LAYER_NORM);
    expect(fused).toContain(LAYER_NORM_GRAD);
    expect(fused).not.toContain('FusedBatchNorm');
    const own = await kernelsOf(OWN_CALL[0]!);
    expect(own).not.toContain(LAYER_NORM);
    expect(own).toContain('FusedBatchNorm');
  });
});
