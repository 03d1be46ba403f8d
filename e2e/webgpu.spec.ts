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
