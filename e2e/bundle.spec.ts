import { expect, test } from '@playwright/test';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = join(import.meta.dirname, '..', 'dist');
/** Kernel names every tfjs build carries (strings survive minification); the main thread must carry none. */
const TFJS_MARKERS = ['Conv2DBackpropFilter', 'UnsortedSegmentSum'];

/** What the first load may weigh, gzipped: the entry and the chunks it imports statically (views and dialogs load when shown). */
const FIRST_LOAD_GZIP_BYTES = 350 * 1024;

/** The main entry and every chunk it loads, following static and (unless `staticOnly`) dynamic imports. */
async function mainThreadChunks(staticOnly = false): Promise<Map<string, string>> {
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  const pending = [...html.matchAll(/<script[^>]+src="\/?([^"]+)"/g)].map((m) => m[1]!);
  const chunks = new Map<string, string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (chunks.has(file)) continue;
    const code = await readFile(join(DIST, file), 'utf8');
    chunks.set(file, code);
    // Worker chunks are referenced as URLs (new URL(...)), not imported: they are not followed.
    const imports = staticOnly
      ? /(?:from|import)\s*["'`]\.\/([^"'`]+\.js)["'`]/g
      : /(?:import\(|from|import)\s*["'`]\.\/([^"'`]+\.js)["'`]/g;
    for (const m of code.matchAll(imports)) pending.push(join('assets', m[1]!));
  }
  return chunks;
}

test('tfjs is not in the main-thread bundle: it loads only inside the training worker', async () => {
  const chunks = await mainThreadChunks();
  expect(chunks.size).toBeGreaterThan(0);
  for (const [file, code] of chunks) {
    for (const marker of TFJS_MARKERS) expect(code.includes(marker), `${file} contains "${marker}"`).toBe(false);
  }
});

test('the markers do find tfjs where it belongs (so the check above can fail)', async () => {
  const assets = await readdir(join(DIST, 'assets'));
  const workerChunks = assets.filter((f) => f.startsWith('train.worker') && f.endsWith('.js'));
  expect(workerChunks.length).toBeGreaterThan(0);
  const workerCode = await Promise.all(workerChunks.map((f) => readFile(join(DIST, 'assets', f), 'utf8')));
  expect(workerCode.some((code) => TFJS_MARKERS.every((marker) => code.includes(marker)))).toBe(true);
});

test('the first load is at most 350 KB gzipped: the views and the export dialog are not in it', async () => {
  const [chunks, all] = [await mainThreadChunks(true), await mainThreadChunks()];
  const gzipped = [...chunks.values()].reduce((sum, code) => sum + gzipSync(code).byteLength, 0);
  expect(gzipped).toBeLessThanOrEqual(FIRST_LOAD_GZIP_BYTES);
  // The views are loaded later, so the check above can fail: they are reachable, just not at first.
  expect([...all.keys()].some((file) => /SweepView-/.test(file))).toBe(true);
  expect([...chunks.keys()].some((file) => /(SweepView|EvaluateView|ExportDialog)-/.test(file))).toBe(false);
});
