import * as tf from '@tensorflow/tfjs';
import { expect, test } from '@playwright/test';
import { unzipSync, strFromU8 } from 'fflate';
import { readFile } from 'node:fs/promises';
import { openStudio, trainToCompletion } from './studio';

/** One raw Iris row, as the CSV has it (a versicolor). */
const RAW_ROW = { sepal_length: '6.4', sepal_width: '3.2', petal_length: '4.5', petal_width: '1.5' };

interface Feature {
  kind: 'numeric' | 'oneHot' | 'ordinal';
  name: string;
  log1p?: boolean;
  shift?: number;
  divisor?: number;
  categories?: string[];
}

/**
 * Encodes a raw row from metadata.json alone, written here independently of the app's code: the
 * point is that a person holding only the zip can reproduce the app's prediction.
 */
function encode(features: Feature[], raw: Record<string, string>): number[] {
  return features.flatMap((f) => {
    if (f.kind === 'numeric') {
      const value = Number(raw[f.name]);
      return [((f.log1p ? Math.log1p(value) : value) - f.shift!) / f.divisor!];
    }
    const slot = f.categories!.indexOf(raw[f.name]!);
    return f.kind === 'ordinal' ? [slot] : f.categories!.map((_, i) => (i === slot ? 1 : 0));
  });
}

test('the downloaded zip loads with tf.loadLayersModel and predicts what the app predicts', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('tab-train').click();
  await page.getByLabel('Epochs', { exact: true }).fill('15');
  await trainToCompletion(page);

  for (const [column, value] of Object.entries(RAW_ROW)) await page.getByTestId(`predict-input-${column}`).fill(value);
  await page.getByTestId('predict-button').click();
  const appLabel = (await page.getByTestId('predicted-label').textContent())!.trim();

  await page.getByTestId('export-model').click();
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-download').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  const files = unzipSync(new Uint8Array(await readFile((await download.path())!)));
  expect(Object.keys(files).sort()).toEqual(
    expect.arrayContaining(['metadata.json', 'model.json', 'group1-shard1of1.bin']),
  );

  const metadata = JSON.parse(strFromU8(files['metadata.json']!));
  await tf.setBackend('cpu');
  // As a page loads it: model.json, then the shards its manifest names, from the same folder.
  const model = await tf.loadLayersModel('https://models.test/iris/model.json', {
    fetchFunc: async (url: RequestInfo | URL) => {
      const file = files[String(url).replace('https://models.test/iris/', '')];
      return file ? new Response(file.slice()) : new Response('not found', { status: 404 });
    },
  });
  const x = encode(metadata.pipeline.features, RAW_ROW);
  const probabilities = Array.from((model.predict(tf.tensor2d([x])) as tf.Tensor).dataSync());
  const labels: string[] = metadata.pipeline.target.labels;
  const nodeLabel = labels[probabilities.indexOf(Math.max(...probabilities))];

  expect(labels).toEqual(['setosa', 'versicolor', 'virginica']);
  expect(nodeLabel).toBe(appLabel);
});
