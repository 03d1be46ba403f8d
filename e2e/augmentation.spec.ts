import { expect, test } from '@playwright/test';
import { openStudio, setTrainingSetting, studioReady, trainToCompletion } from './studio';

test('digits train with augmentation on, and the setting is saved with the project', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('tab-data').click();
  await page.getByTestId('sample-digits').click();
  await expect(page.getByTestId('notice')).toContainText('now starts from the CNN (LeNet-like) template', {
    timeout: 60_000,
  });

  await setTrainingSetting(page, 'Epochs', '4');
  await expect(page.getByTestId('augmentation-unavailable')).toHaveCount(0);
  await expect(page.getByLabel('Flip left–right')).toHaveCount(0);
  await page.getByLabel('Augment training images').check();
  await expect(page.getByLabel('Flip left–right')).not.toBeChecked();
  await expect(page.getByTestId('augmentation-settings')).toContainText('Leave off for digits and text');
  await page.getByLabel('Max rotation (degrees)').fill('8');
  await page.getByLabel('Max shift (fraction)').fill('0.1');
  await trainToCompletion(page, 110_000);

  await expect(page.getByTestId('run-summary')).toHaveText('4 epochs trained');
  // Ten classes: chance is 0.1, and validation images are never augmented.
  expect(Number(await page.getByTestId('latest-val_acc').textContent())).toBeGreaterThan(0.3);

  await page.reload();
  await studioReady(page);
  await page.getByTestId('tab-train').click();
  await expect(page.getByLabel('Augment training images')).toBeChecked();
  await expect(page.getByLabel('Max rotation (degrees)')).toHaveValue('8');
});

test('on Iris the augmentation group is disabled and says why', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('tab-train').click();
  await expect(page.getByTestId('augmentation-unavailable')).toHaveText(
    'Augmentation applies to images only; this data set is not images.',
  );
  await expect(page.getByLabel('Augment training images')).toBeDisabled();
});
