import { expect, test, type Page } from '@playwright/test';
import { openStudio } from './studio';

const layers = (page: Page) => page.locator('[data-layer-type]');

test('undo and redo every edit, from the keyboard and the toolbar', async ({ page }) => {
  await openStudio(page);
  await expect(page.getByTestId('undo')).toBeDisabled();
  await page.getByTestId('palette-Dropout').click();
  await expect(layers(page)).toHaveCount(4);

  await page.getByLabel('rate').fill('0.3');
  await expect(page.getByTestId('node-dropout_1')).toContainText('0.3');

  await page.getByTestId('canvas').click({ position: { x: 30, y: 300 } });
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('node-dropout_1')).toContainText('0.5');
  await page.getByTestId('undo').click();
  await expect(layers(page)).toHaveCount(3);
  await page.keyboard.press('Control+Shift+z');
  await expect(layers(page)).toHaveCount(4);
  await page.getByTestId('redo').click();
  await expect(page.getByTestId('node-dropout_1')).toContainText('0.3');
});

test('dragging a layer is one undo step', async ({ page }) => {
  await openStudio(page);
  const node = page.getByTestId('node-dense_1');
  const before = await node.boundingBox();
  await node.hover();
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(before!.x + 20 + i * 10, before!.y + 20 + i * 8);
  await page.mouse.up();
  const moved = await node.boundingBox();
  expect(moved!.x).toBeGreaterThan(before!.x + 50);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await node.boundingBox())!.x).toBeCloseTo(before!.x, 0);
});

test('copy, paste and duplicate layers with their connections', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('node-dense_1').click();
  await page.getByTestId('node-output').click({ modifiers: ['Shift'] });
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(layers(page)).toHaveCount(5);
  await expect(page.getByTestId('rf__edge-dense_2->output_1')).toHaveCount(1);
  // The pasted Output is a second one: the graph says why it cannot train.
  await expect(page.getByTestId('train-button')).toBeDisabled();

  await page.getByTestId('duplicate').click();
  await expect(layers(page)).toHaveCount(7);
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect(layers(page)).toHaveCount(3);
  await expect(page.getByTestId('train-button')).toBeEnabled();
});

test('auto-layout puts layers in data-flow order, and ? lists the shortcuts', async ({ page }) => {
  await openStudio(page);
  // Scramble: move the output to the far left.
  const output = page.getByTestId('node-output');
  const input = page.getByTestId('node-input');
  const inputBox = (await input.boundingBox())!;
  await output.hover();
  await page.mouse.down();
  await page.mouse.move(inputBox.x - 150, inputBox.y + 200, { steps: 8 });
  await page.mouse.up();
  expect((await output.boundingBox())!.x).toBeLessThan((await input.boundingBox())!.x);

  await page.getByTestId('auto-layout').click();
  await expect
    .poll(async () => (await output.boundingBox())!.x > (await page.getByTestId('node-dense_1').boundingBox())!.x)
    .toBe(true);
  expect((await page.getByTestId('node-dense_1').boundingBox())!.x).toBeGreaterThan((await input.boundingBox())!.x);

  await page.keyboard.press('?');
  const dialog = page.getByTestId('shortcuts-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Undo');
  await expect(dialog).toContainText('Ctrl+Z');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
