import { expect, test, type Page } from '@playwright/test';
import { openSample, openStudio, setTrainingSetting, studioReady, trainToCompletion } from './studio';

async function inputFeatures(page: Page): Promise<number> {
  const text = (await page.getByTestId('task').textContent()) ?? '';
  const match = /(\d+) input features/.exec(text);
  expect(match, text).not.toBeNull();
  return Number(match![1]);
}

test('Iris: per-column choices change the model input and the split per class, and survive a reload', async ({
  page,
}) => {
  await openStudio(page);
  await page.getByTestId('tab-data').click();
  expect(await inputFeatures(page)).toBe(4);
  // Twenty bars, each titled with its range and count.
  await expect(page.getByRole('img', { name: 'Distribution of sepal_length' }).getByTitle(/: [\d,]+$/)).toHaveCount(20);
  await expect(page.getByTestId('split-sizes')).toHaveText('105 training rows / 30 validation rows / 15 test rows');
  const setosa = page.getByTestId('split-classes').getByRole('row', { name: /setosa/ });
  await expect(setosa.getByRole('cell')).toHaveText(['setosa', '35', '10', '5']);

  await page.getByTestId('column-use-sepal_width').selectOption('ignore');
  await page.getByTestId('column-use-petal_width').selectOption('categorical');
  const petalWidthCategories = Number(await page.getByTestId('column-width-petal_width').textContent());
  expect(petalWidthCategories).toBeGreaterThan(10);
  expect(await inputFeatures(page)).toBe(2 + petalWidthCategories);
  await page.getByTestId('column-encode-petal_width').selectOption('ordinal');
  expect(await inputFeatures(page)).toBe(3);

  await page.getByTestId('test-percent').fill('20');
  await expect(page.getByTestId('split-sizes')).toHaveText('90 training rows / 30 validation rows / 30 test rows');
  await expect(setosa.getByRole('cell')).toHaveText(['setosa', '30', '10', '10']);

  // The canvas gets the new input width: the Input node shows it.
  await page.getByTestId('tab-design').click();
  await expect(page.getByTestId('node-input')).toContainText('3');

  // Autosave is debounced; give it a moment before leaving.
  await page.waitForTimeout(1_000);
  await page.reload();
  await studioReady(page);
  await page.getByTestId('tab-data').click();
  await expect(page.getByTestId('column-use-sepal_width')).toHaveValue('ignore');
  await expect(page.getByTestId('column-encode-petal_width')).toHaveValue('ordinal');
  await expect(page.getByTestId('split-sizes')).toHaveText('90 training rows / 30 validation rows / 30 test rows');
  expect(await inputFeatures(page)).toBe(3);
});

test('a choice that cannot work says why on its column and blocks training until it is fixed', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('tab-data').click();
  const csv =
    'height,weight,kind\n1.5,,a\n1.7,60,b\n1.6,55,a\n1.8,80,b\n1.55,52,a\n1.9,,b\n1.65,58,a\n1.75,70,b\n1.6,54,a\n1.85,77,b\n';
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('dataset-name')).toHaveText('people.csv');

  // Missing weights are filled with the training mean by default; other choices are offered.
  await expect(page.getByTestId('column-impute-weight')).toHaveValue('mean');
  await page.getByTestId('column-impute-weight').selectOption('constant');
  await page.getByTestId('column-fill-weight').fill('heavy');
  await expect(page.getByTestId('column-error-weight')).toHaveText(
    'the fill for missing cells must be a number; it is "heavy".',
  );
  await expect(page.getByTestId('data-problem')).toContainText('Column "weight"');
  await expect(page.getByTestId('train-button')).toBeDisabled();

  await page.getByTestId('column-fill-weight').fill('65');
  await expect(page.getByTestId('column-error-weight')).toHaveCount(0);
  await expect(page.getByTestId('train-button')).toBeEnabled();

  // Dropping rows with a missing weight is announced in the split counts.
  await page.getByTestId('column-impute-weight').selectOption('drop');
  await expect(page.getByTestId('split')).toContainText('rows missing "weight" are dropped first');

  // Ignoring every feature leaves nothing to learn from.
  await page.getByTestId('column-use-height').selectOption('ignore');
  await page.getByTestId('column-use-weight').selectOption('ignore');
  await expect(page.getByTestId('data-problem')).toHaveText(
    'No column is used as a feature: set at least one column to numeric or categorical.',
  );
  await expect(page.getByTestId('train-button')).toBeDisabled();
  // Undo brings the column back, like any other edit.
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('data-problem')).toHaveCount(0);
});

