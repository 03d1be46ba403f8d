import { expect, test } from '@playwright/test';
import { openStudio, trainToCompletion } from './studio';

test('a fresh page trains the default model on Iris to validation accuracy above 0.8', async ({ page }) => {
  await openStudio(page);
  await expect(page.getByTestId('node-input')).toContainText('(None, 4)');
  await expect(page.getByTestId('node-output')).toContainText('(None, 3)');

  await trainToCompletion(page);

  const valAcc = Number(await page.getByTestId('latest-val_acc').textContent());
  expect(valAcc).toBeGreaterThan(0.8);
  await expect(page.getByTestId('chart-loss')).toBeVisible();
  await expect(page.getByTestId('chart-acc')).toBeVisible();
  // Without a GPU the app must not pick the slow software WebGPU adapter, and must say why.
  const backend = page.getByTestId('backend');
  await expect(backend.locator('.pill')).toHaveText(/^(wasm|cpu|webgpu)$/);
  await expect(backend.locator('.hint')).not.toBeEmpty();
});

test('Stop ends a long run within a batch and keeps the model usable', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('tab-train').click();
  await page.getByLabel('Epochs', { exact: true }).fill('5000');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-progress')).toBeVisible();
  await expect(page.getByTestId('samples-per-second')).toHaveText(/^ · [\d,]+ samples\/s$/);
  // The page stays responsive while training: switching views works mid-run.
  await page.getByTestId('tab-design').click();
  await expect(page.getByTestId('canvas')).toBeVisible();
  await page.getByTestId('tab-train').click();
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'stopped', { timeout: 10_000 });
  await expect(page.getByTestId('download-model')).toBeEnabled();
});
