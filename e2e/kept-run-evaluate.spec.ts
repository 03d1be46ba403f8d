import { expect, test } from '@playwright/test';
import { openStudio, runRow, setTrainingSetting, studioReady, trainToCompletion } from './studio';

test('a kept run is evaluated on demand after a reload: its validation accuracy is the one its run ended with', async ({
  page,
}) => {
  await openStudio(page);
  await setTrainingSetting(page, 'Epochs', '3');
  await setTrainingSetting(page, 'Learning rate', '0.001');
  await trainToCompletion(page);
  await setTrainingSetting(page, 'Learning rate', '0.05');
  await trainToCompletion(page);

  await page.waitForTimeout(1_000); // the project's autosave is debounced
  await page.reload();
  await studioReady(page);
  await page.getByTestId('tab-train').click();
  const first = runRow(page, 'Run 1 · Adam 0.001');
  const second = runRow(page, 'Run 2 · Adam 0.05');
  const firstValAcc = await first.getByTestId('run-metric-val_acc').textContent();
  // Otherwise the evaluation could not tell the two runs' models apart.
  expect(firstValAcc).not.toBe(await second.getByTestId('run-metric-val_acc').textContent());

  await first.getByTestId('run-evaluate').click();
  await expect(page.getByTestId('evaluate-view')).toBeVisible();
  await expect(page.getByTestId('evaluate-split')).toHaveText('validation split, 30 rows');
  await expect(page.getByTestId('eval-accuracy')).toHaveText(firstValAcc!);
});

test('a kept run opened for evaluation brings its own curves back to the Train view', async ({ page }) => {
  await openStudio(page);
  await setTrainingSetting(page, 'Epochs', '3');
  await setTrainingSetting(page, 'Learning rate', '0.001');
  await trainToCompletion(page);
  const firstValLoss = await page.getByTestId('latest-val_loss').textContent();
  await setTrainingSetting(page, 'Epochs', '5');
  await setTrainingSetting(page, 'Learning rate', '0.05');
  await trainToCompletion(page);
  expect(await page.getByTestId('latest-val_loss').textContent()).not.toBe(firstValLoss);

  await runRow(page, 'Run 1 · Adam 0.001').getByTestId('run-evaluate').click();
  await expect(page.getByTestId('evaluate-view')).toBeVisible();
  await page.getByTestId('tab-train').click();
  await expect(page.getByTestId('run-summary')).toHaveText('3 epochs trained');
  await expect(page.getByTestId('latest-val_loss')).toHaveText(firstValLoss!);
  await expect(page.getByTestId('run-note')).toHaveText('Evaluating kept run Run 1 · Adam 0.001.');
});
