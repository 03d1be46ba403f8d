import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExportFile } from '../../model/modelExport';
import { sampleDataset } from '../../test/csvDataset';
import { trainedOn } from '../../test/training';
import { SHARD_BYTES, tfjsLayersFiles } from './tfjs';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** tf.loadLayersModel as a page calls it, over HTTP: the files are served from one folder. */
function loadOverHttp(files: readonly ExportFile[]): Promise<tf.LayersModel> {
  const served = new Map(files.map((file) => [`https://models.test/iris/${file.name}`, file.bytes]));
  const fetchFunc = async (url: RequestInfo | URL) => {
    const bytes = served.get(String(url));
    return bytes ? new Response(bytes.slice()) : new Response('not found', { status: 404 });
  };
  return tf.loadLayersModel('https://models.test/iris/model.json', { fetchFunc });
}

const predictions = (model: tf.LayersModel, x: tf.Tensor) =>
  tf.tidy(() => (model.predict(x) as tf.Tensor).arraySync() as number[][]);

describe('tfjsLayersFiles', () => {
  it('cuts the weights into 4 MB shards named as tfjs names them, which tf.loadLayersModel loads to identical predictions', async () => {
    // 1,000 × 1,100 + 1,100 weights: 4.4 MB of float32, just over one shard.
    const model = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [1000], units: 1100, activation: 'relu' }), tf.layers.dense({ units: 3 })],
    });
    const files = await tfjsLayersFiles(model, 'float32');
    expect(files.map((f) => f.name)).toEqual(['model.json', 'group1-shard1of2.bin', 'group1-shard2of2.bin']);
    expect(files[1]!.bytes.byteLength).toBe(SHARD_BYTES);
    expect(files[1]!.bytes.byteLength + files[2]!.bytes.byteLength).toBe(4 * (1000 * 1100 + 1100 + 1100 * 3 + 3));

    const loaded = await loadOverHttp(files);
    const x = tf.randomNormal([4, 1000], 0, 1, 'float32', 1);
    expect(predictions(loaded, x)).toEqual(predictions(model, x));
    tf.dispose(x);
    model.dispose();
    loaded.dispose();
  });

  it('quantises: tfjs loads float16, uint16 and uint8 weights to predictions close to the float32 model’s, at ½, ½ and ¼ the size', async () => {
    const { model, prepared } = await trainedOn(sampleDataset('iris.csv'), 'species', 20);
    const x = tf.tensor(prepared.validation.x, [prepared.validation.count, ...prepared.pipeline.inputShape]);
    const float32 = await tfjsLayersFiles(model, 'float32');
    const weightBytes = (files: readonly ExportFile[]) => files.slice(1).reduce((n, f) => n + f.bytes.byteLength, 0);
    const expected = predictions(model, x);
    for (const [precision, tolerance, ratio] of [
      ['float16', 2e-3, 2],
      ['uint16', 1e-3, 2],
      ['uint8', 0.05, 4],
    ] as const) {
      const files = await tfjsLayersFiles(model, precision);
      const manifest = (JSON.parse(new TextDecoder().decode(files[0]!.bytes)) as tf.io.ModelJSON).weightsManifest[0]!;
      expect(manifest.weights.every((w) => w.quantization?.dtype === precision)).toBe(true);
      expect(weightBytes(files)).toBe(weightBytes(float32) / ratio);

      const loaded = await loadOverHttp(files);
      const actual = predictions(loaded, x);
      const worst = Math.max(...actual.flatMap((row, i) => row.map((p, j) => Math.abs(p - expected[i]![j]!))));
      expect(worst, precision).toBeLessThan(tolerance);
      expect(worst, `${precision} changed nothing`).toBeGreaterThan(0);
      loaded.dispose();
    }
    tf.dispose(x);
    model.dispose();
  });
});
