import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { downloadsOf, openStudio, setTrainingSetting, studioReady } from './studio';

test('a 6-trial sweep on Iris with 2 workers completes, shows its views, exports as Python, and apply best / train best use its settings', async ({
  page,
}) => {
  await openStudio(page);
  await setTrainingSetting(page, 'Epochs', '3');
  await page.getByTestId('tab-sweep').click();
  // The proposed space: learning rate, batch size and the tunable layer params.
  await expect(page.getByTestId('sweep-param-training.learningRate')).toBeChecked();
  await expect(page.getByTestId('sweep-param-nodes.dense_1.params.units')).toBeChecked();

  // Bad input is refused before the sweep starts, with the reason.
  await page.getByTestId('sweep-low-training.learningRate').fill('0');
  await expect(page.getByTestId('sweep-problems')).toContainText('log');
  await expect(page.getByTestId('sweep-start')).toBeDisabled();
  await page.getByTestId('sweep-low-training.learningRate').fill('0.001');
  await page.getByTestId('sweep-trials').fill('0');
  await expect(page.getByTestId('sweep-problems')).toContainText('at least 1 trial');
  await page.getByTestId('sweep-trials').fill('6');
  await page.getByTestId('sweep-parallel').fill('2');
  await page.getByTestId('sweep-objective').selectOption('val_acc');
  await expect(page.getByTestId('sweep-problems')).toHaveCount(0);

  await page.getByTestId('sweep-start').click();
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-status', 'stopped', { timeout: 110_000 });
  await expect(page.getByTestId('sweep-status')).toContainText('trial budget spent');
  await expect(page.getByTestId('sweep-trial')).toHaveCount(6);
  const finished = await page.locator('[data-testid="sweep-trial"][data-state="complete"]').count();
  expect(finished).toBeGreaterThan(0);
  await expect(page.getByTestId('pc-line')).toHaveCount(finished);
  const best = await page.getByTestId('sweep-best').textContent();
  expect(Number(best)).toBeGreaterThan(0);

  // The views: a learning curve per trial (the best marked), importance and one slice plot per searched param.
  const searched = await page.getByRole('checkbox', { name: /^Search /, checked: true }).count();
  const curves = page.getByTestId('sweep-curves');
  // The curves follow the trials at most once a second: they may still be a redraw behind the status line.
  await expect.poll(async () => Number(await curves.getAttribute('data-curves'))).toBeGreaterThanOrEqual(finished);
  await expect(curves).toHaveAttribute('data-best', /^\d+$/);
  await expect(page.getByTestId('sweep-importance')).toContainText(
    finished >= 5 ? 'Learning rate' : 'needs at least 5 complete trials',
  );
  await expect(page.getByTestId('sweep-slice')).toHaveCount(searched);
  // The best trial is marked (a diamond) in best-so-far and in every slice, and named in the text alternative.
  const bestSoFar = page.getByTestId('sweep-best-so-far');
  await expect(bestSoFar.getByTestId('plot-best')).toHaveCount(1);
  await expect(bestSoFar.getByRole('img')).toHaveAttribute(
    'aria-label',
    new RegExp(
      `^Best val_acc so far: ${best!.replace(/\./g, '\\.')} \\(trial \\d+\\) after ${finished} finished trials`,
    ),
  );
  await expect(page.getByTestId('sweep-slice').getByTestId('plot-best')).toHaveCount(searched);

  // Export as Python: each script comes with the data it reads, and states the sweep's budget and space.
  const scripts = new Map<string, string>();
  for (const [target, budget] of [
    ['optuna', '"--trials", type=int, default=6,'],
    ['ray', 'num_samples=6'],
  ] as const) {
    const files = await downloadsOf(page, `sweep-export-${target}`, 2);
    const scriptName = [...files.keys()].find((name) => name.endsWith(`-sweep-${target}.py`))!;
    const script = new TextDecoder().decode(files.get(scriptName));
    scripts.set(target, script);
    expect(script).toContain(budget);
    expect(script).toContain('"training.learningRate"');
    expect(script).toContain('"nodes.dense_1.params.units"');
    const data = files.get('tensorloom_data.npz')!;
    expect(Object.keys(unzipSync(data)).sort()).toEqual(['x_train.npy', 'x_val.npy', 'y_train.npy', 'y_val.npy']);
  }
  // The same sweep training with PyTorch: the PyTorch export's module, the same space.
  await page.getByLabel('Framework of the Python export').selectOption('pytorch');
  const torchFiles = await downloadsOf(page, 'sweep-export-optuna', 2);
  const torchScript = new TextDecoder().decode(
    torchFiles.get([...torchFiles.keys()].find((name) => name.endsWith('-sweep-optuna-pytorch.py'))!),
  );
  expect(torchScript).toContain('class TensorloomModel(nn.Module):');
  expect(torchScript).toContain('"nodes.dense_1.params.units"');

  // Apply best: the best trial's learning rate lands in the training settings.
  const rows = page.locator('[data-testid="sweep-trial"][data-state="complete"]');
  const bestRow = rows.filter({ hasText: best! }).first();
  const learningRate = Number(await bestRow.getByRole('cell').nth(2).textContent());
  await page.getByTestId('sweep-apply-best').click();
  await expect(page.getByTestId('notice')).toContainText('Applied trial');
  await page.getByTestId('tab-train').click();
  expect(Number(await page.getByLabel('Learning rate', { exact: true }).inputValue())).toBeCloseTo(learningRate, 2);

  // Train best fully: a normal run with those settings, in the Train view.
  await page.getByTestId('tab-sweep').click();
  await page.getByTestId('sweep-train-best').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 60_000 });
  expect(Number(await page.getByLabel('Learning rate', { exact: true }).inputValue())).toBeCloseTo(learningRate, 2);

  // Import Optuna trials…: what the exported script wrote (here two trials at the low end of its own
  // space) joins the ended sweep, marked; a file outside the space is refused in a sentence, the sweep kept.
  await page.getByTestId('tab-sweep').click();
  const low = Object.fromEntries(
    [...scripts.get('optuna')!.matchAll(/^ *"[^"]+": trial\.suggest_(\w+)\("([^"]+)", (.+)\),$/gm)].map(
      ([, kind, path, args]) => [path!, kind === 'categorical' ? JSON.parse(args!)[0] : Number(args!.split(',')[0])],
    ),
  );
  expect(Object.keys(low)).toContain('training.learningRate');
  const trialsFile = (params: Record<string, unknown>) => ({
    name: 'tensorloom_trials.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        format: 'tensorloom-optuna-trials',
        version: 1,
        study_name: 'tensorloom',
        direction: 'maximize',
        metric: 'val_acc',
        trials: [0, 1].map((number) => ({
          number,
          state: number === 0 ? 'COMPLETE' : 'PRUNED',
          params,
          value: number === 0 ? 0.5 : null,
          intermediate_values: { '1': 0.4 },
          datetime_start: '2026-12-06T15:00:00+00:00',
          datetime_complete: '2026-12-06T15:01:00+00:00',
        })),
      }),
    ),
  });
  const importTrials = page.getByLabel('Import Optuna trials…');
  await importTrials.setInputFiles(trialsFile({ ...low, 'training.learningRate': 5 }));
  await expect(page.getByTestId('notice')).toContainText("Learning rate 5, outside the sweep's range");
  await expect(page.getByTestId('sweep-trial')).toHaveCount(6);
  await importTrials.setInputFiles(trialsFile(low));
  await expect(page.getByTestId('notice')).toContainText('Imported 2 trials of the Optuna study "tensorloom"');
  await expect(page.locator('[data-testid="sweep-trial"][data-imported]')).toHaveCount(2);
  await expect(page.getByTestId('sweep-trial').filter({ hasText: '(imported)' })).toHaveCount(2);
});

