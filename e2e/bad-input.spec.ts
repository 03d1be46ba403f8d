import { expect, test, type Page } from '@playwright/test';
import { openStudio, studioReady } from './studio';

const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const BAD_FILES = [
  { what: 'an empty file', name: 'empty.csv', content: Buffer.alloc(0), message: /empty/i },
  {
    what: 'a file with one column',
    name: 'one-column.csv',
    content: Buffer.from('height\n1\n2\n3\n'),
    message: /at least two columns/i,
  },
  { what: 'a binary file renamed .csv', name: 'picture.csv', content: PNG_BYTES, message: /does not look like a CSV/i },
  {
    what: 'a CSV whose target has one class',
    name: 'one-class.csv',
    content: Buffer.from('x,y,label\n1,2,a\n3,4,a\n5,6,a\n'),
    message: /only one class/i,
  },
  {
    what: 'ragged rows',
    name: 'ragged.csv',
    content: Buffer.from('a,b,c\n1,2,3\n4,5\n6,7,8\n'),
    message: /Every row needs 3 fields, like the header, but row 3 has 2/,
  },
  {
    what: 'a header without rows',
    name: 'header-only.csv',
    content: Buffer.from('a,b,c\n'),
    message: /header row but no data rows/,
  },
  {
    what: 'a file that is not UTF-8',
    name: 'latin1.csv',
    content: Buffer.from('name,label\ncaf\xe9,a\nthé,b\n', 'latin1'),
    message: /not UTF-8 text/,
  },
  {
    what: 'a target with 10,000 distinct values',
    name: 'ids.csv',
    content: Buffer.from(`x,id\n${Array.from({ length: 10_000 }, (_, i) => `${i % 7},id-${i}`).join('\n')}\n`),
    message: /"id" has 10000 distinct values: too many classes/,
  },
];

async function graphSnapshot(page: Page) {
  return page
    .locator('[data-layer-type]')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')).sort());
}

for (const bad of BAD_FILES) {
  test(`${bad.what} gets a clear message and the current dataset and project stay`, async ({ page }) => {
    await openStudio(page);
    const nodesBefore = await graphSnapshot(page);
    await page.getByTestId('tab-data').click();
    await expect(page.getByTestId('dataset-name')).toHaveText('Iris flowers');

    await page.getByTestId('file-input').setInputFiles({ name: bad.name, mimeType: 'text/csv', buffer: bad.content });

    await expect(page.getByRole('alert')).toContainText(bad.message);
    await expect(page.getByRole('alert')).toContainText(bad.name);
    await expect(page.getByTestId('dataset-name')).toHaveText('Iris flowers');
    await expect(page.getByTestId('row-count')).toHaveText('150 rows');

    // The project survives a reload too: nothing half-imported was saved over it.
    await page.reload();
    await studioReady(page);
    await page.getByTestId('tab-design').click();
    expect(await graphSnapshot(page)).toEqual(nodesBefore);
    await expect(page.getByTitle('Current dataset')).toHaveText('Iris flowers');
  });
}

test('a column with no values is left out with the reason, and the rest trains', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('tab-data').click();
  const rows = Array.from({ length: 60 }, (_, i) => `${i % 10},,${i % 3 ? 'a' : 'b'}`);
  await page.getByTestId('file-input').setInputFiles({
    name: 'empty-column.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`x,nothing,label\n${rows.join('\n')}\n`),
  });
  await expect(page.getByTestId('dataset-name')).toHaveText('empty-column.csv');
  await expect(page.getByTestId('column-use-nothing')).toHaveValue('ignore');
  await expect(page.getByTestId('column-ignored-nothing')).toHaveText('no values');
  await page.getByTestId('tab-train').click();
  await page.getByLabel('Epochs', { exact: true }).fill('2');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 60_000 });
});
