import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { version as appVersion } from '../../../package.json';
import { sampleDataset } from '../../test/csvDataset';
import { valueOf } from '../../test/results';
import { trainedForExport } from '../../test/training';
import { exportModel, previewExport, type TrainedModel } from './exportModel';
import type { ModelMetadata } from './metadata';

let iris: TrainedModel;

beforeAll(async () => {
  await tf.setBackend('cpu');
  iris = await trainedForExport(sampleDataset('iris.csv'), 'species', 20);
});

afterAll(() => iris.model.dispose());

describe('exportModel', () => {
  it('zips the TF.js files with metadata.json (pipeline, labels, versions, test metric of the quantised model) and a README', async () => {
    const exported = valueOf(await exportModel(iris, { format: 'tfjs', precision: 'uint8', packaging: 'zip' }));
    expect(exported.files.map((f) => f.name)).toEqual(['model.zip']);
    const files = unzipSync(exported.files[0]!.bytes);
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'group1-shard1of1.bin', 'metadata.json', 'model.json']);

    const modelJson = JSON.parse(strFromU8(files['model.json']!)) as tf.io.ModelJSON;
    expect(modelJson.weightsManifest[0]!.paths).toEqual(['group1-shard1of1.bin']);
    expect(modelJson.weightsManifest[0]!.weights.every((w) => w.quantization?.dtype === 'uint8')).toBe(true);

    const metadata = JSON.parse(strFromU8(files['metadata.json']!)) as ModelMetadata;
    expect(metadata).toMatchObject({
      format: 'tensorloom-model',
      version: 2,
      export: { format: 'tfjs', precision: 'uint8' },
      inputKind: 'table',
      pipeline: iris.pipeline,
      labels: ['setosa', 'versicolor', 'virginica'],
      task: 'multiclass',
      inputColumns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
      appVersion,
      tfjsVersion: tf.version.tfjs,
      backend: 'cpu',
      trainSettings: iris.trainSettings,
      metrics: { training: iris.finalMetrics, test: exported.test },
    });
    expect(exported.test).toMatchObject({ name: 'accuracy', split: 'test' });
    expect(Number.isNaN(Date.parse(metadata.createdAt))).toBe(false);
    expect(strFromU8(files['README.txt']!)).toContain("tf.loadLayersModel('model.json')");
  });

  it('hands the files over one by one when asked, model.json beside its shards', async () => {
    const exported = valueOf(await exportModel(iris, { format: 'tfjs', precision: 'float32', packaging: 'files' }));
    expect(exported.files.map((f) => f.name)).toEqual(['model.json', 'group1-shard1of1.bin', 'metadata.json', 'README.txt']);
  });

  it('writes ONNX as model.onnx with the same metadata, its test metric the model’s own', async () => {
    const exported = valueOf(await exportModel(iris, { format: 'onnx', precision: 'uint8', packaging: 'files' }));
    expect(exported.files.map((f) => f.name)).toEqual(['model.onnx', 'metadata.json', 'README.txt']);
    const metadata = JSON.parse(strFromU8(exported.files[1]!.bytes)) as ModelMetadata;
    // Quantisation is TF.js's: the ONNX file keeps float32.
    expect(metadata.export).toEqual({ format: 'onnx', precision: 'float32' });
    expect(exported.test).toEqual(await iris.measure(iris.model));
    expect(strFromU8(exported.files[2]!.bytes)).toContain("ort.InferenceSession.create('model.onnx')");
  });
});

describe('previewExport', () => {
  it('measures size and test accuracy before and after quantisation, the quantised model as tfjs loads it', async () => {
    const preview = await previewExport(iris, 'uint8');
    const measured = await iris.measure(iris.model);
    expect(preview.float32.test).toEqual(measured);
    expect(preview.float32.test.value.value).toBeGreaterThan(0.8);
    expect(preview.quantized.weightBytes).toBe(preview.float32.weightBytes / 4);
    // model.json is the same but for the quantisation entries.
    expect(preview.quantized.totalBytes - preview.quantized.weightBytes).toBeGreaterThan(preview.float32.totalBytes - preview.float32.weightBytes);
    expect(Math.abs(preview.quantized.test.value.value! - measured.value.value!)).toBeLessThanOrEqual(0.1);
    expect(preview.unsupported).toEqual({ onnx: [], keras: [] });
  });

  it('at float32 reports the model as it is', async () => {
    const preview = await previewExport(iris, 'float32');
    expect(preview.quantized).toEqual(preview.float32);
  });
});
