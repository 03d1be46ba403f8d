import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataContextFor, fitPipeline, transformRawRow, type FittedPipeline } from '../../data/preprocess';
import type { StoredDataset } from '../../data/schema';
import { DEFAULT_TRAINING } from '../../model/project';
import { defaultGraph } from '../../model/templates';
import { buildModel } from '../build';
import { exportModelZip, type ModelMetadata } from './tfjsZip';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Six rows: a number, a category and a three-class target. */
const DATASET: StoredDataset = {
  meta: {
    id: 'pets',
    name: 'pets.csv',
    source: 'file',
    rowCount: 6,
    bytes: 100,
    createdAt: 0,
    preview: [],
    columns: [
      { name: 'weight', type: 'numeric', missing: 0, unique: 6 },
      { name: 'colour', type: 'categorical', missing: 0, unique: 2 },
      {
        name: 'kind',
        type: 'categorical',
        missing: 0,
        unique: 3,
        valueCounts: [
          { value: 'cat', count: 2 },
          { value: 'dog', count: 2 },
          { value: 'fish', count: 2 },
        ],
      },
    ],
  },
  columns: [
    { name: 'weight', type: 'numeric', values: Float32Array.of(4, 5, 20, 30, 0.1, 0.2) },
    { name: 'colour', type: 'categorical', codes: Int32Array.of(0, 1, 0, 1, 0, 1), vocabulary: ['black', 'white'] },
    { name: 'kind', type: 'categorical', codes: Int32Array.of(0, 0, 1, 1, 2, 2), vocabulary: ['cat', 'dog', 'fish'] },
  ],
};

function fitted(): FittedPipeline {
  const result = fitPipeline(DATASET, { target: 'kind', columns: [] }, Uint32Array.of(0, 1, 2, 3, 4, 5));
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('exportModelZip', () => {
  it('round-trips through tf.loadLayersModel with identical predictions, and carries the pipeline', async () => {
    const pipeline = fitted();
    const built = buildModel(defaultGraph(), dataContextFor(pipeline));
    if (!built.ok) throw new Error(built.error);
    const model = built.value;
    const trainSettings = { ...DEFAULT_TRAINING, epochs: 3, batchSize: 2, learningRate: 0.01, optimizer: 'adam' } as const;
    const zip = await exportModelZip({ model, pipeline, backend: 'cpu', trainSettings, finalMetrics: { loss: 0.5, acc: 0.75 } });

    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'metadata.json', 'model.json', 'weights.bin']);
    const modelJson = JSON.parse(strFromU8(files['model.json']!)) as tf.io.ModelJSON;
    expect(modelJson.weightsManifest).toHaveLength(1);
    expect(modelJson.weightsManifest[0]!.paths).toEqual(['weights.bin']);

    const weights = files['weights.bin']!;
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0]!.weights,
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      }),
    );
    const input = tf.randomNormal([8, pipeline.inputSize], 0, 1, 'float32', 3);
    const [expected, actual] = [model, loaded].map((m) => tf.tidy(() => (m.predict(input) as tf.Tensor).arraySync()));
    expect(actual).toEqual(expected);

    const metadata = JSON.parse(strFromU8(files['metadata.json']!)) as ModelMetadata;
    expect(metadata).toMatchObject({
      format: 'tensorloom-model',
      version: 1,
      pipeline,
      labels: ['cat', 'dog', 'fish'],
      task: 'multiclass',
      inputColumns: ['weight', 'colour'],
      tfjsVersion: tf.version.tfjs,
      backend: 'cpu',
      trainSettings,
      finalMetrics: { loss: 0.5, acc: 0.75 },
    });
    expect(Number.isNaN(Date.parse(metadata.createdAt))).toBe(false);
    expect(strFromU8(files['README.txt']!)).toContain('const row = {"weight":"9.883","colour":"black"}');

    tf.dispose(input);
    model.dispose();
    loaded.dispose();
  });

  it('has a README whose encode() matches the app’s own preprocessing', async () => {
    const pipeline = fitted();
    const built = buildModel(defaultGraph(), dataContextFor(pipeline));
    if (!built.ok) throw new Error(built.error);
    const trainSettings = { ...DEFAULT_TRAINING, epochs: 1, batchSize: 2, learningRate: 0.01, optimizer: 'sgd' } as const;
    const zip = await exportModelZip({ model: built.value, pipeline, backend: 'cpu', trainSettings, finalMetrics: {} });
    built.value.dispose();

    const readme = strFromU8(unzipSync(zip)['README.txt']!);
    const source = /const encode = ([\s\S]*?\n {2}\}\);)/.exec(readme)?.[1];
    expect(source).toBeDefined();
    const encode = new Function('metadata', `return ${source!.slice(0, -1)}`)({ pipeline }) as (row: object) => number[];
    for (const row of [
      { weight: '5', colour: 'white' },
      { weight: '-3.5', colour: 'purple' },
      { weight: '', colour: '' },
    ]) {
      const expected = transformRawRow(pipeline, row);
      expect(expected.ok && Array.from(expected.value)).toEqual(encode(row).map(Math.fround));
    }
  });
});
