import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { onCpuAndWasm, randomValues } from '../../test/backendAgreement';
import { ADAM_UPDATE, FusedAdamOptimizer } from './adam';

/** Weights of awkward sizes: a Dense kernel, a bias not a multiple of 4 lanes, a scalar. */
const SHAPES = [[37, 12], [13], [1]];
const STEPS = 5;

/**
 * `STEPS` Adam steps on weights of SHAPES from seeded values and gradients (some large, some tiny,
 * some zero), the learning rate changed between steps as a schedule does; returns the weights and
 * both moments after them.
 */
function adamSteps(optimizer: () => tf.AdamOptimizer): () => tf.Tensor[] {
  return () => {
    const adam = optimizer();
    const weights = SHAPES.map((shape, i) => tf.variable(tf.tensor(randomValues(shape, i), shape)));
    for (let step = 0; step < STEPS; step++) {
      (adam as unknown as { learningRate: number }).learningRate = 0.01 / (step + 1);
      const grads = weights.map((w, i) => {
        const scale = [1, 1e-6, 1e4][(step + i) % 3]!;
        const values = randomValues(w.shape, 100 * step + i).map((v) => (Math.abs(v) < 0.05 ? 0 : v * scale));
        return { name: w.name, tensor: tf.tensor(values, w.shape) };
      });
      adam.applyGradients(grads);
      tf.dispose(grads.map((g) => g.tensor));
    }
    const slots = adam as unknown as Record<
      'accumulatedFirstMoment' | 'accumulatedSecondMoment',
      { variable: tf.Variable }[]
    >;
    const moments = [...slots.accumulatedFirstMoment, ...slots.accumulatedSecondMoment].map((m) => m.variable.clone());
    const result = [...weights.map((w) => w.clone()), ...moments];
    tf.dispose(weights);
    adam.dispose();
    return result;
  };
}

describe('Adam fused into one kernel per weight', () => {
  it('gives the weights and moments of tfjs’s Adam on the cpu backend, bit for bit', async () => {
    const { cpu, wasm } = await onCpuAndWasm(adamSteps(() => new FusedAdamOptimizer(0.01, 0.9, 0.999)));
    expect(tf.getKernel(ADAM_UPDATE, 'wasm')).toBeDefined();
    const reference = await onCpuAndWasm(adamSteps(() => tf.train.adam(0.01)));
    expect(wasm).toHaveLength(SHAPES.length * 3);
    wasm.forEach((values, i) => {
      expect(Array.from(values)).toEqual(Array.from(reference.cpu[i]!));
      // tfjs's own kernels on wasm agree too: the same float32 operations in the same order.
      expect(Array.from(values)).toEqual(Array.from(reference.wasm[i]!));
    });
    // On cpu, which has no fused kernel, it is tfjs's Adam.
    cpu.forEach((values, i) => expect(Array.from(values)).toEqual(Array.from(reference.cpu[i]!)));
  });

  it('keeps only the weights’ moments and its two step counters alive, as tfjs’s Adam', async () => {
    const alive = (optimizer: () => tf.AdamOptimizer) =>
      onCpuAndWasm(() => {
        const before = tf.memory().numTensors;
        const adam = optimizer();
        const weight = tf.variable(tf.ones([6]));
        for (let step = 0; step < 3; step++)
          tf.tidy(() => adam.applyGradients({ [weight.name]: tf.ones([6]) as tf.Variable }));
        const count = tf.memory().numTensors - before;
        adam.dispose();
        weight.dispose();
        return tf.scalar(count);
      });
    expect(await alive(() => new FusedAdamOptimizer(0.01, 0.9, 0.999))).toEqual(await alive(() => tf.train.adam(0.01)));
  });
});
