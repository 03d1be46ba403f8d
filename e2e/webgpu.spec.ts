import { expect, test, type Page } from '@playwright/test';
import { openStudio, setTrainingSetting, trainToCompletion } from './studio';

// Without a GPU, Chromium's WebGPU is SwiftShader: slow, so these runs stay small (Iris, the default MLP).
const latest = (page: Page) => Promise.all(['loss', 'val_loss', 'acc', 'val_acc'].map((m) => page.getByTestId(`latest-${m}`).textContent()));

test('with the same seed, two runs on WebGPU give the same curves, and the run records WebGPU', async ({ page }) => {
  test.setTimeout(240_000);
  await openStudio(page);
  await setTrainingSetting(page, 'Epochs', '5');
  await page.getByLabel('Backend', { exact: true }).selectOption({ label: 'WebGPU' });
  await trainToCompletion(page, 120_000);
  // Chosen by hand and not passed over: WebGPU agreed with cpu on the check steps.
  const backend = page.getByTestId('backend');
  await expect(backend.locator('.pill')).toHaveText('webgpu');
  await expect(backend.locator('.hint')).toHaveText('WebGPU was chosen by hand.');
  await expect(page.getByTestId('run-record')).toContainText('Backendwebgpu');
  const first = await latest(page);

  await trainToCompletion(page, 120_000);
  await expect(backend.locator('.pill')).toHaveText('webgpu');
  expect(await latest(page)).toEqual(first);
});

test('when the GPU device is lost mid-run, the run goes on on WebGPU from its last checkpoint to the same end', async ({ page }) => {
  test.setTimeout(300_000);
  const epochs = 40;
  await openStudio(page);
  await setTrainingSetting(page, 'Epochs', String(epochs));
  await page.getByLabel('Backend', { exact: true }).selectOption({ label: 'WebGPU' });
  // SGD keeps no state of its own, so a resumed run must end exactly where an uninterrupted one does.
  await page.getByLabel('Optimiser').selectOption('sgd');
  await trainToCompletion(page, 120_000);
  const uninterrupted = await latest(page);

  await page.getByTestId('train-button').click();
  const progress = page.getByTestId('run-progress');
  await expect(progress).toBeVisible();
  // Checkpoints are taken at most once a second: let a few be taken before the loss.
  await page.waitForTimeout(2_500);
  const lostAt = Number(/^epoch (\d+)\//.exec((await progress.textContent()) ?? '')?.[1]);
  expect(lostAt).toBeLessThan(epochs);
  const worker = page.workers().find((w) => /train\.worker/.test(w.url()));
  expect(worker, 'the training worker is running').toBeDefined();
  // tfjs keeps its engine on the global scope. Destroying its device fails the reads in flight and
  // fires `device.lost` (reason 'destroyed'; a driver reset says 'unknown'), as a lost GPU does.
  const reason = await worker!.evaluate(() => {
    const { device } = (self as unknown as { _tfengine: { backendInstance: { device: GPUDevice } } })._tfengine.backendInstance;
    device.destroy();
    return device.lost.then((info) => info.reason);
  });
  expect(reason).toBe('destroyed');

  const note = page.getByTestId('run-note');
  await expect(note).toHaveText(/^The GPU device was lost at epoch (\d+); restarted it and resumed from epoch (\d+)'s checkpoint\.$/, { timeout: 30_000 });
  const [, at, from] = /at epoch (\d+); .* from epoch (\d+)'s/.exec((await note.textContent())!)!;
  expect(Number(at)).toBeGreaterThanOrEqual(lostAt);
  expect(Number(from)).toBeGreaterThan(0);
  expect(Number(from)).toBeLessThanOrEqual(Number(at));
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });
  // Every epoch once, the fresh worker on WebGPU again, and the numbers of the run that was never interrupted.
  await expect(page.getByTestId('run-summary')).toHaveText(`${epochs} epochs trained`);
  const backend = page.getByTestId('backend');
  await expect(backend.locator('.pill')).toHaveText('webgpu');
  await expect(backend.locator('.hint')).toHaveText('WebGPU was chosen by hand.');
  expect(await latest(page)).toEqual(uninterrupted);
});
