import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDataset } from '../../test/csvDataset';
import { valueOf } from '../../test/results';
import { trainedForExport } from '../../test/training';
import { formatMetric } from '../../model/format';
import { exportModel, exportModelCard, previewExport } from './exportModel';
import { loadTfjsLayersFiles } from './tfjs';
import type { ModelMetadata } from './metadata';
import { headlineMetric as headline } from '../../model/evaluation';
import type { TrainedModel } from './trainedModel';

let iris: TrainedModel;

beforeAll(async () => {
  await tf.setBackend('cpu');
  iris = await trainedForExport(sampleDataset('iris.csv'), 'species', 20);
});

afterAll(() => iris.model.dispose());

describe('exportModel', () => {
  it('zips the TF.js files with metadata.json (pipeline, labels, versions, test metric of the quantised model) and a README', async () => {
    const exported = valueOf(
      await exportModel(iris, { format: 'tfjs', precision: 'uint8', sparsity: 0, packaging: 'zip' }),
    );
    expect(exported.files.map((f) => f.name)).toEqual(['model.zip']);
    const files = unzipSync(exported.files[0]!.bytes);
    // No confusion-matrix.png: Node has no OffscreenCanvas to draw it (the e2e test finds it in the browser's zip).
    expect(Object.keys(files).sort()).toEqual([
      'MODEL_CARD.md',
      'README.txt',
      'group1-shard1of1.bin',
      'metadata.json',
      'model-card.html',
      'model.json',
    ]);

    const modelJson = JSON.parse(strFromU8(files['model.json']!)) as tf.io.ModelJSON;
    expect(modelJson.weightsManifest[0]!.paths).toEqual(['group1-shard1of1.bin']);
    expect(modelJson.weightsManifest[0]!.weights.every((w) => w.quantization?.dtype === 'uint8')).toBe(true);

    const metadata = JSON.parse(strFromU8(files['metadata.json']!)) as ModelMetadata;
    expect(metadata).toMatchObject({
      format: 'tensorloom-model',
      version: 4,
      export: { format: 'tfjs', precision: 'uint8', sparsity: 0 },
      inputKind: 'table',
      pipeline: iris.pipeline,
      labels: ['setosa', 'versicolor', 'virginica'],
      task: 'multiclass',
      inputColumns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
      // The run's record: what trained the model, and its seed.
      appVersion: iris.record.appVersion,
      tfjsVersion: iris.record.tfjsVersion,
      seed: iris.record.seed,
      backend: 'cpu',
      trainSettings: iris.trainSettings,
      metrics: { training: iris.finalMetrics, test: exported.test },
    });
    expect(exported.test).toMatchObject({ name: 'accuracy', split: 'test' });
    expect(Number.isNaN(Date.parse(metadata.createdAt))).toBe(false);
    // The reference profile the Monitor view compares a batch with: every input column, and the predictions.
    expect(metadata.reference?.columns.map((column) => [column.name, column.kind])).toEqual(
      metadata.inputColumns.map((name) => [name, 'numeric']),
    );
    expect(metadata.reference?.predictions).toMatchObject({ kind: 'classes', labels: metadata.labels });
    expect(strFromU8(files['README.txt']!)).toContain("tf.loadLayersModel('model.json')");
  });

  it('hands the files over one by one when asked, model.json beside its shards', async () => {
    const exported = valueOf(
      await exportModel(iris, { format: 'tfjs', precision: 'float32', sparsity: 0, packaging: 'files' }),
    );
    expect(exported.files.map((f) => f.name)).toEqual([
      'model.json',
      'group1-shard1of1.bin',
      'metadata.json',
      'README.txt',
      'MODEL_CARD.md',
      'model-card.html',
    ]);
  });

  it('writes ONNX as model.onnx with the same metadata, its test metric the model’s own', async () => {
    const exported = valueOf(
      await exportModel(iris, { format: 'onnx', precision: 'uint8', sparsity: 0, packaging: 'files' }),
    );
    expect(exported.files.map((f) => f.name)).toEqual([
      'model.onnx',
      'metadata.json',
      'README.txt',
      'MODEL_CARD.md',
      'model-card.html',
    ]);
    const metadata = JSON.parse(strFromU8(exported.files[1]!.bytes)) as ModelMetadata;
    // Quantisation is TF.js's: the ONNX file keeps float32.
    expect(metadata.export).toEqual({ format: 'onnx', precision: 'float32', sparsity: 0 });
    expect(exported.test).toEqual(headline(valueOf(await iris.evaluate(iris.model))));
    expect(strFromU8(exported.files[2]!.bytes)).toContain("ort.InferenceSession.create('model.onnx')");
  });
});

