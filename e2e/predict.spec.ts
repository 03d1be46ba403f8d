import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import Papa from 'papaparse';
import { openStudio, trainToCompletion } from './studio';

const IRIS = new URL('../public/samples/iris.csv', import.meta.url);

test.beforeEach(async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openStudio(page);
  await page.getByTestId('tab-train').click();
  await page.getByLabel('Epochs', { exact: true }).fill('15');
  await trainToCompletion(page);
});

test('a CSV row pasted into the form fills every field and is predicted, the result beside the inputs', async ({
  page,
}) => {
  const first = page.getByLabel('sepal_length', { exact: true });
  await page.evaluate((text) => navigator.clipboard.writeText(text), '6.4\t3.2\t4.5\t1.5');
  await first.focus();
  await page.keyboard.press('ControlOrMeta+V');
  await expect(page.getByLabel('sepal_width', { exact: true })).toHaveValue('3.2');
  await expect(page.getByLabel('petal_width', { exact: true })).toHaveValue('1.5');
  await expect(first).toHaveValue('6.4');
  const label = page.getByTestId('predicted-label');
  await expect(label).toHaveText(/setosa|versicolor|virginica/);

  const inputs = (await first.boundingBox())!;
  const result = (await page.getByTestId('prediction').boundingBox())!;
  expect(result.x).toBeGreaterThanOrEqual(inputs.x + inputs.width);
  expect(result.y).toBeLessThan(inputs.y + inputs.height);
});

test('pasted rows and a dropped CSV are predicted row by row, a bad row says why, and the predictions download as CSV', async ({
  page,
}) => {
  // Rows with a header in another order, one of them unreadable.
  const rows = page.getByLabel(/Paste CSV rows/);
  await rows.fill(
    'petal_width,petal_length,sepal_width,sepal_length\n0.2,1.4,3.5,5.1\n1.5,4.5,3.2,lots\n2.3,5.4,3.1,6.9',
  );
  await page.getByRole('button', { name: 'Predict these rows' }).click();
  await expect(page.getByTestId('predicted-rows-summary')).toHaveText(
    '3 rows predicted; 1 could not be read (the error column says why).',
  );
  const table = page.getByTestId('predicted-rows').getByRole('table');
  await expect(table.getByRole('columnheader')).toHaveText([
    'petal_width',
    'petal_length',
    'sepal_width',
    'sepal_length',
    'predicted species',
    'p(setosa)',
    'p(versicolor)',
    'p(virginica)',
    'error',
  ]);
  await expect(table.getByRole('row').nth(2)).toContainText('"sepal_length" must be a number');

  // The whole Iris file, header and target column included.
  await page.getByTestId('predict-rows-file').setInputFiles(IRIS.pathname);
  await expect(page.getByTestId('predicted-rows-summary')).toHaveText('150 rows predicted.');
  await expect(page.getByText('The first 20 rows; the download has all 150.')).toBeVisible();
  const downloading = page.waitForEvent('download');
  await page.getByTestId('predict-rows-download').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^iris.*-predictions\.csv$/);
  const written = Papa.parse<Record<string, string>>(await readFile((await download.path())!, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  expect(written.data).toHaveLength(150);
  const correct = written.data.filter((row) => row['predicted species'] === row.species).length;
  expect(correct / 150).toBeGreaterThan(0.6);

  // Row 51 as the single-row form predicts it.
  const row = written.data[50]!;
  for (const column of ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'])
    await page.getByLabel(column, { exact: true }).fill(row[column]!);
  await page.getByTestId('predict-button').click();
  await expect(page.getByTestId('predicted-label')).toHaveText(row['predicted species']!);
});
