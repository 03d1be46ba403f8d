// Main-thread long tasks (> 50 ms, PerformanceObserver) while a 4-worker sweep runs with the Sweep view
// open, in headless Chromium against the production build: Iris with the default MLP, the sweep set up
// and started through its form as a person would (a budget far beyond 30 s), then 30 s observed while
// trials report, finish and redraw the result charts. Training runs in workers, so the target is 0.
// Prints one JSON line: {"bench":"sweep-longtasks","workers":4,"seconds":30,"longTasks":…,"longestMs":…,
// "cpuLongTasks":…,"longestCpuMs":…,"trials":<trials asked by the end>}.
// As in bench/longtasks.mjs, longTasks is wall-clock (it grows when other processes share the cores) and a
// second, traced run gives the same tasks by the main thread's own CPU time.
// Assumes `vite build` has run (npm run bench does it). BENCH_ONLY=sweep-longtasks runs it alone.
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import { mainThreadTaskCpuMs, observeLongTasks, openStudioPage, TRACE_CATEGORIES } from './trace.mjs';

if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== 'sweep-longtasks') process.exit(0);

const WORKERS = 4;
const OBSERVED_MS = 30_000;

const server = await preview({
  preview: { port: Number(process.env.BENCH_PORT ?? 4174), strictPort: true },
  logLevel: 'warn',
});
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const observed = await sweep30s(false);
  const traced = await sweep30s(true);
  console.log(
    JSON.stringify({
      bench: 'sweep-longtasks',
      workers: WORKERS,
      seconds: OBSERVED_MS / 1000,
      longTasks: observed.longTasks.length,
      longestMs: Math.round(Math.max(0, ...observed.longTasks)),
      cpuLongTasks: traced.cpuTaskMs.filter((ms) => ms > 50).length,
      longestCpuMs: Math.round(Math.max(0, ...traced.cpuTaskMs)),
      trials: observed.trials,
    }),
  );
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}

/** One fresh page sweeping for OBSERVED_MS: its long tasks, and with `traced` each main-thread task's CPU time. */
async function sweep30s(traced) {
  const page = await openStudioPage(browser, server.resolvedUrls.local[0]);
  await page.getByTestId('tab-sweep').click();
  await page.getByLabel('Trials', { exact: true }).fill('10000');
  await page.getByLabel('In parallel (workers)', { exact: true }).fill(String(WORKERS));
  if (traced) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await observeLongTasks(page);
  await page.getByRole('button', { name: 'Start sweep' }).click();
  // Polled by timer, not by animation frame: a busy main thread is what this measures, and must not stall the wait.
  await page.waitForFunction(
    () => document.querySelector('[data-testid="sweep-status"]')?.getAttribute('data-status') === 'running',
    null,
    { polling: 100 },
  );
  await page.waitForTimeout(OBSERVED_MS);
  const { longTasks, status, trials } = await page.evaluate(() => ({
    longTasks: window.__longTasks,
    status: document.querySelector('[data-testid="sweep-status"]')?.getAttribute('data-status'),
    trials: document.querySelectorAll('[data-testid="sweep-trial"]').length,
  }));
  const cpuTaskMs = traced ? mainThreadTaskCpuMs(JSON.parse((await browser.stopTracing()).toString()).traceEvents) : [];
  if (status !== 'running')
    throw new Error(
      `The sweep was no longer running after ${OBSERVED_MS / 1000} s (${status}): the measurement is void.`,
    );
  await page.context().close();
  return { longTasks, trials, cpuTaskMs };
}