test('a reload right after trials finish keeps every one the view showed finished; the resumed sweep completes its budget', async ({
  page,
}) => {
  await openStudio(page);
  await setTrainingSetting(page, 'Epochs', '30');
  await page.getByTestId('tab-sweep').click();
  await page.getByTestId('sweep-trials').fill('8');
  await page.getByTestId('sweep-parallel').fill('2');
  await page.getByTestId('sweep-pruner').selectOption('none');
  await page.getByTestId('sweep-start').click();
  const trials = page.getByTestId('sweep-trial');
  const complete = page.locator('[data-testid="sweep-trial"][data-state="complete"]');
  await expect(complete.nth(3)).toBeVisible({ timeout: 90_000 });
  // Read what the view shows and reload at once, while the two workers are busy with the next trials.
  const shown = await complete.evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)),
  );
  await page.reload();

  await studioReady(page);
  await page.getByTestId('tab-sweep').click();
  for (const cells of shown) {
    const row = trials.filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${cells[0]}$`) }) });
    await expect(row, `trial ${cells[0]}`).toHaveAttribute('data-state', 'complete');
    // Kept, not run again: the same value.
    await expect(row.getByRole('cell').nth(-2)).toHaveText(cells.at(-2)!);
  }
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-status', 'stopped', { timeout: 110_000 });
  await expect(trials).toHaveCount(8);
  await expect(complete).toHaveCount(8);
});
