import { expect, test, type Page } from '@playwright/test';
import { openSample, openStudio, setTrainingSetting, trainToCompletion } from './studio';

/** The validation size the Data view announces before training, e.g. "120 training rows / 30 validation rows". */
async function validationSizeOnDataView(page: Page): Promise<number> {
  await page.getByTestId('tab-data').click();
  const sizes = await page.getByTestId('split-sizes').textContent();
  const match = /([\d,]+) validation rows/.exec(sizes ?? '');
  expect(match, `split sizes: ${sizes}`).not.toBeNull();
  return Number(match![1]!.replaceAll(',', ''));
}

test('Iris: the Evaluate tab agrees with training, and a confusion cell lists its rows', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('tab-evaluate').click();
  await expect(page.getByTestId('evaluate-empty')).toContainText('Train a model first');

  const validationSize = await validationSizeOnDataView(page);
  expect(validationSize).toBe(30);
  await setTrainingSetting(page, 'Epochs', '10');
  await trainToCompletion(page);

  // The evaluation starts by itself once the run has ended.
  await page.getByTestId('tab-evaluate').click();
  const accuracy = await page.getByTestId('eval-accuracy').textContent();
  // The charts render the last epoch when the page is idle (a deferred value): wait for it.
  await page.getByTestId('tab-train').click();
  await expect(page.getByTestId('latest-val_acc')).toHaveText(accuracy!);
  await page.getByTestId('tab-evaluate').click();
  await expect(page.getByTestId('evaluate-split')).toHaveText(`validation split, ${validationSize} rows`);
  // One row of cells a class, under the row of column headers.
  await expect(
    page
      .getByTestId('class-table')
      .getByRole('row')
      .filter({ has: page.getByRole('cell') }),
  ).toHaveCount(3);

  const cells = page.getByRole('button', { name: /^True .+, predicted .+: \d+ of \d+ rows$/ });
  await expect(cells).toHaveCount(9);
  const counts = await cells.evaluateAll((buttons) => buttons.map((b) => Number((b as HTMLElement).dataset.count)));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(validationSize);
  await expect(cells.first()).toHaveAttribute('aria-label', /^True setosa, predicted setosa: \d+ of \d+ rows$/);

  // An error cell if the model made one, else the fullest cell.
  const offDiagonal = counts.findIndex((count, i) => count > 0 && i % 4 !== 0);
  const clicked = offDiagonal >= 0 ? offDiagonal : counts.indexOf(Math.max(...counts));
  await cells.nth(clicked).click();
  const listed = page.getByTestId('cell-example');
  await expect(listed).toHaveCount(counts[clicked]!);
  // Each listed row shows its raw measurements: four numbers after the row number.
  const firstRow = await listed.first().getByRole('cell').allTextContents();
  expect(firstRow.slice(1, 5).every((cell) => Number.isFinite(Number(cell)) && cell !== '')).toBe(true);

  // Each curve is named in its chart's legend with its area.
  const roc = page.getByRole('figure', { name: 'ROC curve' });
  await expect(
    roc.getByRole('img', { name: 'true-positive rate against false-positive rate; the legend names each line' }),
  ).toBeVisible();
  await expect(roc.getByRole('listitem').filter({ hasText: /^setosa \(AUC \d/ })).toBeVisible();
  const pr = page.getByRole('figure', { name: 'Precision–recall curve' });
  await expect(pr.getByRole('listitem').filter({ hasText: /^virginica \(AP \d/ })).toBeVisible();

  // The test split, which the run never saw: its own 15 rows (10% of Iris, 5 per class).
  await page.getByTestId('evaluate-split-choice').selectOption('test');
  await expect(page.getByTestId('evaluate-split')).toHaveText('test split, 15 rows');
  const testCounts = await cells.evaluateAll((buttons) => buttons.map((b) => Number((b as HTMLElement).dataset.count)));
  expect(testCounts.reduce((a, b) => a + b, 0)).toBe(15);
  expect([0, 1, 2].map((row) => testCounts.slice(row * 3, row * 3 + 3).reduce((a, b) => a + b, 0))).toEqual([5, 5, 5]);
});

test('US macro (regression): R², the errors, the predicted-vs-actual scatter and the residuals', async ({ page }) => {
  await openStudio(page);
  await openSample(page, 'us-macro', 'US macroeconomics');
  const validationSize = await validationSizeOnDataView(page);
  await setTrainingSetting(page, 'Epochs', '5');
  await trainToCompletion(page);

  await page.getByTestId('tab-evaluate').click();
  await expect(page.getByTestId('evaluate-split')).toHaveText(`validation split, ${validationSize} rows`);
  const mse = await page.getByTestId('eval-mse').textContent();
  // The charts render the last epoch when the page is idle (a deferred value): wait for it, not for a fixed time.
  await page.getByTestId('tab-train').click();
  await expect(page.getByTestId('latest-val_mse')).toHaveText(mse!);
  await page.getByTestId('tab-evaluate').click();
  await expect(page.getByTestId('eval-r2')).toHaveText(/^-?\d/);
  await expect(page.getByTestId('eval-rmse')).toHaveText(/^\d/);
  const scatter = page.getByRole('figure', { name: /^Predicted against actual/ }).getByRole('img');
  await expect(scatter).toBeVisible();
  await expect(scatter).toHaveAccessibleName(
    new RegExp(
      `^${validationSize} rows as points, actual \\S+ across and predicted up; on the dashed line the two are equal$`,
    ),
  );
  const residuals = page.getByRole('figure', { name: 'Residuals (actual − predicted)' }).getByRole('img');
  await expect(residuals).toBeVisible();
  await expect(residuals).toHaveAccessibleName(/^How many rows fall in each of \d+ ranges of the residual$/);
});
