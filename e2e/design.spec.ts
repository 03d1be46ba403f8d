import { expect, test } from '@playwright/test';
import { connect, openStudio, setTrainingSetting, trainToCompletion } from './studio';

test('dragging a Dense from the palette and wiring it in changes the shapes shown', async ({ page }) => {
  await openStudio(page);
  const canvas = page.getByTestId('canvas');
  await expect(page.getByTestId('total-params')).toHaveText('131');

  await page.getByTestId('palette-Dense').dragTo(canvas, { targetPosition: { x: 420, y: 360 } });
  const added = page.getByTestId('node-dense_2');
  await expect(added).toBeVisible();
  // Unconnected: no shape yet, the problem is on the node, and Train says why it is disabled.
  await expect(added.getByTestId('node-shape')).toHaveText('—');
  await expect(added).toContainText('Expects 1 input, has 0');
  await expect(page.getByTestId('train-button')).toBeDisabled();
  await expect(page.getByTestId('top-train-blocker')).not.toBeEmpty();

  // Rewire input → dense_1 → dense_2 → output: remove dense_1 → output first.
  await page.getByTestId('rf__edge-dense_1->output').click();
  await page.keyboard.press('Delete');
  await connect(page, 'dense_1', 'dense_2');
  await connect(page, 'dense_2', 'output');
  await expect(added.getByTestId('node-shape')).toHaveText('(None, 16)');

  // Editing the new layer in the inspector flows through to the output's parameter count.
  await added.click();
  await page.getByLabel('units').fill('8');
  await expect(added.getByTestId('node-shape')).toHaveText('(None, 8)');
  await expect(page.getByTestId('node-output').getByTestId('node-params')).toHaveText('27 params');
  await expect(page.getByTestId('train-button')).toBeEnabled();
});

test('a cycle is refused with a message and the graph is unchanged', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('palette-Dense').dragTo(page.getByTestId('canvas'), { targetPosition: { x: 420, y: 360 } });
  await connect(page, 'dense_1', 'dense_2');
  await connect(page, 'dense_2', 'dense_1');
  await expect(page.getByTestId('notice')).toContainText('would create a cycle');
  await expect(page.getByTestId('rf__edge-dense_2->dense_1')).toHaveCount(0);
  await expect(page.getByTestId('rf__edge-dense_1->dense_2')).toHaveCount(1);
});

test('Delete removes the selected layer and the error shows where the graph broke', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('node-dense_1').click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node-dense_1')).toHaveCount(0);
  await expect(page.getByTestId('node-output')).toContainText('Expects 1 input, has 0');
  await expect(page.getByTestId('train-button')).toBeDisabled();
});

test('the model summary shows FLOPs, and the Keras view writes the same model in Python', async ({ page }) => {
  await openStudio(page);
  // Input 4 → Dense 16 → Output 3: 2·(4·16) + 2·(16·3) multiply-adds per example.
  await expect(page.getByTestId('total-flops')).toHaveText('224');
  await page.getByTestId('show-keras').click();
  const code = page.getByTestId('keras-code');
  await expect(code).toContainText('keras.Input(shape=(4,)');
  await expect(code).toContainText('layers.Dense(16, activation="relu"');
  await expect(code).toContainText('layers.Dense(3, activation="softmax"');
  await expect(code).toContainText('keras.Model(');
});

test('an L2 penalty set in the inspector shows on the node, in the Keras code, and the model trains with it', async ({
  page,
}) => {
  await openStudio(page);
  const dense = page.getByTestId('node-dense_1');
  await expect(dense).toContainText('16 · relu');
  await expect(dense).not.toContainText('l2');
  await dense.click();
  await page.getByLabel('L2 penalty', { exact: true }).fill('0.01');
  await expect(dense).toContainText('16 · relu · l2 0.01');
  // Clicking the empty canvas clears the selection: the inspector shows the model again.
  await page.getByTestId('canvas').click({ position: { x: 100, y: 150 } });
  await page.getByTestId('show-keras').click();
  await expect(page.getByTestId('keras-code')).toContainText(
    'layers.Dense(16, activation="relu", use_bias=True, kernel_regularizer=keras.regularizers.L1L2(l1=0, l2=0.01), name="dense_1")',
  );
  await setTrainingSetting(page, 'Epochs', '3');
  await trainToCompletion(page);
});

test('the palette can be searched', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('palette-search').fill('drop');
  await expect(page.getByTestId('palette-Dropout')).toBeVisible();
  await expect(page.getByTestId('palette-Dense')).toHaveCount(0);
  await page.getByTestId('palette-search').fill('zzz');
  await expect(page.getByText('No layer matches')).toBeVisible();
});

test('a shape error with an obvious fix offers it on the node, in one click', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('palette-Reshape').dragTo(page.getByTestId('canvas'), { targetPosition: { x: 420, y: 160 } });
  await page.getByTestId('rf__edge-dense_1->output').click();
  await page.keyboard.press('Delete');
  await connect(page, 'dense_1', 'reshape_1');
  await connect(page, 'reshape_1', 'output');
  const output = page.getByTestId('node-output');
  await expect(output).toContainText('Output needs an input of shape (batch, features), received (None, 16, 1)');
  await expect(page.getByTestId('train-button')).toBeDisabled();

  await page.getByTestId('fix-output').click();
  await expect(page.getByTestId('node-flatten_1')).toBeVisible();
  await expect(output.getByTestId('node-shape')).toHaveText('(None, 3)');
  await expect(page.getByTestId('train-button')).toBeEnabled();
});

test('one layer of every palette category drops onto the canvas as a node that says what it needs', async ({
  page,
}) => {
  await openStudio(page);
  const canvas = page.getByTestId('canvas');
  const oneOfEach = {
    io: 'InputLayer',
    core: 'Dense',
    regularization: 'Dropout',
    normalization: 'BatchNormalization',
    reshape: 'Flatten',
    convolution: 'Conv2D',
    pooling: 'MaxPooling2D',
    embedding: 'Embedding',
    recurrent: 'LSTM',
    attention: 'MultiHeadAttention',
    merge: 'Add',
  };
  for (const [i, type] of Object.values(oneOfEach).entries()) {
    const before = await page.locator(`[data-layer-type="${type}"]`).count();
    await page
      .getByTestId(`palette-${type}`)
      .dragTo(canvas, { targetPosition: { x: 140 + (i % 5) * 150, y: 260 + Math.floor(i / 5) * 170 } });
    const nodes = page.locator(`[data-layer-type="${type}"]`);
    await expect(nodes, type).toHaveCount(before + 1);
    // Unwired, every new layer (a new Input aside) names the input it lacks.
    if (type !== 'InputLayer') await expect(nodes.last(), type).toContainText(/Expects \d+( to \d+)? inputs?, has 0/);
  }
  await expect(page.getByTestId('train-button')).toBeDisabled();
  // One undo per drop takes the graph back to where it was.
  for (let i = 0; i < Object.keys(oneOfEach).length; i++) await page.keyboard.press('Control+z');
  await expect(page.locator('[data-layer-type]')).toHaveCount(3);
  await expect(page.getByTestId('train-button')).toBeEnabled();
});
