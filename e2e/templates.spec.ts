import { expect, test } from '@playwright/test';
import { connect, openStudio, trainToCompletion } from './studio';

test('ResNet-mini from the template trains on Iris; the CNN template says it needs images', async ({ page }) => {
  await openStudio(page);
  const picker = page.getByTestId('template-picker');
  await expect(picker.locator('option', { hasText: 'CNN (LeNet-like)' })).toBeDisabled();
  await picker.selectOption({ label: 'ResNet-mini' });
  await expect(page.locator('[data-layer-type="Add"]')).toHaveCount(2);
  await expect(page.getByTestId('node-add_2').getByTestId('node-shape')).toHaveText('(None, 32)');
  await trainToCompletion(page);
  expect(Number(await page.getByTestId('latest-val_acc').textContent())).toBeGreaterThan(0.8);
});

test('a skip connection built by hand: the shapes follow, and it trains', async ({ page }) => {
  await openStudio(page);
  const canvas = page.getByTestId('canvas');
  await page.getByTestId('palette-Dense').dragTo(canvas, { targetPosition: { x: 430, y: 170 } });
  await page.getByTestId('palette-Add').dragTo(canvas, { targetPosition: { x: 300, y: 540 } });
  await expect(page.getByTestId('node-add_1')).toBeVisible();

  await page.getByTestId('rf__edge-dense_1->output').click();
  await page.keyboard.press('Delete');
  await connect(page, 'dense_1', 'dense_2');
  await connect(page, 'dense_1', 'add_1');
  await connect(page, 'dense_2', 'add_1');
  await connect(page, 'add_1', 'output');

  await expect(page.getByTestId('node-add_1').getByTestId('node-shape')).toHaveText('(None, 16)');
  await expect(page.getByTestId('total-params')).toHaveText(String(4 * 16 + 16 + 16 * 16 + 16 + 16 * 3 + 3));
  await trainToCompletion(page);
  await expect(page.getByTestId('latest-val_acc')).not.toHaveText('—');
});
