import { expect, test } from '@playwright/test';
import { openStudio, studioReady } from './studio';

test('the data report names an ID and a leaking column; Apply suggestions leaves the ID out, Undo brings it back; the ranking keeps the top 2', async ({
  page,
}) => {
  // 60 rows: a row number, a measurement that tells the classes apart only partly, the class again as a number, noise.
  const rows = Array.from({ length: 60 }, (_, r) => {
    const label = r % 3 === 0 ? 'yes' : 'no';
    const height = (150 + ((r * 37) % 40) + (label === 'yes' ? 5 : 0)).toFixed(1);
    const score = ((label === 'yes' ? 90 : 10) + ((r * 13) % 7) / 10).toFixed(2);
    const noise = (((r * 62) % 97) / 10).toFixed(1);
    return `${r + 1},${height},${score},${noise},${label}`;
  });
  const csv = ['id,height,score,noise,label', ...rows].join('\n');
  await openStudio(page);
  await page.getByTestId('tab-data').click();
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'leaky.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('dataset-name')).toHaveText('leaky.csv');

  const report = page.getByRole('region', { name: 'Data report' });
  const findings = report.getByRole('list', { name: 'Findings' });
  const finding = (column: string) =>
    findings.getByRole('listitem').filter({ has: page.getByText(column, { exact: true }) });
  await expect(finding('id')).toContainText('counting the rows like an ID');
  await expect(finding('score')).toContainText('Likely a leak');
  await expect(page.getByTestId('column-use-id')).toHaveValue('numeric');

  await report.getByRole('button', { name: /^Apply suggestions/ }).click();
  await expect(page.getByTestId('column-use-id')).toHaveValue('ignore');
  await expect(page.getByText('Undo (Ctrl+Z) takes it back.')).toBeVisible();
  // The leak is the person's call: it stays until they leave it out.
  await expect(page.getByTestId('column-use-score')).toHaveValue('numeric');
  await expect(report.getByRole('button', { name: 'Use it: "id"' })).toBeVisible();

  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('column-use-id')).toHaveValue('numeric');
  await expect(report.getByRole('button', { name: 'Leave it out: "id"' })).toBeVisible();

  // The ranking: a quick model on the 4 columns, the leak far ahead; keeping the top 2 leaves 2 out, one Undo back.
  await report.getByRole('button', { name: 'Rank features' }).click();
  const ranking = report.getByRole('table', { name: 'Feature importance, most important first' });
  await expect(ranking.getByRole('row')).toHaveCount(5, { timeout: 90_000 });
  await expect(ranking.getByRole('row').nth(1).getByRole('rowheader')).toHaveText('score');
  const uses = () =>
    Promise.all(
      ['id', 'height', 'score', 'noise'].map((column) => page.getByTestId(`column-use-${column}`).inputValue()),
    );
  await report.getByRole('button', { name: 'Keep the top 2' }).click();
  await expect.poll(async () => (await uses()).filter((use) => use === 'ignore').length).toBe(2);
  await expect(page.getByTestId('column-use-score')).toHaveValue('numeric');
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await uses()).filter((use) => use === 'ignore').length).toBe(0);

  // The ranking is saved with the project: after a reload the top 2 are kept without ranking again.
  await page.reload();
  await studioReady(page);
  await page.getByTestId('tab-data').click();
  await expect(ranking.getByRole('row').nth(1).getByRole('rowheader')).toHaveText('score');
  await report.getByRole('button', { name: 'Keep the top 2' }).click();
  await expect.poll(async () => (await uses()).filter((use) => use === 'ignore').length).toBe(2);
});
