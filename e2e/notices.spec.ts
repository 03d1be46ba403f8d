import { expect, test } from '@playwright/test';
import { openStudio } from './studio';

test('a notice about a change made for the person floats over the page: it stays until dismissed, and nothing moves', async ({
  page,
}) => {
  await openStudio(page);
  const canvas = page.getByTestId('canvas');
  const before = await canvas.boundingBox();

  await page.getByTestId('template-picker').selectOption({ label: 'ResNet-mini' });
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('Started from ResNet-mini. Undo (Ctrl+Z) brings your previous graph back.');
  expect(await canvas.boundingBox()).toEqual(before);

  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toBeHidden();
  expect(await canvas.boundingBox()).toEqual(before);
});
