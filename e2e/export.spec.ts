import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-web';
import { openStudio, trainToCompletion } from './studio';

/** The default Iris MLP, trained briefly: enough for the export's numbers to mean something. */
async function trainIris(page: Page): Promise<void> {
  await openStudio(page);
  await page.getByTestId('tab-train').click();
  await page.getByLabel('Epochs', { exact: true }).fill('15');
  await trainToCompletion(page);
}

test('export dialog: Iris quantised to uint8 shows sizes and test accuracy before and after, and downloads a zip tfjs can read with its model card', async ({
  page,
}) => {
  await trainIris(page);
  await page.getByTestId('export-model').click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('export-precision').selectOption('uint8');
  const comparison = dialog.getByTestId('export-comparison');
  await expect(comparison).toBeVisible({ timeout: 30_000 });
  await expect(comparison.getByRole('columnheader', { name: /uint8/ })).toBeVisible();

  const bytes = async (cell: string) =>
    Number(await comparison.getByTestId(cell).locator('[data-bytes]').getAttribute('data-bytes'));
  const float32Weights = await bytes('export-weights-float32');
  const uint8Weights = await bytes('export-weights-exported');
  expect(uint8Weights).toBeGreaterThan(0);
  expect(float32Weights / uint8Weights).toBe(4);
  const accuracy = async (cell: string) => Number(await comparison.getByTestId(cell).textContent());
  const float32Accuracy = await accuracy('export-test-float32');
  const uint8Accuracy = await accuracy('export-test-exported');
  expect(float32Accuracy).toBeGreaterThan(0.5);
  // The default test split is 15 Iris rows: quantisation may flip one or two of them.
  expect(Math.abs(uint8Accuracy - float32Accuracy)).toBeLessThanOrEqual(0.15);

  const downloading = page.waitForEvent('download');
  await dialog.getByTestId('export-download').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/-tfjs-uint8\.zip$/);
  const files = unzipSync(new Uint8Array(await readFile((await download.path())!)));
  expect(Object.keys(files).sort()).toEqual([
    'MODEL_CARD.md',
    'README.txt',
    'confusion-matrix.png',
    'group1-shard1of1.bin',
    'metadata.json',
    'model-card.html',
    'model.json',
  ]);
  const modelJson = JSON.parse(strFromU8(files['model.json']!));
  const weights: { quantization?: { dtype: string; scale: number; min: number } }[] =
    modelJson.weightsManifest[0].weights;
  expect(weights.length).toBeGreaterThan(0);
  for (const weight of weights) {
    expect(weight.quantization).toMatchObject({ dtype: 'uint8', scale: expect.any(Number), min: expect.any(Number) });
  }
  expect(files['group1-shard1of1.bin']!.byteLength).toBe(uint8Weights);
  const metadata = JSON.parse(strFromU8(files['metadata.json']!));
  expect(metadata.export).toEqual({ format: 'tfjs', precision: 'uint8', sparsity: 0 });
  expect(Number(metadata.metrics.test.value.value.toPrecision(3))).toBe(uint8Accuracy);
  expect(metadata.seed).toEqual(expect.any(Number));

  // The model card: the data set, the test accuracy the dialog showed, and the matrix drawn in the worker as a PNG.
  const card = strFromU8(files['MODEL_CARD.md']!);
  expect(card).toContain('- **Data set:** Iris flowers');
  expect(card).toContain(`Accuracy ${uint8Accuracy.toPrecision(3)} on `);
  expect(card).toContain('](confusion-matrix.png)');
  const png = files['confusion-matrix.png']!;
  expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer, png.byteOffset);
  // IHDR: a figure of three classes, at least a few hundred pixels each way (drawn at twice its layout size).
  expect(view.getUint32(16)).toBeGreaterThan(200);
  expect(view.getUint32(20)).toBeGreaterThan(200);
  expect(strFromU8(files['model-card.html']!)).toContain('<figure><svg');
});

