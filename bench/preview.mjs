// Scrolling the Data view's preview through a 1,000,000-row table, in headless Chromium against the
// production build. Imports a generated 1M × 20 CSV through the page's file input, then scrolls the
// preview twice, one scroll step per animation frame, while a PerformanceObserver records long tasks
// (> 50 ms) on the main thread:
// - "sweep": top to bottom in SWEEP_STEPS steps (thousands of rows a frame, as dragging the scroll bar);
// - "read": READ_ROWS_PER_FRAME rows a frame for READ_MS (a steady wheel) from the middle.
// Prints one JSON line: {"bench":"preview-scroll","rows":1000000,"sweep":{fps,longTasks,longestTaskMs,
// busyFrames},"read":{…},"lastRowMs":…,"domRows":…}; `busyFrames` is the share of frames that showed a
// placeholder row, `lastRowMs` how long the last row took to show after the sweep stopped.
// Assumes `vite build` has run (npm run bench does it). BENCH_ONLY=preview-scroll runs it alone;
// BENCH_PORT picks the port (default 4174).
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import { writeSyntheticCsv } from './syntheticCsv.mjs';

const BENCH = 'preview-scroll';
const ROWS = 1_000_000;
const SWEEP_STEPS = 300;
const READ_ROWS_PER_FRAME = 3;
const READ_MS = 3000;
const IMPORT_TIMEOUT_MS = 10 * 60 * 1000;

if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== BENCH) process.exit(0);

const path = join(tmpdir(), `tensorloom-preview-bench-${process.pid}.csv`);
const server = await preview({
  preview: { port: Number(process.env.BENCH_PORT ?? 4174), strictPort: true },
  logLevel: 'warn',
});
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  await writeSyntheticCsv(path, { rows: ROWS });
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await page.goto(server.resolvedUrls.local[0]);
  await page.waitForSelector('.app[data-ready="true"]');
  await page.getByTestId('tab-data').click();
  await page.getByTestId('file-input').setInputFiles(path);
  await page.getByTestId('row-count').filter({ hasText: '1,000,000 rows' }).waitFor({ timeout: IMPORT_TIMEOUT_MS });
  await page.getByTestId('preview-table').scrollIntoViewIfNeeded();

  const sweep = await page.evaluate(scrollMeasured, { kind: 'sweep', rows: ROWS, steps: SWEEP_STEPS });
  const lastRowMs = await page.evaluate(async (rows) => {
    const started = performance.now();
    while (!document.querySelector(`[data-row="${rows}"][aria-busy="false"]`))
      await new Promise((resolve) => setTimeout(resolve, 5));
    return Math.round(performance.now() - started);
  }, ROWS);
  const domRows = await page.getByTestId('preview-table').getByRole('row').count();
  const read = await page.evaluate(scrollMeasured, {
    kind: 'read',
    rows: ROWS,
    rowsPerFrame: READ_ROWS_PER_FRAME,
    ms: READ_MS,
  });
  console.log(JSON.stringify({ bench: BENCH, rows: ROWS, sweep, read, lastRowMs, domRows }));
} catch (error) {
  console.log(
    JSON.stringify({ bench: BENCH, error: error instanceof Error ? error.message.split('\n')[0] : String(error) }),
  );
  process.exitCode = 1;
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
  await rm(path, { force: true });
}

/** Runs in the page: scrolls the preview one step a frame and measures frames, long tasks and placeholder rows. */
async function scrollMeasured(plan) {
  const table = document.querySelector('[data-testid="preview-table"]');
  const range = table.scrollHeight - table.clientHeight;
  const longTasks = [];
  const observer = new PerformanceObserver((list) =>
    longTasks.push(...list.getEntries().map((entry) => entry.duration)),
  );
  observer.observe({ type: 'longtask' });
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  await nextFrame();
  let frames = 0;
  let busyFrames = 0;
  const started = performance.now();
  const middle = range / 2;
  // Scroll pixels per row: the rows' height (24 px each) is scaled down to the scroll range (see virtualWindow.ts).
  const viewportHeight = table.clientHeight - 24;
  const scrollPerRow = (24 * range) / (plan.rows * 24 - viewportHeight);
  for (;;) {
    if (plan.kind === 'sweep') {
      if (frames === plan.steps) break;
      table.scrollTop = (range * (frames + 1)) / plan.steps;
    } else {
      if (performance.now() - started >= plan.ms) break;
      table.scrollTop = middle + (frames + 1) * plan.rowsPerFrame * scrollPerRow;
    }
    await nextFrame();
    frames++;
    if (table.querySelector('[aria-busy="true"]')) busyFrames++;
  }
  const seconds = (performance.now() - started) / 1000;
  // Long tasks are delivered after the task ends: give the observer a frame.
  await nextFrame();
  observer.disconnect();
  return {
    frames,
    seconds: Math.round(seconds * 100) / 100,
    fps: Math.round((frames / seconds) * 10) / 10,
    longTasks: longTasks.length,
    longestTaskMs: Math.round(Math.max(0, ...longTasks)),
    busyFrames: Math.round((busyFrames / frames) * 100) / 100,
  };
}
