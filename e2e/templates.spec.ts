import { expect, test } from '@playwright/test';
import {
  backendShown,
  connect,
  openSample,
  openStudio,
  overlappingCards,
  setTrainingSetting,
  trainToCompletion,
} from './studio';

test('ResNet-mini from the template trains on Iris; the CNN template says it needs images', async ({ page }) => {
  await openStudio(page);
  const picker = page.getByTestId('template-picker');
  await expect(picker.getByRole('option', { name: 'CNN (LeNet-like)' })).toBeDisabled();
  await picker.selectOption({ label: 'ResNet-mini' });
  // Laid out again once its cards are measured, a long graph is shown from its input at a legible size.
  await expect(page.getByTestId('canvas')).toHaveAttribute('data-layout', 'done');
  await expect(page.getByTestId('node-input')).toBeVisible();
  // The fit button shows all of it, and no card covers another.
  await page.getByRole('button', { name: 'Fit View' }).click();
  await expect(page.locator('[data-layer-type="Add"]')).toHaveCount(2);
  expect(await overlappingCards(page)).toEqual([]);
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

test('the Transformer encoder template trains on the language words, on wasm, and its Keras code defines the attention layers', async ({
  page,
}) => {
  await openStudio(page);
  await openSample(page, 'language-words', 'Language of a word');
  await page.getByTestId('tab-design').click();
  await page.getByTestId('template-picker').selectOption({ label: 'Transformer encoder classifier' });
  await expect(page.getByTestId('canvas')).toHaveAttribute('data-layout', 'done');
  await expect(page.locator('[data-layer-type="MultiHeadAttention"]')).toHaveCount(1);
  // 16 characters, each a 32-wide vector plus its position's, attended by 2 heads of 16.
  const attention = page.getByTestId('node-multiheadattention_1');
  await expect(attention.getByTestId('node-shape')).toHaveText('(None, 16, 32)');
  await expect(attention.getByTestId('node-params')).toHaveText('4,224 params');
  await expect(page.getByTestId('node-positionalembedding_1').getByTestId('node-params')).toHaveText('512 params');
  // Embedding 100·32, positions 16·32, attention, two norms 2·32, feed-forward 32·64 + 64 and 64·32 + 32, 7 classes 32·7 + 7.
  await expect(page.getByTestId('total-params')).toHaveText('12,487');

  await page.getByTestId('show-keras').click();
  const code = page.getByTestId('keras-code');
  await expect(code).toContainText('class MultiHeadAttention(layers.Layer):');
  await expect(code).toContainText('class PositionalEmbedding(layers.Layer):');
  await code.getByRole('button', { name: 'Close' }).click();

  await setTrainingSetting(page, 'Epochs', '1');
  await trainToCompletion(page, 110_000);
  // Every layer of it has its gradients on wasm (Embedding's through the studio's own kernel).
  await expect(backendShown(page).name).toHaveText('wasm');
  // Seven languages: chance is 0.14.
  expect(Number(await page.getByTestId('latest-val_acc').textContent())).toBeGreaterThan(0.2);
});

test('the LSTM text classifier template trains on the language words, on wasm', async ({ page }) => {
  await openStudio(page);
  await openSample(page, 'language-words', 'Language of a word');
  await page.getByTestId('tab-design').click();
  await page.getByTestId('template-picker').selectOption({ label: 'LSTM text classifier' });
  await expect(page.locator('[data-layer-type="LSTM"]')).toHaveCount(1);
  await setTrainingSetting(page, 'Epochs', '3');
  await trainToCompletion(page, 110_000);
  await expect(backendShown(page).name).toHaveText('wasm');
  // Seven languages: chance is 0.14.
  expect(Number(await page.getByTestId('latest-val_acc').textContent())).toBeGreaterThan(0.2);
});
