import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataContextFor, fitPipeline, transformRawRow } from '../data/preprocess';
import type { StoredDataset } from '../data/schema';
import { defaultGraph } from '../model/templates';
import { buildModel } from './build';
import { predictRow, predictRows } from './predict';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Four rows of one number and a two-class target: a binary task with a single sigmoid unit. */
const DATASET: StoredDataset = {
  meta: {
    id: 'approvals',
    name: 'approvals.csv',
    source: 'file',
    rowCount: 4,
    bytes: 40,
    createdAt: 0,
    preview: [],
    columns: [
      { name: 'income', type: 'numeric', missing: 0, unique: 4 },
      {
        name: 'approved',
        type: 'categorical',
        missing: 0,
        unique: 2,
        valueCounts: { values: ['no', 'yes'], counts: [2, 2] },
      },
    ],
  },
  columns: [
    { name: 'income', type: 'numeric', values: Float32Array.of(10, 20, 60, 80) },
    { name: 'approved', type: 'categorical', codes: Int32Array.of(0, 0, 1, 1), vocabulary: ['no', 'yes'] },
  ],
};

describe('predictRow', () => {
  it('gives each class a probability from the sigmoid, the likelier one as the label, and leaks nothing', async () => {
    const pipeline = fitPipeline(DATASET, { target: 'approved', columns: [] }, Uint32Array.of(0, 1, 2, 3));
    if (!pipeline.ok) throw new Error(pipeline.error);
    const built = buildModel(defaultGraph(), dataContextFor(pipeline.value));
    if (!built.ok) throw new Error(built.error);
    const model = built.value;
    const before = tf.memory().numTensors;

    const result = await predictRow(model, pipeline.value, { income: '55' });
    expect(tf.memory().numTensors).toBe(before);
    if (!result.ok) throw new Error(result.error);

    const encoded = transformRawRow(pipeline.value, { income: '55' });
    if (!encoded.ok) throw new Error(encoded.error);
    const positive = tf.tidy(() => (model.predict(tf.tensor2d(encoded.value, [1, 1])) as tf.Tensor).dataSync()[0]!);
    expect(result.value.probabilities).toEqual([
      { label: 'no', p: 1 - positive },
      { label: 'yes', p: positive },
    ]);
    expect(result.value.label).toBe(positive > 0.5 ? 'yes' : 'no');
    model.dispose();
  });

  it('passes on the pipeline’s message for a row it cannot encode', async () => {
    const pipeline = fitPipeline(DATASET, { target: 'approved', columns: [] }, Uint32Array.of(0, 1, 2, 3));
    if (!pipeline.ok) throw new Error(pipeline.error);
    const built = buildModel(defaultGraph(), dataContextFor(pipeline.value));
    if (!built.ok) throw new Error(built.error);
    expect(await predictRow(built.value, pipeline.value, { income: 'lots' })).toEqual({
      ok: false,
      error: '"income" must be a number; received "lots".',
    });
    built.value.dispose();
  });
});

describe('predictRows', () => {
  it('predicts every row of a long table in batches as one row at a time would, a row it cannot read getting why', async () => {
    const pipeline = fitPipeline(DATASET, { target: 'approved', columns: [] }, Uint32Array.of(0, 1, 2, 3));
    if (!pipeline.ok) throw new Error(pipeline.error);
    const built = buildModel(defaultGraph(), dataContextFor(pipeline.value));
    if (!built.ok) throw new Error(built.error);
    const rows = Array.from({ length: 2_500 }, (_, i) => ({ income: i === 1_500 ? 'lots' : String(i % 97) }));
    const before = tf.memory().numTensors;

    const predicted = await predictRows(built.value, pipeline.value, rows);
    expect(tf.memory().numTensors).toBe(before);
    expect(predicted).toHaveLength(2_500);
    expect(predicted[1_500]).toEqual({ ok: false, error: '"income" must be a number; received "lots".' });
    for (const i of [0, 1_023, 1_024, 1_499, 1_501, 2_499]) {
      const alone = await predictRow(built.value, pipeline.value, rows[i]!);
      const [batched, single] = [predicted[i], alone].map((result) =>
        result?.ok ? result.value.probabilities![1]!.p : NaN,
      );
      expect(batched).toBeCloseTo(single!, 6);
    }
    built.value.dispose();
  });
});
