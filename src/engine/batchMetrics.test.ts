import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/split';
import { BatchMetrics } from './batchMetrics';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Batch b's [loss, metric] as the backend holds them: float32. */
function valuesOf(batches: number, seed: number): [number, number][] {
  const random = mulberry32(seed);
  return Array.from({ length: batches }, () => [Math.fround(random() * 3), Math.fround(random())]);
}

describe('BatchMetrics', () => {
  it('sums each batch’s loss and metric × its rows in batch order: the same numbers as reading every batch at once', async () => {
    const values = valuesOf(37, 1);
    const rows = (batch: number) => (batch === 36 ? 5 : 16);
    const before = tf.memory().numTensors;
    const metrics = new BatchMetrics();
    for (const [batch, [loss, metric]] of values.entries()) {
      metrics.add(batch, rows(batch), [tf.scalar(loss), tf.scalar(metric)]);
      if (metrics.due()) expect(await metrics.read()).toBeUndefined();
    }
    expect(await metrics.readAll()).toBeUndefined();
    let lossSum = 0;
    let metricSum = 0;
    values.forEach(([loss, metric], batch) => {
      lossSum += loss * rows(batch);
      metricSum += metric * rows(batch);
    });
    expect(metrics.lossSum).toBe(lossSum);
    expect(metrics.metricSum).toBe(metricSum);
    metrics.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports the first batch whose loss is not finite, and frees what it did not read', async () => {
    const before = tf.memory().numTensors;
    const metrics = new BatchMetrics();
    const losses = [0.5, 0.4, Infinity, NaN, 0.3, 0.2];
    let found;
    for (const [batch, loss] of losses.entries()) {
      metrics.add(batch, 8, [tf.scalar(loss), tf.scalar(0)]);
      if (metrics.due()) found ??= await metrics.read();
    }
    found ??= await metrics.readAll();
    expect(found).toEqual({ batch: 2, loss: Infinity });
    metrics.add(6, 8, [tf.scalar(1), tf.scalar(0)]);
    metrics.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
