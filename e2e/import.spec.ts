import { expect, test, type Page } from '@playwright/test';
import { writeSyntheticCsv } from '../bench/syntheticCsv.mjs';
import { openSample, openStudio, studioReady } from './studio';

/**
 * Records, from before the import starts, whether the progress bar ever showed and the highest
 * percent it reached: a 5 MB import can be over before a polling assertion looks.
 */
async function watchProgressBar(page: Page): Promise<() => Promise<{ seen: boolean; maxPercent: number }>> {
  await page.evaluate(() => {
    const seen = { seen: false, maxPercent: 0 };
    Object.assign(window, { progressSeen: seen });
    new MutationObserver(() => {
      const bar = document.querySelector<HTMLProgressElement>('[data-testid="import-progress-bar"]');
      if (!bar) return;
      seen.seen = true;
      seen.maxPercent = Math.max(seen.maxPercent, bar.value);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  return () =>
    page.evaluate(() => (window as unknown as { progressSeen: { seen: boolean; maxPercent: number } }).progressSeen);
}

/** Chunks in IndexedDB that no stored data set points to: what a cancelled import leaves behind. */
function orphanChunkCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const db = await request(indexedDB.open('tensorloom'));
    try {
      const tx = db.transaction(['datasetLayouts', 'datasetChunks']);
      const layouts = await request(tx.objectStore('datasetLayouts').getAll() as IDBRequest<{ chunkSetId: string }[]>);
      const keys = (await request(tx.objectStore('datasetChunks').getAllKeys())) as [string, number][];
      const referenced = new Set(layouts.map((layout) => layout.chunkSetId));
      return keys.filter(([chunkSetId]) => !referenced.has(chunkSetId)).length;
    } finally {
      db.close();
    }
  });
}

test('a 5 MB CSV imports through the file input with a progress bar, then shows', async ({ page }, testInfo) => {
  const path = testInfo.outputPath('medium.csv');
  const bytes = await writeSyntheticCsv(path, { rows: 36_000 });
  expect(bytes).toBeGreaterThan(5e6);
  await openStudio(page);
  await page.getByTestId('tab-data').click();
  const progress = await watchProgressBar(page);

  await page.getByTestId('file-input').setInputFiles(path);

  await expect(page.getByTestId('dataset-name')).toHaveText('medium.csv', { timeout: 60_000 });
  await expect(page.getByTestId('row-count')).toHaveText('36,000 rows');
  await expect(page.getByTestId('column-type-x1')).toHaveText('numeric');
  await expect(page.getByTestId('column-type-c4')).toHaveText('categorical');
  await expect(page.getByTestId('import-progress')).toHaveCount(0);
  expect(await progress()).toMatchObject({ seen: true });
  expect((await progress()).maxPercent).toBeGreaterThan(0);
});

test('Cancel stops a large import at once; the dataset and project stay, and its chunks are swept', async ({
  page,
}, testInfo) => {
  const path = testInfo.outputPath('large.csv');
  await writeSyntheticCsv(path, { rows: 700_000 }); // about 100 MB: 11 chunks
  await openStudio(page);
  await page.getByTestId('tab-data').click();
  await expect(page.getByTestId('dataset-name')).toHaveText('Iris flowers');

  await page.getByTestId('file-input').setInputFiles(path);
  // A fifth into pass 2 (60% overall) a chunk or two are written: cancelling leaves them for the sweep.
  await expect(page.getByTestId('import-progress')).toBeVisible();
  await expect
    .poll(async () => Number.parseInt((await page.getByTestId('import-percent').textContent()) ?? '0'), {
      timeout: 60_000,
      intervals: [50],
    })
    .toBeGreaterThanOrEqual(60);
  await expect(page.getByTestId('import-progress')).toContainText('pass 2 of 2');
  await page.getByTestId('cancel-import').click();

  await expect(page.getByTestId('notice')).toHaveText(/Import of large\.csv cancelled\./);
  await expect(page.getByTestId('import-progress')).toHaveCount(0);
  await expect(page.getByTestId('dataset-name')).toHaveText('Iris flowers');
  await expect(page.getByTestId('row-count')).toHaveText('150 rows');
  expect(await orphanChunkCount(page)).toBeGreaterThan(0);

  // Nothing half-imported was saved over the project.
  await page.reload();
  await studioReady(page);
  await expect(page.getByTitle('Current dataset')).toHaveText('Iris flowers');

  // The next import starts a data worker, which sweeps the cancelled import's chunks first.
  await openSample(page, 'us-macro', 'US macroeconomics');
  expect(await orphanChunkCount(page)).toBe(0);
});

test('a European spreadsheet export (UTF-16, semicolons, decimal commas, old-Mac line ends) imports as numbers, and says how it was read', async ({
  page,
}) => {
  const rows = [
    'Stadt;Preis;Fläche',
    ...Array.from({ length: 12 }, (_, i) => `${['Köln', 'Wien', 'Graz'][i % 3]};${i},5;1.${200 + i},75`),
    'Bern;NaN;-',
  ];
  const text = rows.join('\r');
  const units = Array.from(text, (char) => char.charCodeAt(0));
  const buffer = Buffer.from([0xff, 0xfe, ...units.flatMap((unit) => [unit & 0xff, unit >> 8])]);
  await openStudio(page);
  await page.getByTestId('tab-data').click();

  await page.getByTestId('file-input').setInputFiles({ name: 'preise.csv', mimeType: 'text/csv', buffer });

  await expect(page.getByTestId('dataset-name')).toHaveText('preise.csv');
  await expect(page.getByTestId('row-count')).toHaveText('13 rows');
  await expect(page.getByTestId('column-type-Preis')).toHaveText('numeric');
  await expect(page.getByTestId('column-type-Fläche')).toHaveText('numeric');
  await expect(page.getByTestId('column-type-Stadt')).toHaveText('categorical');
  await expect(page.getByTestId('reading-note')).toHaveText('Numbers with a decimal comma (1,5) were read as 1.5.');
});

test('a CSV with no header row is read as data, said so, and "first row is a header" reads it again with names', async ({
  page,
}) => {
  const rows = Array.from({ length: 30 }, (_, i) => `${(1 + i * 0.37).toFixed(2)},${10 + (i % 7)},${i % 2}`);
  await openStudio(page);
  await page.getByTestId('tab-data').click();

  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'readings.csv', mimeType: 'text/csv', buffer: Buffer.from(`${rows.join('\n')}\n`) });

  await expect(page.getByTestId('dataset-name')).toHaveText('readings.csv');
  await expect(page.getByTestId('row-count')).toHaveText('30 rows');
  await expect(page.getByTestId('column-type-column_1')).toHaveText('numeric');
  await expect(page.getByTestId('reading-note')).toHaveText(
    /^The first row holds numbers, not column names: it was read as data/,
  );
  const header = page.getByRole('checkbox', { name: 'First row is a header (column names)' });
  await expect(header).not.toBeChecked();

  await header.click();

  await expect(page.getByTestId('row-count')).toHaveText('29 rows');
  await expect(page.getByTestId('column-type-1.00')).toHaveText('numeric');
  await expect(page.getByRole('checkbox', { name: 'First row is a header (column names)' })).toBeChecked();
  await expect(page.getByTestId('reading-note')).toHaveCount(0);
});
