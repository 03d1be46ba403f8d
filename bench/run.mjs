// Builds the bench page, serves it with `vite preview`, and runs it in headless Chromium:
// - once per model (mlp, and the cnn, lstm, transformer and text-cnn templates) on the backend the app chooses for
//   it ("auto": true), then on each other backend, printing one JSON line each:
//   {"model":"mlp","backend":"wasm","samplesPerSec":…,"pytorchSamplesPerSec":…,"ratio":…}, or a `skipped` reason
//   where the model cannot train on the backend. PyTorch's figure comes from the model's twin in
//   bench/pytorch_twins.py, trained just before on this machine; both are null when torch is not installed;
// - then a CSV import of a generated 1,000,000 × 20 file through the real data worker:
//   {"bench":"csv-import","rows":1000000,"columns":20,"mb":…,"seconds":…,"rowsPerSec":…,"mbPerSec":…,"peakJsHeapMB":…};
// - then an image import of a generated zip of 20,000 PNGs (32×32, 10 classes) at 28×28 grayscale:
//   {"bench":"image-import","images":20000,"classes":10,"mb":…,"seconds":…,"imagesPerSec":…,"peakJsHeapMB":…}.
// A run that fails or exceeds its time prints a line with an `error` field instead.
// BENCH_ONLY=<bench, backend or model name> runs that one alone (bench/canvas.mjs and bench/preview.mjs, which
// npm run bench runs next, honour it too).
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import { comparedWithPytorch, pytorchRates } from './pytorch.mjs';
import { writeSyntheticCsv } from './syntheticCsv.mjs';

const CONFIG = fileURLToPath(new URL('./vite.config.ts', import.meta.url));
// Fastest first, so the quick numbers print before the software WebGPU crawls through its run.
const ONLY = process.env.BENCH_ONLY;
// 'auto' is the app's own choice; the backend it picks is then not run again by name.
const ALL_BACKENDS = ['auto', 'wasm', 'cpu', 'webgpu'];
const ALL_MODELS = ['mlp', 'cnn', 'lstm', 'transformer', 'text-cnn'];
// BENCH_ONLY may name a backend (every model on it), a model (on every backend), or both: cpu:cnn.
const [onlyBackend, onlyModel] = ONLY?.includes(':')
  ? ONLY.split(':')
  : ALL_MODELS.includes(ONLY)
    ? [undefined, ONLY]
    : [ONLY, undefined];
const BACKENDS = ALL_BACKENDS.filter(
  (name) => !ONLY || (ALL_BACKENDS.includes(onlyBackend) ? onlyBackend === name : onlyModel !== undefined),
);
const MODELS = ALL_MODELS.filter(
  (name) => !ONLY || (onlyModel ? onlyModel === name : ALL_BACKENDS.includes(onlyBackend)),
);
const TIME_LIMIT_MS = 10 * 60 * 1000;
const CSV_ROWS = 1_000_000;
const IMAGES = 20_000;
const IMPORT_BENCHES = { 'csv-import': benchCsvImport, 'image-import': benchImageImport };
// Another script's bench was asked for: skip this page's build.
if (ONLY && BACKENDS.length === 0 && !(ONLY in IMPORT_BENCHES)) process.exit(0);
const HEAP_SAMPLE_MS = 100;
// BENCH_REPEATS: runs per model on the app's own backend choice (and PyTorch's twin), the median reported.
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

