import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { writeSyntheticCsv } from '../bench/syntheticCsv.mjs';
import { asStoredCells } from '../src/test/storedCells';
import { openStudio } from './studio';

const ROWS = 200_000;

test('the preview scrolls through 200,000 rows to the last one, as in the file, with a bounded DOM', async ({
  page,
}, testInfo) => {
  const path = testInfo.outputPath('rows.csv');
  await writeSyntheticCsv(path, { rows: ROWS });
  const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
  /** Row `n` as the preview shows it: its number, then its cells. */
  const rowTexts = (n: number) => [n.toLocaleString('en-US'), ...asStoredCells(lines[n]!.split(','))];

  await openStudio(page);
  await page.getByTestId('tab-data').click();
  await page.getByTestId('file-input').setInputFiles(path);
  await expect(page.getByTestId('dataset-name')).toHaveText('rows.csv', { timeout: 90_000 });
  await expect(page.getByTestId('row-count')).toHaveText('200,000 rows');

  const table = page.getByTestId('preview-table');
  const row = (n: number) => table.locator(`[data-row="${n}"]`);
  await expect(row(2).getByRole('cell')).toHaveText(rowTexts(2));

  // To the very end, as dragging the scroll bar down does.
  await table.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  await expect(row(ROWS)).toHaveAttribute('aria-busy', 'false');
  await expect(row(ROWS).getByRole('cell')).toHaveText(rowTexts(ROWS));
  const tableBox = (await table.boundingBox())!;
  const lastBox = (await row(ROWS).boundingBox())!;
  // The last row sits at the bottom of the view, not below it.
  expect(lastBox.y + lastBox.height).toBeLessThanOrEqual(tableBox.y + tableBox.height + 1);
  expect(lastBox.y + lastBox.height).toBeGreaterThan(tableBox.y + tableBox.height - 24 - 16);
  expect(await table.getByRole('row').count()).toBeLessThan(60);

  // Back up a little with the wheel: the rows above are read and shown.
  await table.hover();
  await page.mouse.wheel(0, -2400);
  await expect(row(ROWS - 100).getByRole('cell')).toHaveText(rowTexts(ROWS - 100));

  await page.getByTestId('preview-go-to').fill('123457');
  await page.getByTestId('preview-go').click();
  await expect(row(123_457).getByRole('cell')).toHaveText(rowTexts(123_457));
  // Just under the sticky header (the page may have scrolled to the button: measure again).
  const [wantedBox, movedTableBox] = [(await row(123_457).boundingBox())!, (await table.boundingBox())!];
  expect(Math.abs(wantedBox.y - (movedTableBox.y + 1 + 24))).toBeLessThan(3);
  await expect(row(123_457)).toHaveClass(/wanted/);
  expect(await table.getByRole('row').count()).toBeLessThan(60);
});
