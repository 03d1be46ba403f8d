// Builds the bench page, serves it with `vite preview`, and runs it in headless Chromium once per
// backend, printing one JSON line each: {"model":"mlp","backend":"wasm","samplesPerSec":…}.
// A backend that fails or exceeds its time prints a line with an `error` field instead.
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

const CONFIG = fileURLToPath(new URL('./vite.config.ts', import.meta.url));
// Fastest first, so the quick numbers print before the software WebGPU crawls through its run.
const BACKENDS = ['wasm', 'cpu', 'webgpu'];
const TIME_LIMIT_MS = 10 * 60 * 1000;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

await build({ configFile: CONFIG, logLevel: 'warn' });
const server = await preview({ configFile: CONFIG, logLevel: 'warn' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
let failed = false;
try {
  const url = new URL('bench.html', server.resolvedUrls.local[0]).href;
  for (const backend of BACKENDS) {
    const page = await browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await page.goto(url);
      await page.waitForFunction(() => 'runBench' in window);
      let timer;
      const result = await Promise.race([
        page.evaluate((name) => window.runBench(name), backend),
        new Promise((resolve) => {
          timer = setTimeout(() => resolve({ model: 'mlp', backend, error: `exceeded ${TIME_LIMIT_MS / 1000} s` }), TIME_LIMIT_MS);
        }),
      ]).finally(() => clearTimeout(timer));
      failed ||= 'error' in result;
      console.log(JSON.stringify(result));
    } catch (error) {
      failed = true;
      const message = [error instanceof Error ? error.message.split('\n')[0] : String(error), ...pageErrors].join('; ');
      console.log(JSON.stringify({ model: 'mlp', backend, error: message }));
    } finally {
      await page.close();
    }
  }
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
process.exitCode = failed ? 1 : 0;
