import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { downloadsOf, openSample, openStudio, setTrainingSetting, trainToCompletion } from './studio';

/** A CSV sample's rows, its header unquoted, with `column` moved up by three of its standard deviations. */
async function sampleShifted(file: string, column: string): Promise<string> {
  const text = await readFile(new URL(`../public/samples/${file}`, import.meta.url), 'utf8');
  const [header, ...rows] = text
    .trim()
    .split('\n')
    .map((line) => line.replaceAll('"', '').split(','));
  const at = header!.indexOf(column);
  const values = rows.map((row) => Number(row[at]));
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length);
  const shifted = rows.map((row) => row.map((cell, i) => (i === at ? String(Number(cell) + 3 * sd) : cell)));
  return [header!, ...shifted].map((row) => row.join(',')).join('\n');
}

function csv(name: string, text: string) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text) };
}

/** The TF.js zip the export dialog downloads for the current model. */
async function exportedModel(page: Page): Promise<Uint8Array> {
  await page.getByTestId('tab-train').click();
  await page.getByTestId('export-model').click();
  const dialog = page.getByTestId('export-dialog');
  const downloading = page.waitForEvent('download');
  await dialog.getByTestId('export-download').click();
  const download = await downloading;
  await dialog.getByRole('button', { name: 'Close' }).click();
  return new Uint8Array(await readFile((await download.path())!));
}

async function importModel(page: Page, name: string, zip: Uint8Array): Promise<void> {
  await page.getByLabel('Import model…').setInputFiles({ name, mimeType: 'application/zip', buffer: Buffer.from(zip) });
  await expect(page.getByTestId('notice')).toContainText(`Imported ${name}`);
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

  const shifted = await sampleShifted('iris.csv', 'petal_length');
  await batch.setInputFiles(csv('shifted.csv', shifted));
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

  // The model exported as TF.js and imported back is monitored against the reference its metadata.json
  // carries; the batch as a European spreadsheet saves it (a BOM, semicolons, decimal commas) reads alike.
  const zip = await exportedModel(page);
  await importModel(page, 'iris-tfjs.zip', zip);
  await page.getByTestId('tab-monitor').click();
  const excel = '\uFEFF' + shifted.replaceAll(',', ';').replaceAll('.', ',').replaceAll('\n', '\r\n');
  await batch.setInputFiles(csv('excel.csv', excel));
  await expect(page.getByRole('region', { name: 'Drift report for excel.csv' })).toBeVisible();
  await expect(page.getByTestId('monitor-summary')).toContainText('Drifted: petal_length.');

  // Without its reference (a model exported before monitoring existed), the import cannot be monitored, and says why.
  const unzipped = unzipSync(zip);
  const metadata = JSON.parse(strFromU8(unzipped['metadata.json']!)) as Record<string, unknown>;
  delete metadata.reference;
  await importModel(page, 'iris-old.zip', zipSync({ ...unzipped, 'metadata.json': strToU8(JSON.stringify(metadata)) }));
  await page.getByTestId('tab-monitor').click();
  await batch.setInputFiles(csv('june.csv', shifted));
  await expect(page.getByTestId('notice')).toContainText("This model's metadata.json has no reference profile");
});

test('Monitor: a regression names its shifted column with R² beside the test split’s; a text model, its longer texts', async ({
  page,
}) => {
  await openStudio(page);
  await openSample(page, 'us-macro', 'US macroeconomics');
  await setTrainingSetting(page, 'Epochs', '2');
  await trainToCompletion(page);
  await page.getByTestId('tab-monitor').click();
  const batch = page.getByLabel('Choose a batch');
  await batch.setInputFiles(csv('macro.csv', await sampleShifted('us-macro.csv', 'cpi')));
  await expect(page.getByTestId('monitor-summary')).toContainText('Drifted: cpi.');
  await expect(page.getByTestId('monitor-column').and(page.locator('[data-level="drifted"]'))).toHaveCount(1);
  await expect(page.getByTestId('monitor-metric')).toHaveText(
    /^R² on this batch \(203 rows with the target\): -?[\d.]+; on the test split: -?[\d.]+\.$/,
  );

  // Words three times their length: the text column's length in characters has drifted.
  await openSample(page, 'language-words', 'Language of a word');
  await setTrainingSetting(page, 'Epochs', '1');
  await trainToCompletion(page);
  await page.getByTestId('tab-monitor').click();
  const words = (await readFile(new URL('../public/samples/language-words.csv', import.meta.url), 'utf8'))
    .split('\n')
    .slice(1, 201)
    .map((line) => line.split(',')[0]!.repeat(3));
  await batch.setInputFiles(csv('long-words.csv', ['word', ...words].join('\n')));
  await expect(page.getByTestId('monitor-summary')).toContainText('Drifted: word.');
  await expect(page.locator('[data-column="word"]').getByTestId('monitor-sentence')).toHaveText(
    /^word \(length in tokens\) has drifted: PSI [\d.]+ > 0\.25\.$/,
  );
});
