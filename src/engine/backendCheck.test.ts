import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAgainstCpu, checkedBackend, probeDisagreement, probeTraining } from './backendCheck';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('checkAgainstCpu', () => {
  it('finds wasm training like cpu, leaves wasm set and no tensors behind', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    expect(await checkAgainstCpu('wasm')).toEqual({ ok: true, value: undefined });
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('checkedBackend', () => {
  it('keeps a backend that agrees with cpu, reason and all', async () => {
    await tf.setBackend('wasm');
    const active = { backend: 'wasm' as const, reason: 'wasm runs this graph fastest on CPU.' };
    expect(await checkedBackend(active)).toBe(active);
    expect(tf.getBackend()).toBe('wasm');
  });
});

describe('probeDisagreement', () => {
  it('accepts float32 noise, and names a loss or a weight that differs beyond it', async () => {
    const reference = await probeTraining();
    expect(probeDisagreement(reference, reference)).toBeUndefined();
    const noisy = { ...reference, weights: reference.weights.map((w) => w.map((v) => v * (1 + 1e-6))) };
    expect(probeDisagreement(reference, noisy)).toBeUndefined();

    expect(probeDisagreement(reference, { ...reference, loss: reference.loss + 0.5 })).toMatch(
      /^the loss was [\d.]+ where cpu gives [\d.]+$/,
    );
    const wrongWeight = reference.weights.map((w, i) => (i === 0 ? w.map((v, j) => (j === 3 ? v + 0.25 : v)) : w));
    expect(probeDisagreement(reference, { ...reference, weights: wrongWeight })).toBe(
      "the weights differed from cpu's by up to 0.250",
    );
    const nanWeight = reference.weights.map((w, i) => (i === 1 ? w.map(() => NaN) : w));
    expect(probeDisagreement(reference, { ...reference, weights: nanWeight })).toBe(
      "the weights differed from cpu's by up to Infinity",
    );
  });
});