describe('exportModel with pruning', () => {
  it('writes the pruned weights (half of every kernel zero, biases kept), compressed in the zip, and says so in metadata.json and the card', async () => {
    const plain = valueOf(
      await exportModel(iris, { format: 'tfjs', precision: 'float32', sparsity: 0, packaging: 'zip' }),
    );
    const pruned = valueOf(
      await exportModel(iris, { format: 'tfjs', precision: 'float32', sparsity: 0.5, packaging: 'zip' }),
    );
    expect(pruned.files[0]!.bytes.byteLength).toBeLessThan(plain.files[0]!.bytes.byteLength);

    const files = unzipSync(pruned.files[0]!.bytes);
    const loaded = await loadTfjsLayersFiles(Object.entries(files).map(([name, bytes]) => ({ name, bytes })));
    for (const weight of loaded.weights) {
      const values = await weight.read().data();
      const zeros = values.filter((v) => v === 0).length;
      if (weight.shape.length >= 2) expect(zeros, weight.originalName).toBe(Math.round(values.length / 2));
      else
        expect(Array.from(values), weight.originalName).toEqual(
          Array.from(
            await iris.model.weights
              .find((w) => w.originalName === weight.originalName)!
              .read()
              .data(),
          ),
        );
    }
    // The test metric is the pruned model's.
    expect(pruned.test).toEqual(headline(valueOf(await iris.evaluate(loaded))));
    loaded.dispose();

    const metadata = JSON.parse(strFromU8(files['metadata.json']!)) as ModelMetadata;
    expect(metadata.export).toEqual({ format: 'tfjs', precision: 'float32', sparsity: 0.5 });
    expect(strFromU8(files['MODEL_CARD.md']!)).toContain('50 % of each weight matrix pruned to zero');
  });

  it('carries the pruning into the other formats: the Python export’s weights are the pruned ones', async () => {
    const exported = valueOf(
      await exportModel(iris, { format: 'keras', precision: 'uint8', sparsity: 0.5, packaging: 'files' }),
    );
    const npz = unzipSync(exported.files.find((f) => f.name === 'weights.npz')!.bytes);
    const kernels = Object.entries(npz).filter(([name]) => name.endsWith('kernel.npy'));
    expect(kernels.length).toBeGreaterThan(0);
    for (const [name, bytes] of kernels) {
      // .npy: a header padded to a multiple of 64 bytes, then the float32 values.
      const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
      const values = new Float32Array(bytes.slice(10 + headerLength).buffer);
      expect(values.filter((v) => v === 0).length, name).toBe(Math.round(values.length / 2));
    }
  });

  it('shrinks the zip as the zeros compress: a 240 kB kernel pruned by half zips to well under its size', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [200], units: 300 })] });
    const preview = await previewExport(
      { ...iris, model, evaluate: async () => ({ ok: false, error: 'not measured here' }) },
      { precision: 'float32', sparsity: 0.5 },
    );
    // Random float32 weights barely compress: stored as they are.
    expect(preview.float32.zipBytes).toBeGreaterThan(preview.float32.weightBytes);
    expect(preview.exported.weightBytes).toBe(preview.float32.weightBytes);
    expect(preview.exported.zipBytes).toBeLessThan(preview.float32.zipBytes * 0.7);
    expect(preview.exported.zeroShare).toBe(0.5);
    model.dispose();
  });
});

describe('the model card in an export', () => {
  it('names the data set, states the exported model’s test accuracy, and lists every layer', async () => {
    const exported = valueOf(
      await exportModel(iris, { format: 'tfjs', precision: 'uint8', sparsity: 0, packaging: 'files' }),
    );
    const card = strFromU8(exported.files.find((f) => f.name === 'MODEL_CARD.md')!.bytes);
    const html = strFromU8(exported.files.find((f) => f.name === 'model-card.html')!.bytes);
    expect(card).toContain('- **Data set:** iris.csv');
    expect(card).toContain(
      `Accuracy ${formatMetric(exported.test.value.value!)} on ${iris.data.split.test} rows the run never saw`,
    );
    for (const layer of iris.model.layers)
      expect(card).toContain(`| ${layer.name.replace(/_/g, '\\_')} | ${layer.getClassName()} |`);
    expect(card).toContain(`| Seed | ${iris.record.seed} |`);
    // In Node there is no canvas for the PNG: the Markdown points to the HTML card's drawing.
    expect(card).toContain('The drawing is in model-card.html.');
    expect(html).toContain('<figure><svg');
    expect(strFromU8(exported.files.find((f) => f.name === 'README.txt')!.bytes)).toContain('MODEL_CARD.md');
  });

  it('comes alone as its HTML page', async () => {
    const card = valueOf(await exportModelCard(iris, { format: 'onnx', precision: 'float32', sparsity: 0.3 }));
    expect(card.files.map((f) => f.name)).toEqual(['model-card.html']);
    expect(strFromU8(card.files[0]!.bytes)).toContain(
      'ONNX (float32 weights, 30 % of each weight matrix pruned to zero)',
    );
  });
});

describe('previewExport', () => {
  it('measures size and test accuracy before and after quantisation, the quantised model as tfjs loads it', async () => {
    const preview = await previewExport(iris, { precision: 'uint8', sparsity: 0 });
    const measured = headline(valueOf(await iris.evaluate(iris.model)));
    expect(preview.float32.test).toEqual(measured);
    expect(preview.float32.test.value.value).toBeGreaterThan(0.8);
    expect(preview.exported.weightBytes).toBe(preview.float32.weightBytes / 4);
    // model.json is the same but for the quantisation entries.
    expect(preview.exported.totalBytes - preview.exported.weightBytes).toBeGreaterThan(
      preview.float32.totalBytes - preview.float32.weightBytes,
    );
    expect(Math.abs(preview.exported.test.value.value! - measured.value.value!)).toBeLessThanOrEqual(0.1);
    expect(preview.unsupported).toEqual({ tfjs: [], onnx: [], keras: [], pytorch: [], webapp: [] });
  });

  it('at float32 reports the model as it is', async () => {
    const preview = await previewExport(iris, { precision: 'float32', sparsity: 0 });
    expect(preview.exported).toEqual(preview.float32);
    expect(preview.float32.zeroShare).toBe(0);
  });

  it('measures pruning with quantisation: zeros survive uint8, the zip shrinks, the accuracy of the loaded model is reported', async () => {
    const preview = await previewExport(iris, { precision: 'uint8', sparsity: 0.5 });
    expect(preview.exported.weightBytes).toBe(preview.float32.weightBytes / 4);
    expect(preview.exported.zeroShare).toBeCloseTo(0.5, 2);
    expect(preview.exported.zipBytes).toBeLessThan(preview.float32.zipBytes);
    expect(preview.exported.test.value.value).toBeGreaterThan(0.5);
  });
});