test('export dialog: pruning half of every kernel shows sizes, zero weights and test accuracy before and after; the model card downloads alone', async ({
  page,
}) => {
  await trainIris(page);
  await page.getByTestId('export-model').click();
  const dialog = page.getByTestId('export-dialog');
  await dialog.getByTestId('export-sparsity').selectOption('0.5');
  const comparison = dialog.getByTestId('export-comparison');
  await expect(comparison.getByRole('columnheader', { name: /50 % pruned/ })).toBeVisible({ timeout: 30_000 });

  const bytes = async (cell: string) =>
    Number(await comparison.getByTestId(cell).locator('[data-bytes]').getAttribute('data-bytes'));
  // Pruning keeps float32: the raw weights are as large; the zip, where zeros compress, is smaller.
  expect(await bytes('export-weights-exported')).toBe(await bytes('export-weights-float32'));
  expect(await bytes('export-zip-exported')).toBeLessThan(await bytes('export-zip-float32'));
  const share = async (cell: string) =>
    Number(await comparison.getByTestId(cell).locator('[data-share]').getAttribute('data-share'));
  expect(await share('export-zeros-float32')).toBe(0);
  expect(await share('export-zeros-exported')).toBeCloseTo(0.5, 2);
  const accuracy = async (cell: string) => Number(await comparison.getByTestId(cell).textContent());
  const before = await accuracy('export-test-float32');
  const after = await accuracy('export-test-exported');
  expect(before).toBeGreaterThan(0.5);
  // Most weights of a trained MLP are small: the half that goes carries little of what it learned.
  expect(after).toBeGreaterThanOrEqual(before - 0.2);

  const downloading = page.waitForEvent('download');
  await dialog.getByTestId('export-card-download').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/-tfjs-pruned-50-model-card\.html$/);
  const html = await readFile((await download.path())!, 'utf8');
  expect(html).toContain('<dt>Data set</dt><dd>Iris flowers</dd>');
  expect(html).toContain('50 % of each weight matrix pruned to zero');
  expect(html).toContain(`Accuracy ${after.toPrecision(3)} on `);
  expect(html).not.toMatch(/<script|src=|href=/i);
});

test('ONNX export: the downloaded model.onnx runs in onnxruntime and predicts the label the app predicts; PyTorch downloads its module, weights and predict.py', async ({
  page,
}) => {
  await trainIris(page);
  const row = { sepal_length: '6.4', sepal_width: '3.2', petal_length: '4.5', petal_width: '1.5' };
  for (const [column, value] of Object.entries(row)) await page.getByTestId(`predict-input-${column}`).fill(value);
  await page.getByTestId('predict-button').click();
  const appLabel = (await page.getByTestId('predicted-label').textContent())!.trim();

  await page.getByTestId('export-model').click();
  const dialog = page.getByTestId('export-dialog');
  // uint8 chosen for TF.js first: ONNX keeps float32, and its table shows only what it writes.
  await dialog.getByTestId('export-precision').selectOption('uint8');
  await dialog.getByTestId('export-format-onnx').check();
  await expect(dialog.getByTestId('export-precision')).toBeDisabled();
  await expect(dialog.getByTestId('export-precision')).toHaveValue('float32');
  const comparison = dialog.getByTestId('export-comparison');
  await expect(comparison).toBeVisible({ timeout: 30_000 });
  await expect(comparison.getByTestId('export-weights-float32')).toBeVisible();
  await expect(comparison.getByRole('columnheader', { name: /uint8/ })).toHaveCount(0);
  await expect(comparison).not.toContainText('model.json');
  await expect(comparison.getByTestId('export-zip-float32')).toHaveCount(0);
  await expect(dialog.getByTestId('export-unsupported')).toHaveCount(0);
  const downloading = page.waitForEvent('download');
  await dialog.getByTestId('export-download').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/-onnx\.zip$/);
  const files = unzipSync(new Uint8Array(await readFile((await download.path())!)));
  expect(Object.keys(files).sort()).toEqual([
    'MODEL_CARD.md',
    'README.txt',
    'confusion-matrix.png',
    'metadata.json',
    'model-card.html',
    'model.onnx',
  ]);

  // The README's own encode(), run on metadata.json: a person holding only the zip predicts the same.
  const metadata = JSON.parse(strFromU8(files['metadata.json']!));
  const source = /const encode = ([\s\S]*?\n {2}\}\);)/.exec(strFromU8(files['README.txt']!))![1]!;
  const encode = new Function('metadata', `return ${source.slice(0, -1)}`)(metadata) as (row: object) => number[];
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(files['model.onnx']!);
  const input = new ort.Tensor('float32', Float32Array.from(encode(row)), [1, 4]);
  const scores = Array.from(
    (await session.run({ [session.inputNames[0]!]: input }))[session.outputNames[0]!]!.data as Float32Array,
  );
  expect(metadata.labels[scores.indexOf(Math.max(...scores))]).toBe(appLabel);

  // PyTorch from the same dialog: the module, its state_dict and predict.py (run against TF.js in tests/python).
  await dialog.getByTestId('export-format-pytorch').check();
  await expect(dialog.getByTestId('export-unsupported')).toHaveCount(0);
  const downloadingTorch = page.waitForEvent('download');
  await dialog.getByTestId('export-download').click();
  const torchDownload = await downloadingTorch;
  expect(torchDownload.suggestedFilename()).toMatch(/-pytorch\.zip$/);
  const torchFiles = unzipSync(new Uint8Array(await readFile((await torchDownload.path())!)));
  expect(Object.keys(torchFiles)).toEqual(
    expect.arrayContaining(['model.py', 'weights.npz', 'predict.py', 'rows.py', 'metadata.json']),
  );
  expect(strFromU8(torchFiles['model.py']!)).toContain('class TensorloomModel(nn.Module):');
});
