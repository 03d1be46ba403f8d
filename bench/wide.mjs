// Main-thread long tasks while the Data view shows a 5,000-column table, in headless Chromium against the
// production build. Imports a generated 5,000 × 200 CSV through the page's file input (the import itself
// runs in the data worker), waits for the view, then scrolls the column table to its end and the preview to
// its last column and row, one step a frame, while a PerformanceObserver records long tasks (> 50 ms).
// Prints one JSON line: {"bench":"wide-table","columns":5000,"rows":200,"distinctPerColumn":100,"longTasks":…,"longestMs":…,
// "cpuLongTasks":…,"longestCpuMs":…,"domElements":…}. As in longtasks.mjs, a second, traced run gives the
// tasks by the main thread's own CPU time, which other processes on the cores do not inflate.
// Assumes `vite build` has run (npm run bench does it). BENCH_ONLY=wide-table runs it alone; BENCH_PORT picks
// the port (default 4174).
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import { mainThreadTaskCpuMs, observeLongTasks, openStudioPage, TRACE_CATEGORIES } from './trace.mjs';

const BENCH = 'wide-table';
const COLUMNS = 5_000;
const ROWS = 200;
const SCROLL_STEPS = 60;
const DISTINCT = 100;

if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== BENCH) process.exit(0);

const path = join(tmpdir(), `tensorloom-wide-bench-${process.pid}.csv`);
const server = await preview({
  preview: { port: Number(process.env.BENCH_PORT ?? 4174), strictPort: true },
  logLevel: 'warn',
});
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  await writeFile(path, wideCsv());
  const observed = await openAndScroll(false);
  const traced = await openAndScroll(true);
  console.log(
    JSON.stringify({
      bench: BENCH,
      columns: COLUMNS,
      rows: ROWS,
      distinctPerColumn: DISTINCT,
      longTasks: observed.longTasks.length,
      longestMs: Math.round(Math.max(0, ...observed.longTasks)),
      cpuLongTasks: traced.cpuTaskMs.filter((ms) => ms > 50).length,
      longestCpuMs: Math.round(Math.max(0, ...traced.cpuTaskMs)),
      domElements: observed.domElements,
    }),
  );
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

/**
 * Numeric columns with DISTINCT values each (so each carries its value counts in the dataset's meta, the heavy
 * case for the worker → page transfer and the library's read-back) and every tenth column categorical (3 values),
 * named column_0…: a header and ROWS rows.
 */
function wideCsv() {
  const header = Array.from({ length: COLUMNS }, (_, c) => `column_${c}`).join(',');
  const cell = (row, c) => (c % 10 === 9 ? `k${(row + c) % 3}` : String(((row * 7_919 + c * 104_729) % DISTINCT) / 4));
  const rows = Array.from({ length: ROWS }, (_, row) =>
    Array.from({ length: COLUMNS }, (_, c) => cell(row, c)).join(','),
  );
  return `${[header, ...rows].join('\n')}\n`;
}

/** A fresh page: imports the file, shows it and scrolls both tables; its long tasks, and with `traced` each task's CPU time. */
async function openAndScroll(traced) {
  const page = await openStudioPage(browser, server.resolvedUrls.local[0]);
  await page.getByTestId('tab-data').click();
  await observeLongTasks(page);
  if (traced) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await page.getByTestId('file-input').setInputFiles(path);
  await page
    .getByTestId('dataset-name')
    .filter({ hasText: /^tensorloom-wide-bench/ })
    .waitFor({ timeout: 120_000 });
  await page.getByTestId('columns-table').waitFor();
  await page.evaluate(scrollBothTables, SCROLL_STEPS);
  // Long tasks are delivered after the task ends.
  await page.waitForTimeout(500);
  const { longTasks, domElements } = await page.evaluate(() => ({
    longTasks: window.__longTasks,
    domElements: document.querySelectorAll('*').length,
  }));
  const cpuTaskMs = traced ? mainThreadTaskCpuMs(JSON.parse((await browser.stopTracing()).toString()).traceEvents) : [];
  await page.context().close();
  return { longTasks, domElements, cpuTaskMs };
}

/** Runs in the page: the column table to its end, then the preview to its last column and row, one step a frame. */
async function scrollBothTables(steps) {
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const columnTable = document.querySelector('[data-testid="columns-table"]').parentElement;
  const previewTable = document.querySelector('[data-testid="preview-table"]');
  const moves = [
    [columnTable, 'scrollTop', columnTable.scrollHeight - columnTable.clientHeight],
    [previewTable, 'scrollLeft', previewTable.scrollWidth - previewTable.clientWidth],
    [previewTable, 'scrollTop', previewTable.scrollHeight - previewTable.clientHeight],
  ];
  for (const [element, axis, range] of moves) {
    for (let step = 1; step <= steps; step++) {
      element[axis] = (range * step) / steps;
      await nextFrame();
    }
  }
}
