import { expect, test } from '@playwright/test';
import { openStudio, setTrainingSetting, studioReady } from './studio';

test('the sweep settings are kept in the project: after a reload the form shows the resumed sweep’s own, read-only', async ({
  page,
}) => {
  await openStudio(page);
  await setTrainingSetting(page, 'Epochs', '6');
  await page.getByTestId('tab-sweep').click();
  await page.getByLabel('Objective').selectOption('val_acc');
  await page.getByLabel('Trials', { exact: true }).fill('12');
  await page.getByLabel('In parallel (workers)', { exact: true }).fill('2');
  await page.getByLabel('Seed', { exact: true }).fill('7');
  await page.getByRole('button', { name: 'Start sweep' }).click();
  await expect(page.getByTestId('sweep-trial').first()).toBeVisible({ timeout: 60_000 });

  await page.reload();
  await studioReady(page);
  await page.getByTestId('tab-sweep').click();
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  await expect(page.getByText('The sweep in progress runs with these settings; stop it to change them.')).toBeVisible();
  await expect(page.getByLabel('Objective')).toHaveValue('val_acc');
  await expect(page.getByLabel('Trials', { exact: true })).toHaveValue('12');
  await expect(page.getByLabel('In parallel (workers)', { exact: true })).toHaveValue('2');
  await expect(page.getByLabel('Seed', { exact: true })).toHaveValue('7');
  await expect(page.getByLabel('Trials', { exact: true })).toBeDisabled();

  // Stopped, the form is the project's again: the same settings, to change for the next sweep.
  await page.getByRole('button', { name: 'Stop sweep' }).click();
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });
  await expect(page.getByLabel('Trials', { exact: true })).toBeEnabled();
  await expect(page.getByLabel('Trials', { exact: true })).toHaveValue('12');
  await expect(page.getByLabel('Objective')).toHaveValue('val_acc');

  // An emptied field keeps the last number, and says so; nothing else is lost.
  await page.getByLabel('Trials', { exact: true }).fill('');
  await expect(page.getByText('Trials: enter a number; 12 is kept.')).toBeVisible();
  await page.reload();
  await studioReady(page);
  await page.getByTestId('tab-sweep').click();
  await expect(page.getByLabel('Trials', { exact: true })).toHaveValue('12');
});

test('the space table names settings as the Train view and the Inspector do, and whole numbers show whole', async ({
  page,
}) => {
  await openStudio(page);
  await setTrainingSetting(page, 'Epochs', '2');
  await page.getByTestId('tab-sweep').click();
  const space = page.getByTestId('sweep-space');
  await expect(page.getByRole('checkbox', { name: 'Search Learning rate' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Search dense_1 · Units' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Search dense_1 · Use bias' })).not.toBeChecked();
  await expect(space).not.toContainText('training:');
  await expect(space).not.toContainText('useBias');
  await expect(page.getByLabel('Lowest dense_1 · Units')).toHaveValue(/^\d+$/);
  await expect(page.getByTestId('sweep-range-training.batchSize')).toHaveText('16 · 32 · 64 · 128');

  await page.getByLabel('Trials', { exact: true }).fill('4');
  await page.getByLabel('In parallel (workers)', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Start sweep' }).click();
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-status', 'stopped', { timeout: 110_000 });

  // The table's columns by their names, and integers without decimals.
  const table = page.getByTestId('sweep-trials');
  const headers = await table.getByRole('columnheader').allTextContents();
  expect(headers).toEqual(expect.arrayContaining(['Learning rate', 'Batch size', 'dense_1 · Units']));
  for (const name of ['Batch size', 'dense_1 · Units']) {
    const rows = await table
      .getByRole('row')
      .filter({ has: page.getByRole('cell') })
      .all();
    const cells = await Promise.all(rows.map((row) => row.getByRole('cell').nth(headers.indexOf(name)).textContent()));
    expect(cells.length).toBe(4);
    for (const cell of cells) expect(cell).toMatch(/^\d+$/);
  }

  // Batch sizes read in numeric order along the slice plot's axis.
  const tickLabels = page
    .getByRole('figure', { name: /by Batch size$/ })
    .getByTestId('plot-x-ticks')
    .getByText(/^\d+$/);
  await expect(tickLabels.first()).toBeVisible();
  const ticks = (await tickLabels.allTextContents()).map(Number);
  expect(ticks).toEqual([...ticks].sort((a, b) => a - b));

  // Apply best names the values rounded; the project gets them exactly.
  await page.getByRole('button', { name: 'Apply best' }).click();
  await expect(page.getByTestId('notice')).toContainText(
    /Learning rate \d[\d.e-]*, Batch size \d+, dense_1 · Units \d+/,
  );
});

test('a grid sweep says how many combinations its grid holds and how many the budget tries', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('tab-sweep').click();
  await expect(page.getByTestId('sweep-sampler-note')).toHaveCount(0);
  await page.getByLabel('Sampler').selectOption('grid');
  const grid = page.getByTestId('sweep-sampler-note');
  const combinations = async () => Number(/holds (\d+) combination/.exec((await grid.textContent())!)![1]);
  const all = await combinations();
  expect(all).toBeGreaterThan(1);
  await page.getByLabel('Trials', { exact: true }).fill(String(all + 5));
  await expect(grid).toContainText('the sweep ends once every one is tried');
  await page.getByLabel('Trials', { exact: true }).fill('2');
  await expect(grid).toContainText('2 trials try 2 of them');
  // One parameter fewer: a smaller grid.
  await page.getByTestId('sweep-param-training.learningRate').uncheck();
  await expect.poll(combinations).toBeLessThan(all);
});
