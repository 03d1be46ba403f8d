import { expect, test } from '@playwright/test';
import { latestMetrics, openStudio, trainToCompletion, trainUntilCheckpointed } from './studio';

// Enough that a run on a fast machine is still going when the test breaks its worker: Iris trains a few hundred
// epochs a second on wasm since its Dense layers run fused, and the worker is broken 2.5 s in.
const EPOCHS = 4000;

test('a training worker that crashes mid-run is restarted, and the run goes on from its last checkpoint to the same end', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openStudio(page);
  await page.getByTestId('tab-train').click();
  await page.getByLabel('Epochs', { exact: true }).fill(String(EPOCHS));
  // SGD keeps no state of its own, so a resumed run must end exactly where an uninterrupted one does.
  await page.getByLabel('Optimiser').selectOption('sgd');
  await trainToCompletion(page, 120_000);
  const uninterrupted = await latestMetrics(page);

  const { epoch: crashedAt, worker } = await trainUntilCheckpointed(page);
  expect(crashedAt).toBeLessThan(EPOCHS);
  // An uncaught error in the training worker, as a bug or an out-of-memory abort would throw it.
  await worker.evaluate(() => {
    setTimeout(() => {
      throw new Error('Simulated crash');
    });
  });

  const note = page.getByTestId('run-note');
  await expect(note).toHaveText(
    /^The training worker crashed at epoch (\d+); restarted it and resumed from epoch (\d+)'s checkpoint\.$/,
    { timeout: 20_000 },
  );
  const [, at, from] = /at epoch (\d+); .* from epoch (\d+)'s/.exec((await note.textContent())!)!;
  expect(Number(at)).toBeGreaterThanOrEqual(crashedAt);
  expect(Number(from)).toBeLessThanOrEqual(Number(at));
  expect(Number(from)).toBeGreaterThan(0);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });
  // Every epoch once in the curves, none twice, and the very numbers of the run that never crashed.
  await expect(page.getByTestId('run-summary')).toHaveText(`${EPOCHS} epochs trained`);
  expect(await latestMetrics(page)).toEqual(uninterrupted);
  await expect(page.getByTestId('run-note')).toBeVisible();
  // The fresh worker keeps the model: prediction and export go on working.
  await expect(page.getByTestId('export-model')).toBeEnabled();
});

test('a run paused when its worker crashes comes back paused, and Resume carries it to the end with every epoch once', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openStudio(page);
  await page.getByTestId('tab-train').click();
  await page.getByLabel('Epochs', { exact: true }).fill(String(EPOCHS));
  const { worker } = await trainUntilCheckpointed(page);
  const progress = page.getByTestId('run-progress');
  const status = page.getByTestId('run-status');
  await page.getByTestId('pause-button').click();
  await expect(status).toHaveAttribute('data-status', 'paused', { timeout: 10_000 });
  const where = await progress.textContent();

  await worker.evaluate(() => {
    setTimeout(() => {
      throw new Error('Simulated crash');
    });
  });
  await expect(page.getByTestId('run-note')).toHaveText(
    /^The training worker crashed at epoch \d+; restarted it from epoch \d+'s checkpoint, paused as you asked\. The optimiser's accumulated state \(moments, momentum\) started afresh\.$/,
    { timeout: 20_000 },
  );
  // The fresh worker starts (a few seconds: tfjs, the backend check, the rows) and waits: nothing trains.
  await page.waitForTimeout(3_000);
  await expect(status).toHaveAttribute('data-status', 'paused');
  await expect(progress).toHaveText(where!);
  await page.waitForTimeout(1_500);
  await expect(progress).toHaveText(where!);
  await expect(status).toHaveAttribute('data-status', 'paused');

  await page.getByTestId('resume-button').click();
  await expect(status).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });
  await expect(page.getByTestId('run-summary')).toHaveText(`${EPOCHS} epochs trained`);
});

test('a training worker that stops answering is replaced after a minute, and the run goes on from its last checkpoint', async ({
  page,
}) => {
  test.setTimeout(300_000);
  // The page's clock runs as usual until the worker is silent; then the minute it waits is skipped.
  await page.clock.install();
  await openStudio(page);
  await page.getByTestId('tab-train').click();
  await page.getByLabel('Epochs', { exact: true }).fill(String(EPOCHS));
  const { worker } = await trainUntilCheckpointed(page);
  // The worker goes silent without an error: no event tells the page, only its unanswered pings.
  await worker.evaluate(() => {
    setTimeout(() => self.close());
  });
  // One jump sends a ping the closed worker never answers, the next finds it a minute unanswered.
  for (const jump of [6_000, 61_000]) {
    await page.waitForTimeout(500);
    await page.clock.fastForward(jump);
  }

  await expect(page.getByTestId('run-note')).toHaveText(
    /^The training worker stopped answering at epoch \d+; restarted it and resumed from epoch \d+'s checkpoint\. The optimiser's accumulated state \(moments, momentum\) started afresh\.$/,
    { timeout: 20_000 },
  );
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });
  await expect(page.getByTestId('run-summary')).toHaveText(`${EPOCHS} epochs trained`);
});