test('US macro: a sequential split trains on the past, and evaluation reports the target in its own units', async ({
  page,
}) => {
  await openStudio(page);
  await openSample(page, 'us-macro', 'US macroeconomics');
  await page.getByTestId('split-order').selectOption('sequential');
  await expect(page.getByTestId('split-seed')).toHaveCount(0);
  await expect(page.getByTestId('split-sizes')).toHaveText('142 training rows / 41 validation rows / 20 test rows');

  await setTrainingSetting(page, 'Epochs', '20');
  await trainToCompletion(page);
  // The model learns a standardised target; what the person sees is unemployment in percent
  // (3–11 % over 1959–2009), not standard deviations around 0.
  await page.getByTestId('predict-button').click();
  const predicted = Number(await page.getByTestId('predicted-value').textContent());
  expect(predicted).toBeGreaterThan(2);
  expect(predicted).toBeLessThan(12);
  await page.getByTestId('tab-evaluate').click();
  await expect(page.getByTestId('evaluate-split')).toHaveText('validation split, 41 rows');
  const mse = await page.getByTestId('eval-mse').textContent();
  await page.getByTestId('tab-train').click();
  await expect(page.getByTestId('latest-val_mse')).toHaveText(mse!);
});

test('text among numbers is reported with its row numbers, read as missing, and training still works', async ({
  page,
}) => {
  await openStudio(page);
  await page.getByTestId('tab-data').click();
  const rows = Array.from(
    { length: 40 },
    (_, i) => `${i === 2 ? 'heavy' : i === 5 ? '12 kg' : (i % 10) + 0.5},${i % 2 ? 'yes' : 'no'}`,
  );
  const csv = `weight,label\n${rows.join('\n')}\n`;
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'typos.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('dataset-name')).toHaveText('typos.csv');
  // The header is row 1: data rows 2 and 5 (0-based) are spreadsheet rows 4 and 7.
  await expect(page.getByTestId('column-text-among-numbers-weight')).toHaveText(
    'Mostly numbers, but rows 4, 7 hold text ("heavy", "12 kg"): read as missing.',
  );
  await expect(page.getByTestId('column-use-weight')).toHaveValue('numeric');
  await expect(page.getByTestId('column-impute-weight')).toHaveValue('mean');
  await setTrainingSetting(page, 'Epochs', '2');
  await trainToCompletion(page);
});

test('language words: the text column is tokenised by characters and the Text CNN template learns which language a word is from', async ({
  page,
}) => {
  await openStudio(page);
  await openSample(page, 'language-words', 'Language of a word');
  await expect(page.getByTestId('notice')).toContainText(
    'The model now starts from the Text CNN template, made for text data',
  );
  await expect(page.getByTestId('column-use-word')).toHaveValue('text');
  await expect(page.getByTestId('tokenizer-level-word')).toHaveValue('char');
  await expect(page.getByTestId('text-lengths-word')).toContainText(/95% have ≤ \d+ tokens/);
  expect(await inputFeatures(page)).toBe(16);

  await page.getByTestId('tab-design').click();
  await expect(page.getByTestId('node-embedding_1')).toContainText('(None, 16, 32)');
  await setTrainingSetting(page, 'Epochs', '2');
  await trainToCompletion(page, 110_000);
  // Seven languages: chance is 0.14.
  expect(Number(await page.getByTestId('latest-val_acc').textContent())).toBeGreaterThan(0.5);

  // The playground takes the word as typed and tokenises it as training did; only the text column is asked for.
  await expect(page.getByRole('form', { name: 'A row to predict' }).getByRole('textbox')).toHaveCount(1);
  await page.getByTestId('predict-input-word').fill('Schmetterling');
  await page.getByTestId('predict-button').click();
  await expect(page.getByTestId('predicted-label')).toHaveText(
    /^(english|german|french|spanish|italian|portuguese|dutch)$/,
  );
  await expect(page.getByTestId('prediction').getByRole('meter')).toHaveCount(7);
});

test('a table whose only input is free text is read as text, the model follows, and it trains', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('tab-data').click();
  const topics = ['budget', 'river', 'election', 'match', 'concert', 'storm', 'school', 'market'];
  const rows = Array.from(
    { length: 320 },
    (_, i) => `"News about the ${topics[i % 8]} from day ${i} in the city",${topics[i % 8]}`,
  );
  const csv = `description,section\n${rows.join('\n')}\n`;
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'news.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('dataset-name')).toHaveText('news.csv');
  await expect(page.getByTestId('notice')).toContainText(
    'The model now starts from the Text CNN template, made for text data',
  );
  await expect(page.getByTestId('column-use-description')).toHaveValue('text');
  // The sequence length is the texts' own 95th percentile (every text here has 10 words), not a fixed 64.
  await expect(page.getByTestId('tokenizer-length-description')).toHaveValue('10');
  await expect(page.getByTestId('data-problem')).toHaveCount(0);
  await setTrainingSetting(page, 'Epochs', '2');
  await trainToCompletion(page);
});
