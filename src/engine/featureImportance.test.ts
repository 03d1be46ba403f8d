import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareTrainingData } from '../data/preprocess';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { mulberry32 } from '../data/split';
import { csvDataset } from '../test/csvDataset';
import { permutationImportance } from './featureImportance';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The class follows `signal` alone; `noise` and `colour` are drawn apart from it. */
function syntheticTable(rows: number): string {
  const random = mulberry32(11);
  const lines = ['noise,signal,colour,label'];
  for (let row = 0; row < rows; row++) {
    const signal = random();
    const colour = ['red', 'green', 'blue'][Math.floor(random() * 3)]!;
    lines.push(`${random().toFixed(4)},${signal.toFixed(4)},${colour},${signal > 0.5 ? 'high' : 'low'}`);
  }
  return lines.join('\n');
}

describe('permutationImportance', () => {
  it('ranks the column the class follows above columns of pure noise, and leaves no tensors behind', async () => {
    const prepared = prepareTrainingData(csvDataset('synthetic.csv', syntheticTable(400)), {
      ...DEFAULT_DATA_CONFIG,
      target: 'label',
    });
    if (!prepared.ok) throw new Error(prepared.error);
    const { pipeline, train, validation } = prepared.value;
    const tensorsBefore = tf.memory().numTensors;
    const steps: number[] = [];
    const ranked = await permutationImportance({
      pipeline,
      train,
      validation,
      seed: 42,
      onStep: (done) => steps.push(done),
    });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    if (!ranked.ok) throw new Error(ranked.error);
    const { features, baseline, score } = ranked.value;

    expect(score).toBe('accuracy');
    expect(baseline).toBeGreaterThan(0.8);
    expect(features.map((f) => f.name)[0]).toBe('signal');
    const byName = new Map(features.map((f) => [f.name, f]));
    const signal = byName.get('signal')!;
    for (const noise of [byName.get('noise')!, byName.get('colour')!])
      expect(signal.mean - signal.sd).toBeGreaterThan(noise.mean + noise.sd);
    expect(steps).toEqual([1, 2, 3, 4]);
  });

  it('refuses data that is not a table, with the column that makes it so', async () => {
    const prepared = prepareTrainingData(
      csvDataset(
        'reviews.csv',
        'review,label\n' + 'a fine long review of the thing,good\nnot what I hoped for at all,bad\n'.repeat(15),
      ),
      { ...DEFAULT_DATA_CONFIG, target: 'label', columns: [{ name: 'review', use: 'text' }] },
    );
    if (!prepared.ok) throw new Error(prepared.error);
    const { pipeline, train, validation } = prepared.value;
    const ranked = await permutationImportance({ pipeline, train, validation, seed: 1 });
    expect(ranked).toEqual({ ok: false, error: 'Columns are ranked for tables; "review" holds text.' });
  });
});
