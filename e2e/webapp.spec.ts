import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import { openSample, openStudio, setTrainingSetting, trainToCompletion } from './studio';

const IRIS = new URL('../public/samples/iris.csv', import.meta.url);
/** Where the test serves an unzipped web app (Playwright answers; nothing listens). */
const HOST = 'http://webapp.test';

const MIME: Readonly<Record<string, string>> = {
  html: 'text/html',
  js: 'text/javascript',
  json: 'application/json',
  bin: 'application/octet-stream',
};

/** Exports the held model as a web app from the export dialog; its files, unzipped. */
async function exportWebApp(page: Page): Promise<Record<string, Uint8Array>> {
  await page.getByTestId('export-model').click();
  const dialog = page.getByTestId('export-dialog');
  await dialog.getByTestId('export-format-webapp').check();
  const downloading = page.waitForEvent('download');
  await dialog.getByTestId('export-download').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/-webapp\.zip$/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  return unzipSync(new Uint8Array(await readFile((await download.path())!)));
}

/** Serves `files` at HOST/<folder>/ (a static host, as README.md says), alongside whatever else is served there. */
async function serve(context: BrowserContext, folder: string, files: Record<string, Uint8Array>): Promise<void> {
  await context.route(`${HOST}/${folder}/**`, (route) => {
    const name = new URL(route.request().url()).pathname.slice(folder.length + 2) || 'index.html';
    const bytes = files[name];
    if (!bytes) return route.fulfill({ status: 404 });
    return route.fulfill({ body: Buffer.from(bytes), contentType: MIME[name.split('.').pop()!] ?? 'text/plain' });
  });
}

/** Each class's probability as a prediction's meters hold it, by class: the studio's and the app's alike. */
async function probabilities(result: Locator): Promise<Record<string, number>> {
  await expect(result.getByRole('meter').first()).toBeVisible();
  const meters = await result
    .getByRole('meter')
    .evaluateAll((all) => all.map((m) => [m.getAttribute('aria-label'), (m as HTMLMeterElement).value] as const));
  return Object.fromEntries(meters);
}

function expectClose(app: Record<string, number>, studio: Record<string, number>): void {
  expect(Object.keys(app).sort()).toEqual(Object.keys(studio).sort());
  for (const [label, p] of Object.entries(studio)) expect(Math.abs(app[label]! - p), label).toBeLessThan(1e-5);
}

