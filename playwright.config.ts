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
/**
 * Specs whose runs race the clock or a budget (a k-fold step, a watchdog, a GPU device lost mid-run,
 * Auto's time budget, wasm threads): they run one at a time after the rest, with the machine to
 * themselves, so a busy neighbour cannot fail them. Every other spec file runs two at a time.
 */
const ALONE = /(training-options|crash|webgpu|auto|threads|wasm-conv)\.spec\.ts$/;

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  projects: [
    { name: 'shared', testIgnore: ALONE },
    { name: 'alone', testMatch: ALONE, workers: 1, dependencies: ['shared'] },
  ],
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
