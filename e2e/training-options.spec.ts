import { expect, test } from '@playwright/test';
import { backendShown, openSample, openStudio, setTrainingSetting, trainToCompletion } from './studio';

const OPTIMISERS = ['Adam', 'AdamW', 'SGD', 'SGD with momentum', 'RMSprop', 'Adagrad'];

test('each optimiser trains Iris for 2 epochs; the learning-rate finder proposes a rate, and Use puts it in the settings', async ({
  page,
}) => {
  await openStudio(page);
  await page.getByTestId('tab-train').click();
  await page.getByLabel('Epochs', { exact: true }).fill('2');
  for (const optimiser of OPTIMISERS) {
    await page.getByLabel('Optimiser').selectOption({ label: optimiser });
    await page.getByTestId('train-button').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
    await expect(page.getByTestId('run-summary')).toHaveText('2 epochs trained');
    const loss = Number(await page.getByTestId('latest-loss').textContent());
    expect(loss, optimiser).toBeGreaterThan(0);
  }

  await page.getByRole('button', { name: 'Find learning rate' }).click();
  await expect(page.getByRole('img', { name: /^Loss against learning rate/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('lr-proposal')).toContainText(/^Proposed [\d.e-]+: the loss falls fastest there/);
  const use = page.getByRole('button', { name: /^Use [\d.e-]+$/ });
  const proposed = (await use.textContent())!.replace('Use ', '');
  await use.click();
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue(proposed);
  // The last of them estimated honestly: trained on 5 folds in the background, mean ± sd and each fold's value.
  await page.getByRole('button', { name: 'Estimate with k-fold cross-validation' }).click();
  const estimate = page.getByTestId('cross-validation-estimate');
  await expect(estimate).toContainText(/val_acc \d\.\d+ ± \d\.\d+ over 5 folds/, { timeout: 60_000 });
  await expect(estimate).toContainText(/Per fold: (\d\.\d+, ){4}\d\.\d+/);
});

test('a step schedule shows on the learning-rate chart, and early stopping says why it stopped', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('tab-train').click();
  await page.getByLabel('Epochs', { exact: true }).fill('6');
  await page.getByLabel('Learning-rate schedule').selectOption({ label: 'Step decay' });
  await page.getByLabel('Decay every (epochs)').fill('2');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
  await expect(page.getByTestId('chart-lr')).toBeVisible();
  // 0.01 halved after epochs 2 and 4.
  await expect(page.getByTestId('latest-lr')).toHaveText('0.00250');

  // A learning rate so small that validation loss barely moves: patience runs out.
  await page.getByLabel('Learning-rate schedule').selectOption({ label: 'Constant' });
  await page.getByLabel('Learning rate', { exact: true }).fill('0.000001');
  await page.getByLabel('Epochs', { exact: true }).fill('200');
  await page.getByLabel('Early stopping').check();
  await page.getByLabel('Patience (epochs)').fill('2');
  await page.getByLabel('Minimum change').fill('0.01');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
  await expect(page.getByTestId('run-note')).toContainText(
    'Stopped early after epoch 3: val_loss had not improved for 2 epochs',
  );
  await expect(page.getByTestId('run-summary')).toHaveText('3 epochs trained');
});

test('bad training settings are refused where they are typed; a batch larger than the data and a second Train are handled', async ({
  page,
}) => {
  await openStudio(page);
  await page.getByTestId('tab-train').click();
  const learningRate = page.getByLabel('Learning rate', { exact: true });
  for (const bad of ['0', '1e9']) {
    await learningRate.fill(bad);
    await expect(page.getByRole('alert').filter({ hasText: 'Learning rate' })).toHaveText(
      'Learning rate: expected a number in [0.000001, 1000000]; the last valid value (0.01) is kept.',
    );
  }
  await page.getByLabel('Epochs', { exact: true }).fill('0');
  await expect(page.getByRole('alert').filter({ hasText: 'Epochs' })).toContainText(
    'the last valid value (30) is kept',
  );

  // Iris has 105 training rows: a batch of 1,000 is one batch per epoch, and it still trains.
  await learningRate.fill('0.05');
  await page.getByLabel('Epochs', { exact: true }).fill('200');
  await page.getByLabel('Batch size', { exact: true }).fill('1000');
  await page.getByTestId('train-button').click();
  // While a run is under way, Train cannot start a second one.
  await expect(page.getByTestId('train-button')).toBeDisabled();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 60_000 });
  await expect(page.getByTestId('run-summary')).toHaveText('200 epochs trained');
});

