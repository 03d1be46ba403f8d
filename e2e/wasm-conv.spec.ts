import { expect, test, type Page } from '@playwright/test';
import { backendShown, openSample, openStudio, setTrainingSetting, trainToCompletion } from './studio';

/**
 * Convolutional templates train on wasm (their filter and input gradients, pooling's and global
 * max pooling's are the studio's own wasm kernels), and learn there as they did on the plain
 * JavaScript cpu backend, which ran them before: each threshold sits a little under what cpu
 * reached with the same data, seed and epochs (0.94 and 0.71); the kernels add in another order,
 * so the runs are close, not equal.
 */

/** Opens the studio on a sample data set; the studio switches the model to the template made for it. */
async function openWithTemplate(page: Page, sample: string, name: RegExp, template: string): Promise<void> {
  await openStudio(page);
  await openSample(page, sample, name);
  await expect(page.getByTestId('notice')).toContainText(`The model now starts from the ${template} template`);
}

/** The validation accuracy the finished run shows, once the Train view says it ran on wasm because wasm is fastest. */
async function wasmValidationAccuracy(page: Page): Promise<number> {
  const backend = backendShown(page);
  await expect(backend.name).toHaveText('wasm');
  await expect(backend.reason).toHaveText(/wasm runs this graph fastest on CPU\. wasm · SIMD/);
  return Number(await page.getByTestId('latest-val_acc').textContent());
}

test('the CNN template trains on wasm on the digits images, as well as it did on cpu, and distils into a student Evaluate compares with it', async ({
  page,
}) => {
  await openWithTemplate(page, 'digits', /digits/i, 'CNN (LeNet-like)');
  await setTrainingSetting(page, 'Epochs', '8');
  await trainToCompletion(page);
  expect(await wasmValidationAccuracy(page)).toBeGreaterThan(0.9);

  // The trained CNN teaches its proposed student, which trains as a normal run.
  await page.getByRole('button', { name: 'Distill into a smaller model…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Distill into a smaller model' });
  await expect(dialog.getByLabel(/The teacher’s layers, [\d.]+× narrower/)).toBeChecked();
  await dialog.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('notice')).toContainText('Put the student on the canvas');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 90_000 });

  await page.getByTestId('tab-evaluate').click();
  const comparison = page.getByRole('table', { name: 'Teacher and student' });
  const parameters = comparison.getByRole('row', { name: /^Parameters/ }).getByRole('cell');
  await expect(parameters).toHaveText([/^[\d,]+$/, /^[\d,]+$/], { timeout: 30_000 });
  const [teacher, student] = (await parameters.allTextContents()).map((count) => Number(count.replace(/,/g, '')));
  expect(student! * 4).toBeLessThanOrEqual(teacher!);
  await expect(comparison.getByRole('row', { name: /^accuracy, validation split/ }).getByRole('cell')).toHaveText([
    /^0\.\d+$/,
    /^0\.\d+$/,
  ]);
});

test('the Text CNN template trains on wasm on the language words, as well as it did on cpu', async ({ page }) => {
  await openWithTemplate(page, 'language-words', /Language of a word/, 'Text CNN');
  await setTrainingSetting(page, 'Epochs', '2');
  await trainToCompletion(page);
  expect(await wasmValidationAccuracy(page)).toBeGreaterThan(0.65);
});
