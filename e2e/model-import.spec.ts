import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { openStudio, setTrainingSetting, trainToCompletion } from './studio';

/** The layers on the canvas, as their kinds, sorted. */
async function layerKinds(page: Page): Promise<string[]> {
  return (
    await page.locator('[data-layer-type]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-layer-type')!))
  ).sort();
}

/** Drops files on the canvas the way a file manager does. */
async function dropOnCanvas(page: Page, files: readonly { name: string; text: string }[]): Promise<void> {
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const { name, text } of list) transfer.items.add(new File([text], name));
    return transfer;
  }, files);
  await page.dispatchEvent('[data-testid="canvas"]', 'drop', { dataTransfer });
}

test('Iris: the downloaded zip imported into a changed graph brings back the trained graph, and Evaluate gives the same accuracy', async ({
  page,
}) => {
  await openStudio(page);
  await page.getByTestId('tab-design').click();
  const trainedKinds = await layerKinds(page);
  await setTrainingSetting(page, 'Epochs', '10');
  await trainToCompletion(page);
  await page.getByTestId('tab-evaluate').click();
  const accuracy = (await page.getByTestId('eval-accuracy').textContent())!;
  expect(Number(accuracy)).toBeGreaterThan(0);

  await page.getByTestId('tab-train').click();
  await page.getByTestId('export-model').click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog.getByTestId('export-comparison')).toBeVisible({ timeout: 30_000 });
  const downloading = page.waitForEvent('download');
  await dialog.getByTestId('export-download').click();
  const download = await downloading;
  const zip = {
    name: download.suggestedFilename(),
    mimeType: 'application/zip',
    buffer: await readFile((await download.path())!),
  };
  await page.keyboard.press('Escape');

  // Another graph on the canvas, as if the person had moved on.
  await page.getByTestId('tab-design').click();
  await page.getByTestId('template-picker').selectOption({ label: 'ResNet-mini' });
  await expect(page.getByTestId('notice')).toContainText('Started from ResNet-mini');

  await page.getByTestId('import-model-input').setInputFiles(zip);
  await expect(page.getByTestId('notice')).toContainText(/^Imported .*\.zip \(3 layers\): evaluate it/);
  // The canvas renders the layers in view: it fits the imported graph to the view first.
  await expect.poll(() => layerKinds(page)).toEqual(trainedKinds);

  await page.getByTestId('tab-evaluate').click();
  await expect(page.getByTestId('eval-accuracy')).toHaveText(accuracy);

  // Fine-tune: freeze the hidden layer in the Inspector, then train from the imported weights.
  await page.getByTestId('tab-design').click();
  await page.getByTestId('node-dense_1').click();
  await page.getByTestId('layer-trainable').uncheck();
  await expect(page.getByTestId('node-dense_1').getByTestId('node-frozen')).toBeVisible();
  await setTrainingSetting(page, 'Epochs', '2');
  await trainToCompletion(page);
  // Two epochs from the imported weights: already as good as the ten that made them, give or take a flower.
  await page.getByTestId('tab-evaluate').click();
  await expect
    .poll(async () => Number(await page.getByTestId('eval-accuracy').textContent()))
    .toBeGreaterThanOrEqual(Number(accuracy) - 0.1);
});

test('bad model files: a clear sentence each, the canvas kept; a class the studio lacks arrives as an opaque node that says so', async ({
  page,
}) => {
  await openStudio(page);
  await page.getByTestId('tab-design').click();
  const before = await layerKinds(page);
  const input = page.getByTestId('import-model-input');
  const notice = page.getByTestId('notice');

  await input.setInputFiles({
    name: 'model.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"modelTopology": '),
  });
  await expect(notice).toContainText(
    'Could not import the model: model.json is not JSON (is it damaged, or another file renamed?).',
  );
  expect(await layerKinds(page)).toEqual(before);

  const dense = (name: string, units: number, activation: string) => ({
    class_name: 'Dense',
    config: { name, units, activation, use_bias: true },
  });
  const modelJson = (layers: readonly unknown[], weights: readonly { name: string; shape: number[] }[]) =>
    JSON.stringify({
      format: 'layers-model',
      modelTopology: { class_name: 'Sequential', config: { name: 's', layers } },
      weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: weights.map((w) => ({ ...w, dtype: 'float32' })) }],
    });
  await input.setInputFiles({
    name: 'model.json',
    mimeType: 'application/json',
    buffer: Buffer.from(modelJson([dense('head', 3, 'softmax')], [{ name: 'head/kernel', shape: [4, 3] }])),
  });
  await expect(notice).toContainText(
    "Could not import the model: The weight file group1-shard1of1.bin is missing: choose it together with model.json, or import the export's zip.",
  );
  expect(await layerKinds(page)).toEqual(before);

  // A Keras Lambda (Python code, never run) between two layers the studio has: no weights to load.
  const lambda = { class_name: 'Lambda', config: { name: 'odd', function: 'lambda x: x * 2' } };
  const withLambda = {
    modelTopology: {
      class_name: 'Sequential',
      config: {
        name: 's',
        layers: [
          { ...lambda, config: { ...lambda.config, batch_input_shape: [null, 4] } },
          dense('head', 3, 'softmax'),
        ],
      },
    },
    weightsManifest: [],
  };
  await dropOnCanvas(page, [{ name: 'model.json', text: JSON.stringify(withLambda) }]);
  await expect(page.locator('[data-layer-type="Opaque"]')).toHaveCount(1);
  await expect(page.getByTestId('node-odd').getByText('Lambda', { exact: true })).toBeVisible();
  await expect(page.getByTestId('node-odd')).toContainText(
    'Unsupported layer class Lambda: kept as an opaque node; it cannot be trained or exported',
  );
  await expect(notice).toContainText('1 kept as an opaque node');
  // Accepted with a warning (role status), not refused with an alert beside a changed canvas.
  await expect(notice).toHaveAttribute('role', 'status');
  await expect(notice).toHaveClass(/warning/);
  expect(await layerKinds(page)).toEqual(['InputLayer', 'Opaque', 'Output']);
});
