import { expect, test, type Page } from '@playwright/test';
import { writeSyntheticCsv } from '../bench/syntheticCsv.mjs';
import { openSample, openStudio, studioReady } from './studio';

function libraryItem(page: Page, name: string) {
  return page.getByTestId('library-item').filter({ hasText: name });
}

async function deleteFromLibrary(page: Page, name: string) {
  await libraryItem(page, name).getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText(`Delete ${name}?`);
  await dialog.getByTestId('confirm-yes').click();
  await expect(dialog).not.toBeVisible();
}

test('the library lists stored data sets; open one, delete one, delete the one in use', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('palette-Dropout').click();
  await expect(page.getByTestId('node-dropout_1')).toBeVisible();

  await openSample(page, 'iris', 'Iris flowers');
  await openSample(page, 'us-macro', 'US macroeconomics');
  await expect(page.getByTestId('library-item')).toHaveCount(2);
  await expect(libraryItem(page, 'US macroeconomics')).toContainText('203 rows');
  await expect(libraryItem(page, 'US macroeconomics')).toContainText('in use');
  await expect(libraryItem(page, 'Iris flowers')).toContainText('table · 150 rows');
  await expect(page.getByTestId('storage-usage')).toContainText(/ of .* used/);

  // Open the other one: the Data view switches, with the target loading it would choose.
  await libraryItem(page, 'Iris flowers').getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('dataset-name')).toHaveText('Iris flowers');
  await expect(page.getByTestId('target-select')).toHaveValue('species');
  await expect(libraryItem(page, 'Iris flowers')).toContainText('in use');

  // Cancel keeps it; confirming deletes it, for good.
  await libraryItem(page, 'US macroeconomics').getByRole('button', { name: 'Delete' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('library-item')).toHaveCount(2);
  await deleteFromLibrary(page, 'US macroeconomics');
  await expect(page.getByTestId('library-item')).toHaveCount(1);
  await expect(libraryItem(page, 'US macroeconomics')).toHaveCount(0);
  await page.waitForTimeout(1_000); // autosave is debounced
  await page.reload();
  await studioReady(page);
  await page.getByTestId('tab-data').click();
  await expect(page.getByTestId('library-item')).toHaveCount(1);
  await expect(libraryItem(page, 'Iris flowers')).toBeVisible();

  // Deleting the data set in use: a clear message, and the project's graph is still there.
  await deleteFromLibrary(page, 'Iris flowers');
  await expect(page.getByTestId('dataset-deleted')).toContainText('The data set this project used was deleted');
  await expect(page.getByTestId('library-item')).toHaveCount(0);
  await expect(page.getByTitle('Current dataset')).toHaveText('No dataset');
  await expect(page.getByTestId('train-button')).toBeDisabled();
  await page.getByTestId('tab-design').click();
  await expect(page.getByTestId('node-dropout_1')).toBeVisible();
});

test('the data set a run trains on is kept until the run has ended: Delete says why, and the run completes', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openStudio(page);
  await page.getByTestId('tab-train').click();
  await page.getByLabel('Epochs', { exact: true }).fill('500');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-progress')).toBeVisible();

  // A worker restarted after a crash would read the rows again: they stay while the run goes on.
  await page.getByTestId('tab-data').click();
  await libraryItem(page, 'Iris flowers').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('notice')).toContainText(
    'Iris flowers cannot be deleted now: the training run in progress trains on it. Delete it once the run has ended.',
  );
  await expect(page.getByTestId('confirm-dialog')).not.toBeVisible();
  await expect(libraryItem(page, 'Iris flowers')).toBeVisible();

  await page.getByTestId('tab-train').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });
  await expect(page.getByTestId('run-summary')).toHaveText('500 epochs trained');
  await page.getByTestId('tab-data').click();
  await deleteFromLibrary(page, 'Iris flowers');
  await expect(page.getByTestId('library-item')).toHaveCount(0);
});

test('a data set a run trains on in another tab is kept too: Delete there says so after the question, and works once the run has stopped', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  await openStudio(page);
  await page.getByTestId('tab-train').click();
  await page.getByLabel('Epochs', { exact: true }).fill('5000');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-progress')).toBeVisible();

  const otherTab = await context.newPage();
  await openStudio(otherTab);
  await otherTab.getByTestId('tab-data').click();
  await deleteFromLibrary(otherTab, 'Iris flowers');
  await expect(otherTab.getByTestId('notice')).toContainText(
    'Iris flowers cannot be deleted now: a training run or a sweep in another tab of the studio trains on it. Delete it once that has ended.',
  );
  await expect(libraryItem(otherTab, 'Iris flowers')).toBeVisible();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');

  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'stopped', { timeout: 10_000 });
  await deleteFromLibrary(otherTab, 'Iris flowers');
  await expect(otherTab.getByTestId('notice')).toContainText('Deleted Iris flowers.');
  await expect(libraryItem(otherTab, 'Iris flowers')).toHaveCount(0);
});

test('a full disk: the import says so, the current data set stays and nothing is listed', async ({
  page,
  baseURL,
}, testInfo) => {
  const path = testInfo.outputPath('medium.csv');
  await writeSyntheticCsv(path, { rows: 36_000 }); // 5 MB of text, about 1.2 MB as stored chunks
  // Chromium lets a test shrink the origin's quota, before the origin first touches storage: Iris fits, the file does not.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL!).origin, quotaSize: 1e6 });
  await openStudio(page);
  await page.getByTestId('tab-data').click();
  await expect(page.getByTestId('library-item')).toHaveCount(1);

  await page.getByTestId('file-input').setInputFiles(path);
  await expect(page.getByTestId('notice')).toContainText(
    "Could not import medium.csv: The browser's storage for this site is full. Delete data sets you no longer need",
    { timeout: 60_000 },
  );
  await expect(page.getByTestId('dataset-name')).toHaveText('Iris flowers');
  await expect(page.getByTestId('library-item')).toHaveCount(1);
  await expect(page.getByTestId('storage-usage')).toContainText(/ of .* used/);
});
