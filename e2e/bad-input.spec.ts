import { expect, test, type Page } from '@playwright/test';
import { openStudio } from './studio';

const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const BAD_FILES = [
  { what: 'an empty file', name: 'empty.csv', content: Buffer.alloc(0), message: /empty/i },
  { what: 'a file with one column', name: 'one-column.csv', content: Buffer.from('height\n1\n2\n3\n'), message: /at least two columns/i },
  { what: 'a binary file renamed .csv', name: 'picture.csv', content: PNG_BYTES, message: /does not look like a CSV/i },
  {
    what: 'a CSV whose target has one class',
    name: 'one-class.csv',
    content: Buffer.from('x,y,label\n1,2,a\n3,4,a\n5,6,a\n'),
    message: /only one class/i,
  },
];

async function graphSnapshot(page: Page) {
  return page.locator('[data-layer-type]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')).sort());
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
    await expect(page.locator('.app[data-ready="true"]')).toBeVisible();
    await page.getByTestId('tab-design').click();
    expect(await graphSnapshot(page)).toEqual(nodesBefore);
    await expect(page.locator('.dataset-chip')).toHaveText('Iris flowers');
  });
}
