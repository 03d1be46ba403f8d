import { expect, test } from '@playwright/test';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const DIST = join(import.meta.dirname, '..', 'dist');
/** Kernel names every tfjs build carries (strings survive minification); the main thread must carry none. */
const TFJS_MARKERS = ['Conv2DBackpropFilter', 'UnsortedSegmentSum'];

/** The main entry and every chunk it loads, following static and dynamic imports. */
async function mainThreadChunks(): Promise<Map<string, string>> {
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  const pending = [...html.matchAll(/<script[^>]+src="\/?([^"]+)"/g)].map((m) => m[1]!);
  const chunks = new Map<string, string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (chunks.has(file)) continue;
    const code = await readFile(join(DIST, file), 'utf8');
    chunks.set(file, code);
    // Worker chunks are referenced as URLs (new URL(...)), not imported: they are not followed.
    for (const m of code.matchAll(/(?:import\(|from|import)\s*["']\.\/([^"']+\.js)["']/g)) pending.push(join('assets', m[1]!));
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
