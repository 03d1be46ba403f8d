import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { backendShown, latestMetrics, openStudio, trainToCompletion } from './studio';

test('a fresh page trains the default model on Iris to validation accuracy above 0.8', async ({ page }) => {
  await openStudio(page);
  await expect(page.getByTestId('node-input')).toContainText('(None, 4)');
  await expect(page.getByTestId('node-output')).toContainText('(None, 3)');

  await trainToCompletion(page);

  const valAcc = Number(await page.getByTestId('latest-val_acc').textContent());
  expect(valAcc).toBeGreaterThan(0.8);
  await expect(page.getByTestId('chart-loss')).toBeVisible();
  await expect(page.getByTestId('chart-acc')).toBeVisible();
  // Pointing at a curve reads that epoch's values in the chart's caption; leaving it shows the latest again.
  // The chart is named by its caption.
  const loss = page.getByTestId('chart-loss');
  const curve = (await loss.getByRole('img').boundingBox())!;
  await page.mouse.move(curve.x + curve.width / 2, curve.y + curve.height / 3);
  await expect(loss).toHaveAccessibleName(/epoch \d+: train \d/);
  await page.mouse.move(0, 0);
  await expect(loss).not.toHaveAccessibleName(/epoch/);
  // Without a GPU the app must not pick the slow software WebGPU adapter, and must say why.
  const backend = backendShown(page);
  await expect(backend.name).toHaveText(/^(wasm|cpu|webgpu)$/);
  await expect(backend.reason).not.toBeEmpty();
  // The run records what it ran on.
  const record = page.getByTestId('run-record');
  await expect(record).toContainText(`Backend${await backend.name.textContent()}`);
  await expect(page.getByTestId('run-seed')).toHaveText('42');
  await expect(page.getByTestId('run-tfjs-version')).toHaveText(/^4\.22\.\d+$/);
  await expect(page.getByTestId('run-app-version')).toHaveText(
    JSON.parse(readFileSync('package.json', 'utf8')).version,
  );
});

test('with the same seed, training twice gives the same curves', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('tab-train').click();
  await page.getByLabel('Epochs', { exact: true }).fill('5');
  // Before any run the charts the run will fill are there, empty: nothing jumps when training starts.
  for (const metric of ['loss', 'acc', 'lr']) await expect(page.getByTestId(`chart-${metric}`)).toBeVisible();
  await expect(page.getByTestId('latest-val_acc')).toHaveText('—');
  await expect(page.getByTestId('chart-loss').getByRole('img')).toHaveAttribute('data-plotted', '0');
  await trainToCompletion(page);
  const first = await latestMetrics(page);
  await expect(page.getByTestId('chart-loss').getByRole('img')).toHaveAttribute('data-plotted', '5');
  await trainToCompletion(page);
  expect(await latestMetrics(page)).toEqual(first);
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
  await expect(page.getByTestId('export-model')).toBeEnabled();
});

test('Pause holds a run where it is, Resume carries it to the end, and Stop ends a paused run', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('tab-train').click();
  await page.getByLabel('Epochs', { exact: true }).fill('300');
  await page.getByTestId('train-button').click();
  const progress = page.getByTestId('run-progress');
  await expect(progress).toBeVisible();
  await page.getByTestId('pause-button').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused', { timeout: 10_000 });
  await expect(page.getByTestId('run-status')).toContainText('Paused');
  const where = await progress.textContent();
  expect(where).toMatch(/^epoch \d+\/300 · batch \d+\/7/);
  // A second and a half later nothing has moved: the worker waits between batches.
  await page.waitForTimeout(1_500);
  await expect(progress).toHaveText(where!);
  // Settings stay locked while paused: the run is still under way.
  await expect(page.getByLabel('Epochs', { exact: true })).toBeDisabled();

  await page.getByTestId('resume-button').click();
  await expect(progress).not.toHaveText(where!, { timeout: 10_000 });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });
  await expect(page.getByTestId('run-summary')).toHaveText('300 epochs trained');

  // Stop while paused ends the run at once, keeping the weights.
  await page.getByLabel('Epochs', { exact: true }).fill('5000');
  await page.getByTestId('train-button').click();
  await expect(progress).toBeVisible();
  await page.getByTestId('pause-button').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused', { timeout: 10_000 });
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'stopped', { timeout: 10_000 });
  await expect(page.getByTestId('export-model')).toBeEnabled();
});