const pytorch = pytorchRates(BACKENDS.length > 0 ? MODELS : [], REPEATS);
await build({ configFile: CONFIG, logLevel: 'warn' });
// BENCH_PORT: parallel checkouts each serve their own build (the config's default is 4174).
const server = await preview({
  configFile: CONFIG,
  logLevel: 'warn',
  ...(process.env.BENCH_PORT && { preview: { port: Number(process.env.BENCH_PORT), strictPort: true } }),
});
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
let failed = false;
try {
  const url = new URL('bench.html', server.resolvedUrls.local[0]).href;
  for (const model of MODELS) {
    let chosen;
    for (const backend of BACKENDS) {
      if (backend === chosen) continue;
      // The line compared with PyTorch is the median of REPEATS runs, each in a fresh page: one
      // run of a small model lasts a fraction of a second, and a hiccup moves it by half.
      const runs = [];
      for (let i = 0; i < (backend === 'auto' ? REPEATS : 1); i++) runs.push(await benchOnce(url, model, backend));
      const result = medianRun(runs);
      failed ||= 'error' in result;
      if (backend === 'auto') chosen = result.backend;
      console.log(JSON.stringify({ ...result, ...comparedWithPytorch(result, pytorch) }));
    }
  }
  for (const [name, run] of Object.entries(IMPORT_BENCHES)) {
    if (ONLY && ONLY !== name) continue;
    const result = await run(url).catch((error) => ({
      bench: name,
      error: error instanceof Error ? error.message.split('\n')[0] : String(error),
    }));
    failed ||= 'error' in result;
    console.log(JSON.stringify(result));
  }
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
process.exitCode = failed ? 1 : 0;

/** One run of `model` on `backend` in a fresh page: what runBench resolves with, or an `error`. */
async function benchOnce(url, model, backend) {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  try {
    await page.goto(url);
    await page.waitForFunction(() => 'runBench' in window);
    let timer;
    return await Promise.race([
      page.evaluate(([name, model]) => window.runBench(name, model), [backend, model]),
      new Promise((resolve) => {
        timer = setTimeout(
          () => resolve({ model, backend, error: `exceeded ${TIME_LIMIT_MS / 1000} s` }),
          TIME_LIMIT_MS,
        );
      }),
    ]).finally(() => clearTimeout(timer));
  } catch (error) {
    const message = [error instanceof Error ? error.message.split('\n')[0] : String(error), ...pageErrors].join('; ');
    return { model, backend, error: message };
  } finally {
    await page.close();
  }
}

/** The run with the median samples/s, with every run's figure beside it; the first failure if any run failed. */
function medianRun(runs) {
  const failure = runs.find((run) => 'error' in run);
  if (failure || runs.length === 1) return failure ?? runs[0];
  const sorted = [...runs].sort((a, b) => (a.samplesPerSec ?? 0) - (b.samplesPerSec ?? 0));
  return { ...sorted[Math.floor(sorted.length / 2)], samplesPerSecRuns: runs.map((run) => run.samplesPerSec) };
}

/**
 * Imports a generated 1M-row CSV, picked from disk through the page's file input as a person
 * would, and reports its time and the peak memory of the page plus its workers during the import:
 * `peakJsHeapMB` is the V8 heap (strings, parsed rows, maps), `peakArrayBuffersMB` the typed
 * arrays' backing stores. Then times reading it back into whole columns, as training does.
 */
async function benchCsvImport(url) {
  const path = join(tmpdir(), `tensorloom-bench-${process.pid}.csv`);
  const page = await browser.newPage();
  try {
    const bytes = await writeSyntheticCsv(path, { rows: CSV_ROWS });
    await page.goto(url);
    await page.waitForFunction(() => 'runCsvImportBench' in window);
    await page.setInputFiles('#csv-file', path);
    const memory = await sampleMemory(page);
    const result = await page.evaluate(() => window.runCsvImportBench());
    const peak = await memory.stop();
    if ('error' in result) return result;
    const { datasetId, rows, columns, seconds, checkSeconds } = result;
    const readBackSeconds = await page.evaluate((id) => window.readBackBench(id), datasetId);
    if (typeof readBackSeconds === 'string') return { bench: 'csv-import', error: readBackSeconds };
    return {
      bench: 'csv-import',
      rows,
      columns,
      mb: round(bytes / 1e6, 1),
      seconds: round(seconds, 2),
      rowsPerSec: Math.round(rows / seconds),
      mbPerSec: round(bytes / 1e6 / seconds, 1),
      peakJsHeapMB: round(peak.heap / 1e6, 1),
      peakArrayBuffersMB: round(peak.arrayBuffers / 1e6, 1),
      checkSeconds: round(checkSeconds, 2),
      readBackSeconds: round(readBackSeconds, 2),
    };
  } finally {
    await page.close();
    await rm(path, { force: true });
  }
}

/**
 * Imports a zip of IMAGES generated PNGs (built inside the page) through the real data worker, and
 * reports its time and the peak memory of the page plus its workers during the import (the zip
 * itself, held by the page, is in `peakArrayBuffersMB`). Then reads the pixels back, as training does.
 */
async function benchImageImport(url) {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  try {
    await page.goto(url);
    await page.waitForFunction(() => 'runImageImportBench' in window);
    const bytes = await page.evaluate((count) => window.prepareImageZip(count), IMAGES);
    const memory = await sampleMemory(page);
    const result = await page.evaluate(() => window.runImageImportBench());
    const peak = await memory.stop();
    if ('error' in result) return { ...result, pageErrors };
    const { datasetId, images, classes, seconds } = result;
    const readBackSeconds = await page.evaluate((id) => window.readBackBench(id), datasetId);
    if (typeof readBackSeconds === 'string') return { bench: 'image-import', error: readBackSeconds };
    return {
      bench: 'image-import',
      images,
      classes,
      mb: round(bytes / 1e6, 1),
      seconds: round(seconds, 2),
      imagesPerSec: Math.round(images / seconds),
      peakJsHeapMB: round(peak.heap / 1e6, 1),
      peakArrayBuffersMB: round(peak.arrayBuffers / 1e6, 1),
      readBackSeconds: round(readBackSeconds, 2),
    };
  } finally {
    await page.close();
  }
}

/**
 * Samples, every HEAP_SAMPLE_MS, the memory of the page and of each worker it starts (CDP
 * auto-attach; a worker is reached through Target.sendMessageToTarget). `stop` resolves to the
 * peaks of their sums.
 */
async function sampleMemory(page) {
  const cdp = await page.context().newCDPSession(page);
  const workers = new Set();
  const replies = new Map();
  let nextId = 1;
  cdp.on(
    'Target.attachedToTarget',
    ({ sessionId, targetInfo }) => targetInfo.type === 'worker' && workers.add(sessionId),
  );
  cdp.on('Target.detachedFromTarget', ({ sessionId }) => workers.delete(sessionId));
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const { id, result } = JSON.parse(message);
    replies.get(id)?.(result);
    replies.delete(id);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  // A worker terminated mid-request never answers: give up on it after a second.
  const workerUsage = (sessionId) =>
    new Promise((resolve) => {
      const id = nextId++;
      replies.set(id, resolve);
      setTimeout(() => resolve(undefined), 1000);
      cdp
        .send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }),
        })
        .catch(() => resolve(undefined));
    });

  const peak = { heap: 0, arrayBuffers: 0 };
  let sampling = true;
  const loop = (async () => {
    while (sampling) {
      const usages = (await Promise.all([cdp.send('Runtime.getHeapUsage'), ...[...workers].map(workerUsage)])).filter(
        Boolean,
      );
      peak.heap = Math.max(
        peak.heap,
        usages.reduce((sum, u) => sum + u.usedSize, 0),
      );
      peak.arrayBuffers = Math.max(
        peak.arrayBuffers,
        usages.reduce((sum, u) => sum + (u.backingStorageSize ?? 0), 0),
      );
      await sleep(HEAP_SAMPLE_MS);
    }
  })();
  return {
    async stop() {
      sampling = false;
      await loop;
      await cdp.detach();
      return peak;
    },
  };
}

function round(value, digits) {
  return Number(value.toFixed(digits));
}
