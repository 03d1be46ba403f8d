import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { backendShown, openStudio, setTrainingSetting, studioReady, trainToCompletion } from './studio';

const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

/** What a run's backend line should say about wasm's threads on this machine. */
async function expectedWasmLabel(page: Page): Promise<RegExp> {
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  return cores > 1
    ? new RegExp(`wasm · SIMD · ${Math.min(cores, 4)} threads`)
    : /wasm · SIMD · single-threaded: this machine has one core/;
}

test('the preview sends COOP and COEP, and the page is cross-origin isolated', async ({ page }) => {
  const response = await page.goto('/');
  expect(response!.headers()).toMatchObject(ISOLATION_HEADERS);
  await studioReady(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  // The scripts, the sample's rows and the training worker load under require-corp too.
  await expect(page.getByTestId('node-input')).toContainText('(None, 4)');
});

test('a run trains on wasm with threads, and the backend line says so', async ({ page }) => {
  await openStudio(page);
  await setTrainingSetting(page, 'Epochs', '5');
  await trainToCompletion(page);
  const backend = backendShown(page);
  await expect(backend.name).toHaveText('wasm');
  await expect(backend.reason).toHaveText(await expectedWasmLabel(page));
});

test('a page served without the headers trains on one thread and says why', async ({ page }) => {
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = Object.fromEntries(
      Object.entries(response.headers()).filter(([name]) => !(name in ISOLATION_HEADERS)),
    );
    await route.fulfill({ response, headers });
  });
  await openStudio(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await setTrainingSetting(page, 'Epochs', '5');
  await trainToCompletion(page);
  const backend = backendShown(page);
  await expect(backend.name).toHaveText('wasm');
  await expect(backend.reason).toHaveText(/wasm · SIMD · single-threaded: this page is not cross-origin isolated\.$/);
});

test('the dev server (npm start) sends the same headers', async ({ page }) => {
  const server = await createServer({
    configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
    server: { port: 0 },
    logLevel: 'silent',
  });
  await server.listen();
  try {
    const response = await page.goto(server.resolvedUrls!.local[0]!);
    expect(response!.headers()).toMatchObject(ISOLATION_HEADERS);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  } finally {
    await server.close();
  }
});