test('balanced class weights: offered for classification, not for regression, and a run with them trains', async ({
  page,
}) => {
  await openStudio(page);
  await setTrainingSetting(page, 'Epochs', '3');
  await page.getByLabel('Class weights', { exact: true }).selectOption('balanced');
  await trainToCompletion(page);
  await expect(page.getByTestId('latest-val_acc')).not.toHaveText('—');

  await openSample(page, 'us-macro', 'US macroeconomics');
  await page.getByTestId('tab-train').click();
  await expect(page.getByLabel('Class weights', { exact: true })).toHaveCount(0);
});

test('a learning rate of 1e6 is accepted, diverges, and the guard stops the run naming the cause and the fixes', async ({
  page,
}) => {
  await openStudio(page);
  // Plain SGD on a regression target: steps of a million overflow float32 within a few batches.
  // (Adam's normalised steps, or a clipped cross-entropy, can keep such a loss finite but useless.)
  await openSample(page, 'us-macro', 'US macroeconomics');
  await page.getByTestId('tab-train').click();
  await page.getByLabel('Optimiser').selectOption({ label: 'SGD' });
  await page.getByLabel('Learning rate', { exact: true }).fill('1000000');
  await expect(page.getByRole('alert').filter({ hasText: 'Learning rate' })).toHaveCount(0);
  await page.getByLabel('Epochs', { exact: true }).fill('5');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  const error = page.getByTestId('run-error');
  await expect(error).toContainText(/^Training diverged: the loss became (NaN|-?Infinity) at epoch \d+, batch \d+\./);
  await expect(error).toContainText('a learning rate too large for this model (it is 1000000)');
  await expect(error).toContainText('Lower the learning rate (try 0.01), or turn on gradient clipping');
  // Nothing the person typed is lost: the settings stay as they were, ready to fix.
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('1000000');
});

test('gradient clipping: empty is off, a negative norm is refused where it is typed, and a clipped run trains', async ({
  page,
}) => {
  await openStudio(page);
  await page.getByTestId('tab-train').click();
  const clipNorm = page.getByLabel('Clip gradient norm', { exact: true });
  await expect(clipNorm).toHaveValue('0');
  await clipNorm.fill('');
  await expect(page.getByRole('alert').filter({ hasText: 'Clip gradient norm' })).toHaveCount(0);
  await clipNorm.fill('-1');
  await expect(page.getByRole('alert').filter({ hasText: 'Clip gradient norm' })).toHaveText(
    'Clip gradient norm: expected a number in [0, 1000000]; the last valid value (0) is kept.',
  );
  await clipNorm.fill('1');
  await page.getByLabel('Epochs', { exact: true }).fill('20');
  await trainToCompletion(page);
  expect(Number(await page.getByTestId('latest-val_acc').textContent())).toBeGreaterThan(0.6);
});

test('the backend can be chosen by hand, and the run says which one ran and why', async ({ page }) => {
  await openStudio(page);
  await setTrainingSetting(page, 'Epochs', '2');
  await page.getByLabel('Backend', { exact: true }).selectOption({ label: 'cpu' });
  await trainToCompletion(page);
  const backend = backendShown(page);
  await expect(backend.name).toHaveText('cpu');
  await expect(backend.reason).toHaveText('cpu was chosen by hand.');

  // wasm passes its check against cpu here, so it runs as asked.
  await page.getByLabel('Backend', { exact: true }).selectOption({ label: 'wasm' });
  await trainToCompletion(page);
  await expect(backend.name).toHaveText('wasm');
  await expect(backend.reason).toHaveText(
    /^wasm was chosen by hand\. wasm · SIMD · (\d threads|single-threaded: .+)\.$/,
  );
});
