import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  backendShown,
  latestMetrics,
  openStudio,
  setTrainingSetting,
  trainToCompletion,
  trainUntilCheckpointed,
} from './studio';

// Without a GPU, Chromium's WebGPU is SwiftShader: slow, so these runs stay small.

/** The trained weights as the downloaded model holds them: its weight shards, in order. */
async function downloadedWeights(page: Page): Promise<Buffer> {
  await page.getByTestId('export-model').click();
  const dialog = page.getByTestId('export-dialog');
  const downloading = page.waitForEvent('download');
  await dialog.getByTestId('export-download').click();
  const files = unzipSync(new Uint8Array(await readFile((await (await downloading).path())!)));
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  const shards = Object.keys(files)
    .filter((name) => name.endsWith('.bin'))
    .sort();
  expect(shards.length).toBeGreaterThan(0);
  return Buffer.concat(shards.map((name) => files[name]!));
}

test('with the same seed, an Embedding model trains on WebGPU to the same curves and weights twice, and the run records WebGPU', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openStudio(page);
  // 150 of the language words, tokenised by character: the Embedding's gradient sums rows per token.
  const words = readFileSync('public/samples/language-words.csv', 'utf8').trim().split('\n').slice(1, 151);
  const csv = `word,letters,language\n${words.map((line) => line.replace(/^([^,]+),/, (_, word: string) => `${word},${word.length},`)).join('\n')}\n`;
  await page.getByTestId('tab-data').click();
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'words.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('dataset-name')).toHaveText('words.csv');
  await page.getByTestId('column-use-word').selectOption('text');
  await page.getByTestId('column-use-letters').selectOption('ignore');
  await page.getByTestId('tokenizer-level-word').selectOption('char');
  await page.getByTestId('tokenizer-length-word').fill('16');
  await page.getByTestId('tab-design').click();
  await page.getByTestId('template-picker').selectOption({ label: 'Text CNN' });
  await expect(page.locator('[data-layer-type="Embedding"]')).toHaveCount(1);
  await setTrainingSetting(page, 'Epochs', '2');
  await page.getByLabel('Backend', { exact: true }).selectOption({ label: 'WebGPU' });

  await trainToCompletion(page, 120_000);
  // Chosen by hand and not passed over: WebGPU agreed with cpu on the check steps.
  const backend = backendShown(page);
  await expect(backend.name).toHaveText('webgpu');
  await expect(backend.reason).toHaveText('WebGPU was chosen by hand.');
  await expect(page.getByTestId('run-record')).toContainText('Backendwebgpu');
  const curves = await latestMetrics(page);
  const first = await downloadedWeights(page);
  await trainToCompletion(page, 120_000);
  await expect(backend.name).toHaveText('webgpu');
  expect(await latestMetrics(page)).toEqual(curves);
  // tfjs's own WebGPU kernel for the Embedding's gradient adds with atomics: thousands of weights differed.
  expect((await downloadedWeights(page)).equals(first)).toBe(true);
});

test('when the GPU device is lost mid-run, the run goes on on WebGPU from its last checkpoint to the same end', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const epochs = 40;
  await openStudio(page);
  await setTrainingSetting(page, 'Epochs', String(epochs));
  await page.getByLabel('Backend', { exact: true }).selectOption({ label: 'WebGPU' });
  // SGD keeps no state of its own, so a resumed run must end exactly where an uninterrupted one does.
  await page.getByLabel('Optimiser').selectOption('sgd');
  await trainToCompletion(page, 120_000);
  const uninterrupted = await latestMetrics(page);

  const { epoch: lostAt, worker } = await trainUntilCheckpointed(page);
  expect(lostAt).toBeLessThan(epochs);
  // tfjs keeps its engine on the global scope. Destroying its device fails the reads in flight and
  // fires `device.lost` (reason 'destroyed'; a driver reset says 'unknown'), as a lost GPU does.
  const reason = await worker.evaluate(() => {
    const { device } = (self as unknown as { _tfengine: { backendInstance: { device: GPUDevice } } })._tfengine
      .backendInstance;
    device.destroy();
    return device.lost.then((info) => info.reason);
  });
  expect(reason).toBe('destroyed');

  const note = page.getByTestId('run-note');
  await expect(note).toHaveText(
    /^The GPU device was lost at epoch (\d+); restarted it and resumed from epoch (\d+)'s checkpoint\.$/,
    { timeout: 30_000 },
  );
  const [, at, from] = /at epoch (\d+); .* from epoch (\d+)'s/.exec((await note.textContent())!)!;
  expect(Number(at)).toBeGreaterThanOrEqual(lostAt);
  expect(Number(from)).toBeGreaterThan(0);
  expect(Number(from)).toBeLessThanOrEqual(Number(at));
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });
  // Every epoch once, the fresh worker on WebGPU again, and the numbers of the run that was never interrupted.
  await expect(page.getByTestId('run-summary')).toHaveText(`${epochs} epochs trained`);
  const backend = backendShown(page);
  await expect(backend.name).toHaveText('webgpu');
  await expect(backend.reason).toHaveText('WebGPU was chosen by hand.');
  expect(await latestMetrics(page)).toEqual(uninterrupted);
});