test('the exported web app predicts what the studio predicts: a table from disk, images served, text through the embedding API', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  // Iris, 2 epochs: the studio's predictions of the whole file, and of one typed row.
  await openStudio(page);
  await setTrainingSetting(page, 'Epochs', '2');
  await trainToCompletion(page);
  await page.getByTestId('predict-rows-file').setInputFiles(IRIS.pathname);
  await expect(page.getByTestId('predicted-rows-summary')).toHaveText('150 rows predicted.');
  const studioDownload = page.waitForEvent('download');
  await page.getByTestId('predict-rows-download').click();
  const studioCsv = await readFile((await (await studioDownload).path())!, 'utf8');
  const row = { sepal_length: '6.4', sepal_width: '3.2', petal_length: '4.5', petal_width: '1.5' };
  for (const [column, value] of Object.entries(row)) await page.getByTestId(`predict-input-${column}`).fill(value);
  await page.getByTestId('predict-button').click();
  const studioRow = await probabilities(page.getByTestId('prediction'));

  // A small model: index.html alone is the app, opened from disk with nothing beside it.
  const iris = await exportWebApp(page);
  const folder = await mkdtemp(join(tmpdir(), 'tensorloom-webapp-'));
  await writeFile(join(folder, 'index.html'), iris['index.html']!);
  const app = await context.newPage();
  await app.goto(`file://${folder}/index.html`);
  await expect(app.getByRole('status')).toHaveText('Ready.', { timeout: 30_000 });
  for (const [column, value] of Object.entries(row)) await app.getByLabel(column, { exact: true }).fill(value);
  await app.getByRole('button', { name: 'Predict', exact: true }).click();
  expectClose(await probabilities(app.getByRole('region', { name: 'Prediction' })), studioRow);
  // Opt-in: the same rows also checked for drift against the training data, in the page.
  await app.getByLabel('Also check the file for drift against the training data').check();
  await app.getByLabel(/^Predict a CSV file/).setInputFiles(IRIS.pathname);
  const drift = app.getByRole('region', { name: 'Drift report' });
  await expect(drift.getByRole('listitem')).toHaveCount(5);
  await expect(drift.getByRole('listitem').first()).toContainText('sepal_length');
  await expect(drift.getByRole('link', { name: 'Download drift report (Markdown)' })).toBeVisible();
  const appDownload = app.waitForEvent('download');
  await app.getByRole('link', { name: 'Download predictions (CSV)' }).click();
  const appCsv = await readFile((await (await appDownload).path())!, 'utf8');
  const rowsOf = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
  const [studioRows, appRows] = [rowsOf(studioCsv), rowsOf(appCsv)];
  expect(appRows).toHaveLength(150);
  appRows.forEach((appRow, i) => {
    expect(appRow['predicted species']).toBe(studioRows[i]!['predicted species']);
    for (const label of ['setosa', 'versicolor', 'virginica'])
      expect(Math.abs(Number(appRow[`p(${label})`]) - Number(studioRows[i]![`p(${label})`]))).toBeLessThan(1e-5);
  });
  await app.close();

  // Digits, the CNN for 1 epoch: one image file, served as a static host serves the unzipped folder.
  await openSample(page, 'digits', /digits/i);
  await setTrainingSetting(page, 'Epochs', '1');
  await trainToCompletion(page);
  const zero = unzipSync(await readFile('public/samples/digits.zip'))['digits/0/0000.png']!;
  const image = { name: 'zero.png', mimeType: 'image/png', buffer: Buffer.from(zero) };
  await page.getByTestId('predict-image-file').setInputFiles(image);
  const studioImage = await probabilities(page.getByTestId('prediction'));
  await serve(context, 'digits', await exportWebApp(page));
  const digits = await context.newPage();
  await digits.goto(`${HOST}/digits/`);
  await expect(digits.getByRole('status')).toHaveText('Ready.', { timeout: 30_000 });
  await digits.getByLabel(/^An image/).setInputFiles(image);
  expectClose(await probabilities(digits.getByRole('region', { name: 'Prediction' })), studioImage);
  await digits.close();

  // Language of a word, the text template for 1 epoch: the predictor embedded in another page, reading the files over HTTP.
  await openSample(page, 'language-words', 'Language of a word');
  await setTrainingSetting(page, 'Epochs', '1');
  await trainToCompletion(page);
  await page.getByTestId('predict-input-word').fill('schmetterling');
  await page.getByTestId('predict-button').click();
  const studioText = await probabilities(page.getByTestId('prediction'));
  const words = await exportWebApp(page);
  expect(strFromU8(words['README.md']!)).toContain("Tensorloom.load('path/to/this/folder/')");
  await serve(context, 'words', words);
  await context.route(`${HOST}/embed.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><title>Embedded</title><script src="words/webapp-runtime.js"></script>',
    }),
  );
  const embed = await context.newPage();
  await embed.goto(`${HOST}/embed.html`);
  const embedded = await embed.evaluate(async () => {
    const predictor = await (
      window as unknown as {
        Tensorloom: {
          load(
            base: string,
          ): Promise<{ predict(text: string): Promise<{ probabilities: { label: string; p: number }[] }> }>;
        };
      }
    ).Tensorloom.load('words/');
    const { probabilities } = await predictor.predict('schmetterling');
    return Object.fromEntries(probabilities.map(({ label, p }) => [`probability of ${label}`, p]));
  });
  expectClose(embedded, studioText);
});
