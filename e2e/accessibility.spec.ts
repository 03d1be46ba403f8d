import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { openStudio, setTrainingSetting, trainToCompletion } from './studio';

/** axe's impacts that block a person outright (serious, critical); minor and moderate ones are advice. */
const BLOCKING = new Set(['serious', 'critical']);

/**
 * Checks the page as it is now against WCAG 2 A and AA, with the system in light and in dark mode;
 * every blocking violation is listed, with its elements.
 */
async function expectAccessible(page: Page, where: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    const blocking = violations.filter((violation) => BLOCKING.has(violation.impact ?? ''));
    const listed = blocking.map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help}\n` +
        violation.nodes
          .map((node) => `    ${node.target.join(' ')}\n      ${node.failureSummary?.replaceAll('\n', '\n      ')}`)
          .join('\n'),
    );
    // Soft: one run reports every view's violations, not only the first view's.
    expect.soft(listed, `${where}, ${colorScheme} mode`).toEqual([]);
  }
}

async function openView(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
  await expect(page.getByRole('tab', { name, exact: true })).toHaveAttribute('aria-selected', 'true');
}

test('every view of a table (Iris), its dialogs and the project menu have no serious or critical axe violation', async ({
  page,
}) => {
  // Eight views and dialogs, each checked twice (light, dark), a run and a sweep.
  test.setTimeout(240_000);
  await openStudio(page);
  await openView(page, 'Data');
  await expect(page.getByTestId('dataset-name')).toHaveText('Iris flowers');
  await expectAccessible(page, 'Data view');

  await page.getByTestId('library-item').first().getByRole('button', { name: 'Delete' }).click();
  const confirmation = page.getByRole('dialog');
  await expect(confirmation).toBeVisible();
  await expectAccessible(page, 'the confirmation dialog');
  await confirmation.getByRole('button', { name: 'Cancel' }).click();

  await openView(page, 'Design');
  await expect(page.getByTestId('node-input')).toBeVisible();
  await expectAccessible(page, 'Design view');
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectAccessible(page, 'the keyboard shortcuts dialog');
  await page.keyboard.press('Escape');

  await setTrainingSetting(page, 'Epochs', '3');
  await trainToCompletion(page);
  await expectAccessible(page, 'Train view, after a run');

  await page.getByRole('button', { name: 'Export model…' }).click();
  const exportDialog = page.getByRole('dialog');
  await expect(exportDialog.getByTestId('export-comparison')).toBeVisible({ timeout: 60_000 });
  await expectAccessible(page, 'the export dialog');
  await page.keyboard.press('Escape');

  await openView(page, 'Evaluate');
  await expect(page.getByTestId('confusion-matrix')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('confusion-cell-0-0').click();
  await expect(page.getByTestId('cell-examples')).toBeVisible();
  await expectAccessible(page, 'Evaluate view');

  await openView(page, 'Monitor');
  await page.getByLabel('Choose a batch').setInputFiles('public/samples/iris.csv');
  await expect(page.getByTestId('monitor-column')).toHaveCount(4, { timeout: 60_000 });
  await expectAccessible(page, 'Monitor view, with a drift report');

  await openView(page, 'Auto');
  await expect(page.getByRole('region', { name: 'Auto settings' })).toBeVisible();
  await expectAccessible(page, 'Auto view, its settings');

  await openView(page, 'Sweep');
  await page.getByLabel('Trials', { exact: true }).fill('2');
  await page.getByLabel('In parallel (workers)').fill('1');
  await page.getByRole('button', { name: 'Start sweep' }).click();
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-status', 'stopped', { timeout: 90_000 });
  await expectAccessible(page, 'Sweep view, after a sweep');
});

test('an image data set (digits): thumbnails named by class and place, and the views have no serious or critical axe violation', async ({
  page,
}) => {
  await openStudio(page);
  await openView(page, 'Data');
  await page.getByRole('button', { name: /Handwritten digits/ }).click();
  await expect(page.getByTestId('dataset-name')).toHaveText('Handwritten digits', { timeout: 60_000 });
  await expect(page.getByRole('img', { name: '3 — image 1 of 183' })).toBeVisible();
  await expectAccessible(page, 'Data view of images');

  await setTrainingSetting(page, 'Epochs', '2');
  await trainToCompletion(page);
  const digits = unzipSync(readFileSync('public/samples/digits.zip'));
  await page
    .getByLabel('An image file')
    .setInputFiles({ name: 'zero.png', mimeType: 'image/png', buffer: Buffer.from(digits['digits/0/0000.png']!) });
  await expect(page.getByRole('img', { name: 'The image predicted from, zero.png' })).toBeVisible();
  await expect(page.getByTestId('predicted-label')).not.toBeEmpty();
  await expectAccessible(page, 'Train view of an image model, with a prediction');

  await openView(page, 'Evaluate');
  await expect(page.getByTestId('confusion-matrix')).toBeVisible({ timeout: 60_000 });
  await expectAccessible(page, 'Evaluate view of an image model');
});
