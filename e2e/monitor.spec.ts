import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { downloadsOf, openStudio, setTrainingSetting, trainToCompletion } from './studio';

/** The Iris sample with `column` moved up by three of its standard deviations. */
async function irisShifted(column: string): Promise<Buffer> {
  const text = await readFile(new URL('../public/samples/iris.csv', import.meta.url), 'utf8');
  const [header, ...rows] = text
    .trim()
    .split('\n')
    .map((line) => line.split(','));
  const at = header!.indexOf(column);
  const values = rows.map((row) => Number(row[at]));
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length);
  const shifted = rows.map((row) => row.map((cell, i) => (i === at ? String(Number(cell) + 3 * sd) : cell)));
  return Buffer.from([header!, ...shifted].map((row) => row.join(',')).join('\n'));
}

test('Monitor: a batch with one column shifted by 3 sd names that column as drifted, and no other', async ({
  page,
}) => {
  await openStudio(page);
  await page.getByTestId('tab-monitor').click();
  await expect(page.getByTestId('monitor-empty')).toHaveText('Train a model first.');
  await setTrainingSetting(page, 'Epochs', '2');
  await trainToCompletion(page);
  await page.getByTestId('tab-monitor').click();

  const batch = page.getByLabel('Choose a batch');
  await batch.setInputFiles({
    name: 'no-petals.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('sepal_length,sepal_width\n5,3\n'),
  });
  await expect(page.getByTestId('notice')).toContainText(
    'The batch lacks the columns petal_length, petal_width, which the model reads.',
  );

  await batch.setInputFiles({ name: 'shifted.csv', mimeType: 'text/csv', buffer: await irisShifted('petal_length') });
  await expect(page.getByTestId('monitor-summary')).toContainText('Drifted: petal_length.');
  const columns = page.getByTestId('monitor-column');
  await expect(columns).toHaveCount(4);
  await expect(columns.and(page.locator('[data-level="drifted"]'))).toHaveCount(1);
  await expect(page.locator('[data-column="petal_length"]').getByTestId('monitor-sentence')).toHaveText(
    /^petal_length has drifted: PSI [\d.]+ > 0\.25\.$/,
  );
  await expect(
    page.getByRole('img', { name: 'petal_length: share of rows per bin, training beside batch' }),
  ).toBeVisible();
  await expect(page.getByTestId('monitor-metric')).toContainText('accuracy on this batch (150 rows with the target)');

  // The Markdown report with a figure per drift, the predictions' and each column's.
  const files = unzipSync((await downloadsOf(page, 'monitor-download', 1)).get('shifted-drift-report.zip')!);
  const report = strFromU8(files['drift-report.md']!);
  expect(report).toContain('Drifted (PSI > 0.25): petal_length.');
  const figures = Object.keys(files).filter((name) => name.endsWith('.png'));
  expect(figures).toHaveLength(5);
  for (const figure of figures) expect(report).toContain(`](${figure})`);
});
