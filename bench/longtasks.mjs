// Main-thread long tasks (> 50 ms, PerformanceObserver) while the app trains, in headless Chromium
// against the production build: Iris with the default MLP, Train pressed as a person would, then
// 20 s of training with live curves. Training runs in the worker, so the target is 0.
// Prints one JSON line: {"bench":"training-long-tasks","seconds":20,"longTasks":…,"longestMs":…,"cpuLongTasks":…,"longestCpuMs":…,"progress":"<the run status line>"}.
// longTasks is wall-clock, as the target counts it, so it grows when other processes share the cores.
// A second run, traced, gives cpuLongTasks and longestCpuMs: the same main-thread tasks by the thread's own
// CPU time, which load does not inflate (tracing perturbs the timing, so the first run is not traced).
// Assumes `vite build` has run (npm run bench does it). BENCH_ONLY=training-long-tasks runs it alone.
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import { mainThreadTaskCpuMs, observeLongTasks, openStudioPage, TRACE_CATEGORIES } from './trace.mjs';

if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== 'training-long-tasks') process.exit(0);

const OBSERVED_MS = 20_000;

const server = await preview({
  preview: { port: Number(process.env.BENCH_PORT ?? 4174), strictPort: true },
  logLevel: 'warn',
});
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const observed = await train20s(false);
  const traced = await train20s(true);
  console.log(
    JSON.stringify({
      bench: 'training-long-tasks',
      seconds: OBSERVED_MS / 1000,
      longTasks: observed.longTasks.length,
      longestMs: Math.round(Math.max(0, ...observed.longTasks)),
      cpuLongTasks: traced.cpuTaskMs.filter((ms) => ms > 50).length,
      longestCpuMs: Math.round(Math.max(0, ...traced.cpuTaskMs)),
      progress: observed.progress?.trim(),
    }),
  );
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}

/** One fresh page trained for OBSERVED_MS: its long tasks, and with `traced` each main-thread task's CPU time. */
async function train20s(traced) {
  const page = await openStudioPage(browser, server.resolvedUrls.local[0]);
  await page.getByTestId('tab-train').click();
  // More epochs than 20 s can finish: the run is still going when the observation ends.
  await page.getByLabel('Epochs', { exact: true }).fill('10000');
  // Small batches too: with its fused kernels Iris trains 10,000 epochs of batch 16 in under 20 s.
  await page.getByLabel('Batch size', { exact: true }).fill('4');
  if (traced) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await observeLongTasks(page);
  await page.getByTestId('train-button').click();
  // Polled by timer, not by animation frame: a busy main thread is what this measures, and must not stall the wait.
  await page.waitForFunction(
    () => document.querySelector('[data-testid="run-status"]')?.getAttribute('data-status') === 'running',
    null,
    { polling: 100 },
  );
  await page.waitForTimeout(OBSERVED_MS);
  const { longTasks, status, progress } = await page.evaluate(() => ({
    longTasks: window.__longTasks,
    status: document.querySelector('[data-testid="run-status"]')?.getAttribute('data-status'),
    progress: document.querySelector('[data-testid="run-status"]')?.textContent,
  }));
  const cpuTaskMs = traced ? mainThreadTaskCpuMs(JSON.parse((await browser.stopTracing()).toString()).traceEvents) : [];
  if (status !== 'running')
    throw new Error(
      `The run was no longer training after ${OBSERVED_MS / 1000} s (${status}): the measurement is void.`,
    );
  await page.context().close();
  return { longTasks, progress, cpuTaskMs };
}
