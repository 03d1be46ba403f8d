import { expect, test } from '@playwright/test';
import { downloadsOf, openStudio, studioReady } from './studio';

test('Auto on Iris within 30 s: a leaderboard, the Pareto chart, a candidate\'s curves, and "Use this model" brings its trained weights to Evaluate', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await openStudio(page);
  await page.getByTestId('tab-auto').click();
  const settings = page.getByRole('region', { name: 'Auto settings' });
  await settings.getByLabel('Time budget').selectOption('custom');
  // Bad input is refused in words, and nothing changes.
  await settings.getByLabel('Minutes').fill('0');
  await expect(page.getByTestId('auto-settings-problem')).toContainText(
    'The time budget must be above 0 minutes; it is 0.',
  );
  await settings.getByLabel('Minutes').fill('0.5');
  await expect(page.getByTestId('auto-settings-problem')).toBeHidden();
  await settings.getByLabel('In parallel (workers)').fill('2');
  await page.getByTestId('auto-start').click();
  await expect(page.getByTestId('auto-status')).toHaveAttribute('data-status', 'stopped', { timeout: 90_000 });
  await expect(page.getByTestId('auto-status')).toContainText('time budget spent');

  const leaderboard = page.getByRole('table', { name: 'Leaderboard' });
  const finished = leaderboard.getByRole('row').filter({ hasText: 'finished' });
  await expect(finished.first()).toBeVisible();
  // Measured in this browser: a size and a latency for the best candidate.
  await expect(finished.first().getByRole('cell').nth(4)).toHaveText(/^\d/);
  await expect(finished.first().getByRole('cell').nth(6)).toHaveText(/^\d/);
  await expect(
    page.getByRole('img', { name: /^val_acc against float32 size \(kB\), \d+ candidates; on the Pareto front: / }),
  ).toBeVisible();
  await page.getByRole('radio', { name: 'Latency' }).check();
  await expect(page.getByRole('img', { name: /^val_acc against latency/ })).toBeVisible();

  // The search as an Optuna script with the same conditional space, beside its data.
  const files = await downloadsOf(page, 'action-exportAutoPython', 2);
  const script = new TextDecoder().decode(
    files.get([...files.keys()].find((name) => name.endsWith('-auto-optuna.py'))!),
  );
  expect(script).toContain('"auto.family"');
  expect(files.has('tensorloom_data.npz')).toBe(true);

  // The finalists cross-validated meanwhile: whether the best beats the runner-up, in words.
  await expect(page.getByTestId('auto-finalists')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('auto-finalists')).toContainText(/beyond noise|practically equivalent|told apart/);

  // A candidate's learning curves, as the Train view draws a run's.
  await finished.first().getByRole('cell').nth(1).getByRole('button').click();
  const curves = page.getByRole('region', { name: /^Curves of candidate \d+ / });
  await expect(curves.getByRole('img', { name: 'Loss by epoch' })).toBeVisible();

  // Its trial's own weights, kept as a run: no training starts.
  await finished.first().getByRole('button', { name: 'Use this model' }).click();
  await expect(page.getByRole('status').filter({ hasText: /on the canvas with the weights it trained/ })).toBeVisible();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed');
  await page.getByTestId('tab-evaluate').click();
  await expect(page.getByTestId('evaluate-split')).toHaveText('validation split, 30 rows');
  await expect(page.getByTestId('eval-accuracy')).toHaveText(/\d/);

  // The settings are the project's: a reload keeps them.
  await page.reload();
  await studioReady(page);
  await page.getByTestId('tab-auto').click();
  await expect(settings.getByLabel('Minutes')).toHaveValue('0.5');
  await expect(settings.getByLabel('In parallel (workers)')).toHaveValue('2');
});
