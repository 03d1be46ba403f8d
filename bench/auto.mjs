// Auto against the two things a person could do without it, per sample data set, in headless Chromium
// against the production build, on the same page (so the same data, split and seed): (a) the suggested
// template trained with its default settings, (b) a 20-trial TPE sweep over that template's proposed
// space with the task's validation metric as objective, and (c) an Auto search of AUTO_BUDGET_SEC seconds
// (default 180), the sweep and Auto each on 2 workers. Prints one JSON line per sample:
// {"bench":"auto","dataset":…,"budgetSec":…,"workers":2,"metricName":…,"higherIsBetter":…,
//  "autoMetric":…,"baselineMetric":…,"sweepMetric":…}
// The metrics are read as the views show them (3 significant figures). Slow (each sample takes the budget
// and a sweep): not part of `npm run bench`; `npm run bench:auto` runs it (after `vite build`).
// AUTO_SAMPLES=iris,digits picks samples; BENCH_PORT serves the page on another port.
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import { openStudioPage } from './trace.mjs';

const BUDGET_SEC = Number(process.env.AUTO_BUDGET_SEC ?? 180);
const WORKERS = 2;
const SWEEP_TRIALS = 20;
const SAMPLES = (process.env.AUTO_SAMPLES ?? 'iris,us-macro,digits,language-words').split(',');
const REGRESSION = new Set(['us-macro']);
const NAMES = {
  iris: 'Iris flowers',
  'us-macro': 'US macroeconomics',
  digits: 'Handwritten digits',
  'language-words': 'Language of a word',
};
/** Longest wait for one training run or sweep, and beyond the budget for the Auto search. */
const RUN_TIMEOUT_MS = 30 * 60_000;

const server = await preview({
  preview: { port: Number(process.env.BENCH_PORT ?? 4174), strictPort: true },
  logLevel: 'warn',
});
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
let failed = false;
try {
  for (const dataset of SAMPLES) {
    const metricName = REGRESSION.has(dataset) ? 'val_loss' : 'val_acc';
    const line = { bench: 'auto', dataset, budgetSec: BUDGET_SEC, workers: WORKERS, metricName };
    try {
      console.log(
        JSON.stringify({ ...line, higherIsBetter: metricName === 'val_acc', ...(await compare(dataset, metricName)) }),
      );
    } catch (error) {
      failed = true;
      console.log(JSON.stringify({ ...line, error: error instanceof Error ? error.message : String(error) }));
    }
  }
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
process.exitCode = failed ? 1 : 0;

function number(text) {
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`Expected a metric, read "${text}".`);
  return value;
}

async function compare(dataset, metricName) {
  const page = await openStudioPage(browser, server.resolvedUrls.local[0]);
  try {
    await page.getByTestId('tab-data').click();
    await page.getByTestId(`sample-${dataset}`).click();
    await page.waitForFunction(
      (name) => document.querySelector('[data-testid="dataset-name"]')?.textContent === name,
      NAMES[dataset],
      { timeout: 120_000, polling: 200 },
    );

    // (a) The suggested template, default settings.
    await page.getByTestId('train-button').click();
    await page.waitForSelector('[data-testid="run-status"][data-status="completed"]', { timeout: RUN_TIMEOUT_MS });
    const baselineMetric = number(await page.getByTestId(`latest-${metricName}`).textContent());

    // (b) A 20-trial TPE sweep over the template's proposed space.
    await page.getByTestId('tab-sweep').click();
    await page.getByTestId('sweep-objective').selectOption(metricName);
    await page.getByTestId('sweep-sampler').selectOption('tpe');
    await page.getByLabel('Trials', { exact: true }).fill(String(SWEEP_TRIALS));
    await page.getByLabel('In parallel (workers)', { exact: true }).fill(String(WORKERS));
    await page.getByRole('button', { name: 'Start sweep' }).click();
    await page.waitForSelector('[data-testid="sweep-status"][data-status="stopped"]', { timeout: RUN_TIMEOUT_MS });
    const sweepMetric = number(await page.getByTestId('sweep-best').textContent());

    // (c) Auto within the budget.
    await page.getByTestId('tab-auto').click();
    const settings = page.getByRole('region', { name: 'Auto settings' });
    await settings.getByLabel('Time budget').selectOption('custom');
    await settings.getByLabel('Minutes').fill(String(BUDGET_SEC / 60));
    await settings.getByLabel('In parallel (workers)').fill(String(WORKERS));
    await page.getByTestId('auto-start').click();
    await page.waitForSelector('[data-testid="auto-status"][data-status="stopped"]', {
      timeout: BUDGET_SEC * 1000 + RUN_TIMEOUT_MS,
    });
    const autoMetric = number(await page.getByTestId('auto-best').textContent());
    return { autoMetric, baselineMetric, sweepMetric };
  } finally {
    await page.context().close();
  }
}
