import { expect, test } from '@playwright/test';
import { openSample, openStudio, studioReady } from './studio';

test('reloading brings back the graph, the dataset choice and the settings', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('palette-Dropout').click();
  await expect(page.getByTestId('node-dropout_1')).toBeVisible();

  await openSample(page, 'us-macro', 'US macroeconomics');
  await page.getByTestId('target-select').selectOption('infl');
  await expect(page.getByTestId('task')).toContainText('regression');

  await page.getByTestId('tab-train').click();
  await page.getByLabel('Epochs', { exact: true }).fill('12');
  await page.getByLabel('Optimiser').selectOption('sgd');
  // Autosave is debounced; give it a moment before leaving.
  await page.waitForTimeout(1_000);

  await page.reload();
  await studioReady(page);
  await expect(page.getByTitle('Current dataset')).toHaveText('US macroeconomics');
  await page.getByTestId('tab-design').click();
  await expect(page.getByTestId('node-dropout_1')).toBeVisible();
  await page.getByTestId('tab-train').click();
  await expect(page.getByLabel('Epochs', { exact: true })).toHaveValue('12');
  await expect(page.getByLabel('Optimiser')).toHaveValue('sgd');
  await page.getByTestId('tab-data').click();
  await expect(page.getByTestId('target-select')).toHaveValue('infl');
});

test('an edit made just before a reload is kept: the autosave does not wait out its delay when the page goes', async ({
  page,
}) => {
  await openStudio(page);
  await page.getByTestId('tab-train').click();
  await page.getByLabel('Epochs', { exact: true }).fill('37');
  await page.reload();
  await studioReady(page);
  await page.getByTestId('tab-train').click();
  await expect(page.getByLabel('Epochs', { exact: true })).toHaveValue('37');
});
