import { writeFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { openStudio } from './studio';

const COLUMNS = 5_000;

test('a 5,000-column CSV opens with only the rows in view in the column table; a far column’s use and the target change', async ({
  page,
}, testInfo) => {
  const path = testInfo.outputPath('wide.csv');
  const names = Array.from({ length: COLUMNS }, (_, c) => `column_${c}`);
  const rows = Array.from({ length: 12 }, (_, r) => names.map((_, c) => String((r * 7 + c) % 50)));
  await writeFile(path, [names, ...rows].map((cells) => cells.join(',')).join('\n'));
  await openStudio(page);
  await page.getByTestId('tab-data').click();
  await page.getByTestId('file-input').setInputFiles(path);
  await expect(page.getByTestId('dataset-name')).toHaveText('wide.csv', { timeout: 60_000 });

  const table = page.getByTestId('columns-table');
  await expect(page.getByTestId('column-type-column_0')).toHaveText('numeric');
  await expect(table).toHaveAttribute('aria-rowcount', String(COLUMNS + 1));
  await expect(page.getByTestId('column-row-column_4999')).toHaveCount(0);
  expect(await table.getByRole('row').count()).toBeLessThan(100);

  // To the end, as dragging the table's scroll bar down does.
  const scrollTable = (top: 'start' | 'end') =>
    table.evaluate((element, to) => element.parentElement!.scrollTo({ top: to === 'end' ? 1e9 : 0 }), top);
  await scrollTable('end');
  await expect(page.getByTestId('column-row-column_4999')).toBeVisible();
  await expect(page.getByTestId('column-row-column_4999')).toHaveAttribute('aria-rowindex', String(COLUMNS + 1));
  expect(await table.getByRole('row').count()).toBeLessThan(100);
  const farUse = page.getByLabel('Use of column_4998');
  await farUse.selectOption('ignore');
  await expect(farUse).toHaveValue('ignore');
  await expect(page.getByTestId('task')).toContainText('4998 input features');

  // The focused control stays while its row is scrolled away, and the choice outlives its row's DOM.
  await farUse.focus();
  await scrollTable('start');
  await expect(page.getByTestId('column-row-column_0')).toBeVisible();
  await expect(farUse).toBeFocused();
  await page.getByLabel('Use of column_0').focus();
  await expect(page.getByTestId('column-row-column_4998')).toHaveCount(0);
  await scrollTable('end');
  await expect(page.getByLabel('Use of column_4998')).toHaveValue('ignore');

  // 5,000 names are typed, not scrolled through in a dropdown; a name that is no column is said so.
  const target = page.getByLabel('Target column (what to predict)');
  await target.fill('column_x');
  await target.press('Enter');
  await expect(page.getByText('The data set has no column "column_x".')).toBeVisible();
  await target.fill('column_4997');
  await target.press('Enter');
  await expect(page.getByTestId('column-row-column_4997')).toContainText('target');
  await expect(page.getByTestId('column-row-column_4999')).not.toContainText('target');

  // The preview renders only the columns in view, and scrolls to the last one.
  const preview = page.getByTestId('preview-table');
  const firstRow = preview.locator('[data-row="1"]');
  await expect(firstRow.getByRole('cell').nth(1)).toHaveText(rows[0]![0]!);
  expect(await firstRow.getByRole('cell').count()).toBeLessThan(100);
  await preview.evaluate((element) => element.scrollTo({ left: element.scrollWidth }));
  await expect(preview.getByRole('columnheader', { name: 'column_4999' })).toBeVisible();
  await expect(firstRow.getByRole('cell').last()).toHaveText(rows[0]![COLUMNS - 1]!);
  expect(await firstRow.getByRole('cell').count()).toBeLessThan(100);
});

test('huge numbers, long names and values and a 5 MB cell neither widen the Data view nor freeze it', async ({
  page,
}, testInfo) => {
  const path = testInfo.outputPath('long-cells.csv');
  const digits = '7'.repeat(400);
  const longName = 'measurement_'.repeat(25);
  const hugeCell = 'x'.repeat(5_000_000);
  const cells = (r: number) => [
    r,
    r === 2 ? '1e308' : r === 5 ? digits : r * 1.5,
    r === 3 ? hugeCell : r % 3 === 0 ? 'a'.repeat(300) : 'short',
    r === 7 ? '9'.repeat(400) : r % 2,
  ];
  const lines = [`id,big,${longName},class`, ...Array.from({ length: 12 }, (_, r) => cells(r).join(','))];
  await writeFile(path, lines.join('\n'));
  await openStudio(page);
  await page.getByTestId('tab-data').click();
  await page.getByTestId('file-input').setInputFiles(path);
  await expect(page.getByTestId('dataset-name')).toHaveText('long-cells.csv', { timeout: 60_000 });
  await expect(page.getByTestId(`column-type-${longName}`)).toHaveText('categorical');

  // Nothing pushes the view sideways: not the long name, the 400-digit number's note, nor the 400-digit class.
  const view = page.getByRole('main');
  expect(await view.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
  const table = page.getByTestId('columns-table');
  expect((await table.getByRole('columnheader', { name: 'Column', exact: true }).boundingBox())!.width).toBeLessThan(
    300,
  );
  const bigUse = page.getByTestId('column-row-big').getByRole('cell').nth(5);
  await expect(bigUse).toContainText('Mostly numbers');
  expect(await bigUse.evaluate((cell) => cell.scrollWidth - cell.clientWidth)).toBeLessThanOrEqual(0);
  // Long values are cut in the DOM: the summary lists them shortened, the 5 MB one too.
  const summary = page.getByTestId(`column-row-${longName}`).getByRole('cell').nth(4);
  expect((await summary.getAttribute('title'))!.length).toBeLessThan(1_000);

  // The preview holds at most 100 characters of a cell, and its title at most 1,000.
  const preview = page.getByTestId('preview-table');
  const hugeShown = preview.locator('[data-row="4"]').getByRole('cell').nth(3);
  expect((await hugeShown.textContent())!.length).toBeLessThanOrEqual(100);
  expect((await hugeShown.getAttribute('title'))!.length).toBeLessThanOrEqual(1_000);
  await expect(preview.locator('[data-row="6"]').getByRole('cell').nth(2)).toHaveAttribute('title', digits);
});
