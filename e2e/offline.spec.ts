import { expect, test } from '@playwright/test';
import { openStudio, studioReady, trainToCompletion } from './studio';

test.use({ serviceWorkers: 'allow' });

test('after the first visit the studio installs, opens, loads a sample and trains with no network', async ({
  page,
  context,
}) => {
  await openStudio(page);
  const manifest = await page.evaluate(async () =>
    (await fetch(document.querySelector<HTMLLinkElement>('link[rel="manifest"]')!.href)).json(),
  );
  expect(manifest).toMatchObject({ name: 'Tensorloom', display: 'standalone' });
  // The service worker is active once it has stored the whole build.
  await page.evaluate(() => navigator.serviceWorker.ready);

  await context.setOffline(true);
  await page.reload();
  await studioReady(page);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  // A sample not loaded before comes from the cache too.
  await page.getByTestId('tab-data').click();
  await page.getByTestId('sample-language-words').click();
  await expect(
    page
      .getByTestId('dataset-name')
      .filter({ hasText: /language/i })
      .first(),
  ).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('tab-train').click();
  await page.getByLabel('Epochs', { exact: true }).fill('2');
  await trainToCompletion(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});
