import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const CI = !!process.env.CI;
/** Parallel checkouts (git worktrees) each serve their own build: `E2E_PORT=4174 npm run test:e2e`. */
const PORT = Number(process.env.E2E_PORT ?? 4173);

/**
 * E2E against the production build served by `vite preview`, in Debian's Chromium (Playwright
 * cannot download its own browsers here). WebGPU is enabled so backend choice is exercised; on a
 * machine without a GPU it is the SwiftShader fallback, which the app must decline.
 */
export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: CI ? 1 : 0,
  reporter: CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    acceptDownloads: true,
    trace: CI ? 'on-first-retry' : 'off',
    screenshot: 'only-on-failure',
    // The service worker precaches the whole build (about 7 MB) on every fresh context: only the offline spec lets it.
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
    },
  },
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort`,
    port: PORT,
    reuseExistingServer: !CI,
    timeout: 60_000,
  },
});
