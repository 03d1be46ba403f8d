import { expect, test, type Page } from '@playwright/test';
import { openStudio, runRow, setTrainingSetting, studioReady, trainToCompletion } from './studio';

async function reload(page: Page) {
  await page.waitForTimeout(1_000); // the project's autosave is debounced
  await page.reload();
  await studioReady(page);
  await page.getByTestId('tab-train').click();
}

test('runs are kept across a reload: compare two, rename one, restore the first one’s settings, delete one', async ({
  page,
}) => {
  await openStudio(page);
  await setTrainingSetting(page, 'Epochs', '2');
  await setTrainingSetting(page, 'Learning rate', '0.01');
  await trainToCompletion(page);
  const firstValAcc = await page.getByTestId('latest-val_acc').textContent();
  await setTrainingSetting(page, 'Learning rate', '0.05');
  await trainToCompletion(page);
  const secondValAcc = await page.getByTestId('latest-val_acc').textContent();

  await expect(page.getByTestId('run-row')).toHaveCount(2);
  await reload(page);
  // Newest first, each with the final validation accuracy its run showed.
  await expect(page.getByTestId('run-name')).toHaveCount(2);
  await expect(page.getByTestId('run-name').nth(0)).toHaveValue('Run 2 · Adam 0.05');
  await expect(page.getByTestId('run-name').nth(1)).toHaveValue('Run 1 · Adam 0.01');
  await expect(runRow(page, 'Run 1 · Adam 0.01').getByTestId('run-metric-val_acc')).toHaveText(firstValAcc!);
  await expect(runRow(page, 'Run 2 · Adam 0.05').getByTestId('run-metric-val_acc')).toHaveText(secondValAcc!);
  await expect(runRow(page, 'Run 1 · Adam 0.01')).toHaveAttribute('data-status', 'completed');
  // The trained model is kept with each run (model.json and its weights: a few kB for Iris's MLP).
  await expect(runRow(page, 'Run 1 · Adam 0.01').getByTestId('run-weights')).toHaveText(/^\d+(\.\d)? kB$/);
  const kept = await page.evaluate(
    async (id) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('tensorloom');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const files = await new Promise<{ name: string; bytes: Uint8Array }[]>((resolve) => {
        const request = db.transaction('runWeights').objectStore('runWeights').get(id!);
        request.onsuccess = () => resolve(request.result);
      });
      db.close();
      const modelJson = JSON.parse(new TextDecoder().decode(files.find((file) => file.name === 'model.json')!.bytes));
      const weights: { shape: number[]; dtype: string }[] = modelJson.weightsManifest.flatMap(
        (group: { weights: unknown[] }) => group.weights,
      );
      return {
        names: files.map((file) => file.name),
        shardBytes: files
          .filter((file) => file.name.endsWith('.bin'))
          .reduce((total, file) => total + file.bytes.byteLength, 0),
        float32Bytes: weights.reduce((total, w) => total + 4 * w.shape.reduce((a, b) => a * b, 1), 0),
      };
    },
    await runRow(page, 'Run 1 · Adam 0.01').getAttribute('data-run-id'),
  );
  expect(kept.names).toEqual(expect.arrayContaining(['model.json', 'group1-shard1of1.bin', 'metadata.json']));
  expect(kept.shardBytes).toBeGreaterThan(0);
  expect(kept.shardBytes).toBe(kept.float32Bytes);

  // Sorting by name puts Run 1 first; clicking again reverses it.
  await page.getByTestId('runs-table').getByRole('button', { name: 'Name' }).click();
  await expect(page.getByTestId('run-name').nth(0)).toHaveValue('Run 1 · Adam 0.01');
  await page.getByTestId('runs-table').getByRole('button', { name: 'Name' }).click();
  await expect(page.getByTestId('run-name').nth(0)).toHaveValue('Run 2 · Adam 0.05');

  // Both curves in one chart, one line per run, named in the legend.
  await runRow(page, 'Run 1 · Adam 0.01').getByTestId('run-compare').check();
  await runRow(page, 'Run 2 · Adam 0.05').getByTestId('run-compare').check();
  const overlay = page.getByTestId('runs-overlay');
  await expect(overlay.getByTestId('overlay-metric')).toHaveValue('val_loss');
  await expect(
    overlay.getByRole('img', {
      name: 'val_loss by epoch, one line for each run: Run 1 · Adam 0.01, Run 2 · Adam 0.05',
    }),
  ).toBeVisible();
  await expect(overlay.getByRole('listitem')).toHaveText(['Run 1 · Adam 0.01', 'Run 2 · Adam 0.05']);
  await overlay.getByTestId('overlay-metric').selectOption('val_acc');
  await expect(overlay.getByRole('img', { name: /^val_acc by epoch, one line for each run: Run 1/ })).toBeVisible();

  // Rename in place; the name survives a reload.
  const name = runRow(page, 'Run 2 · Adam 0.05').getByTestId('run-name');
  await name.fill('Faster rate');
  await name.press('Enter');
  await expect(runRow(page, 'Faster rate')).toHaveCount(1);
  await reload(page);
  await expect(runRow(page, 'Faster rate')).toHaveCount(1);

  // Restore the first run's settings: the learning rate goes back to 0.01; undo brings 0.05 back.
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.05');
  await runRow(page, 'Run 1 · Adam 0.01').getByTestId('run-restore').click();
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.01');
  await page.getByTestId('runs-panel').getByRole('heading', { name: 'Runs' }).click();
  await page.keyboard.press('Control+z');
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.05');

  // Delete asks first; cancelling keeps the run, confirming removes it for good.
  await runRow(page, 'Faster rate').getByTestId('run-delete').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText('Delete Faster rate?');
  await expect(dialog).toContainText('This cannot be undone.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('run-row')).toHaveCount(2);
  await runRow(page, 'Faster rate').getByTestId('run-delete').click();
  await dialog.getByTestId('confirm-yes').click();
  await expect(page.getByTestId('run-row')).toHaveCount(1);
  await reload(page);
  await expect(page.getByTestId('run-row')).toHaveCount(1);
  await expect(runRow(page, 'Run 1 · Adam 0.01')).toHaveCount(1);
});

test('a full disk: the run ends as usual, is listed, and the runs panel says it could not be kept', async ({
  page,
  baseURL,
}) => {
  // Chromium lets a test shrink the origin's quota before the origin first touches storage.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL!).origin, quotaSize: 2e6 });
  await openStudio(page);
  await setTrainingSetting(page, 'Epochs', '2');
  // Then another database takes what is left, 50 kB at a time, as other data would.
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('filler', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('blobs');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    for (let key = 0; ; key++) {
      const stored = await new Promise<boolean>((resolve) => {
        const tx = db.transaction('blobs', 'readwrite');
        tx.objectStore('blobs').put(crypto.getRandomValues(new Uint8Array(50_000)), key);
        tx.oncomplete = () => resolve(true);
        tx.onabort = () => resolve(false);
      });
      if (!stored) return;
    }
  });
  await trainToCompletion(page);

  await expect(page.getByTestId('latest-val_acc')).toHaveText(/\d/);
  await expect(page.getByTestId('run-row')).toHaveCount(1);
  await expect(page.getByTestId('runs-error')).toHaveText(
    "Run 1 · Adam 0.01 is listed until you reload, but could not be kept in this browser: The browser's storage for this site is full. Delete data sets you no longer need, or allow the site more storage, and try again.",
  );
});
