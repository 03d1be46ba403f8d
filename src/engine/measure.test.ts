import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { measureModel } from './measure';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const mlp = (units: number) =>
  tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units, activation: 'relu' }),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });

describe('measureModel', () => {
  it('counts more parameters and bytes for a wider model, smaller at uint8, and a finite latency', async () => {
    const [small, large] = [mlp(8), mlp(256)];
    const example = Float32Array.of(5.1, 3.5, 1.4, 0.2);
    const measured = await Promise.all([small, large].map((model) => measureModel(model, example, [4])));
    const [ofSmall, ofLarge] = measured;
    expect(ofSmall!.params).toBe(4 * 8 + 8 + 8 * 3 + 3);
    expect(ofLarge!.params).toBeGreaterThan(ofSmall!.params);
    expect(ofLarge!.float32Bytes).toBeGreaterThan(ofSmall!.float32Bytes);
    // The weights alone: 4 bytes each as trained.
    expect(ofLarge!.float32Bytes).toBeGreaterThan(ofLarge!.params * 4);
    expect(ofLarge!.uint8Bytes).toBeLessThan(ofLarge!.float32Bytes / 2);
    // model.json is shipped too, and the scales uint8 adds to it outweigh a 67-weight model's savings.
    expect(ofSmall!.uint8Bytes).toBeGreaterThan(ofSmall!.float32Bytes);
    for (const { latencyMs, backend } of measured) {
      expect(latencyMs).toBeGreaterThan(0);
      expect(Number.isFinite(latencyMs)).toBe(true);
      expect(backend).toBe('cpu');
    }
    // Measuring predicts but leaves the weights and the memory as they were.
    const before = tf.memory().numTensors;
    await measureModel(small, example, [4], { predictions: 2 });
    expect(tf.memory().numTensors).toBe(before);
    [small, large].forEach((model) => model.dispose());
  });
});
