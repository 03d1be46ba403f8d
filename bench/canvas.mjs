// Frames per second while dragging a layer on a 200-layer graph, in headless Chromium against the
// production build. Prints one JSON line: {"bench":"canvas-drag","nodes":200,"fps":…}.
// Assumes `vite build` has run (npm run bench does it). BENCH_ONLY=canvas-drag runs it alone.
import lzString from 'lz-string';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';

if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== 'canvas-drag') process.exit(0);

const LAYERS = 200;
const DRAG_MS = 3000;

/** Input → 198 hidden layers (Dense and Dropout alternating) → Output, in rows of 20. */
function bigProject() {
  const ids = [
    'input',
    ...Array.from({ length: LAYERS - 2 }, (_, i) => (i % 2 ? `dropout_${i}` : `dense_${i}`)),
    'output',
  ];
  const nodes = ids.map((id, i) => ({
    id,
    type: id === 'input' ? 'InputLayer' : id === 'output' ? 'Output' : id.startsWith('dense') ? 'Dense' : 'Dropout',
    params: id.startsWith('dense')
      ? { units: 8, activation: 'relu', useBias: true }
      : id.startsWith('dropout')
        ? { rate: 0.1 }
        : {},
    position: { x: 240 * (i % 20), y: 160 * Math.floor(i / 20) },
  }));
  const edges = ids.slice(1).map((id, i) => ({ id: `${ids[i]}->${id}`, source: ids[i], target: id }));
  return {
    format: 'tensorloom-project',
    version: 1,
    graph: { nodes, edges },
    data: { datasetId: 'sample:iris', target: 'species', seed: 42, validationFraction: 0.2 },
    training: { epochs: 30, batchSize: 16, learningRate: 0.01, optimizer: 'adam' },
  };
}

const server = await preview({ preview: { port: 4174, strictPort: true }, logLevel: 'warn' });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  const hash = lzString.compressToEncodedURIComponent(JSON.stringify(bigProject()));
  await page.goto(`${server.resolvedUrls.local[0]}#project=${hash}`);
  await page.waitForSelector('.app[data-ready="true"]');
  // A graph this long opens at its input end, at a legible zoom; the fit button shows all of it.
  await page.locator('.react-flow__controls-fitview').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-layer-type]').length >= n, LAYERS);
  const rendered = await page.locator('[data-layer-type]').count();
  // Drag a layer near the middle of the view, away from the panels.
  const layerId = await page.evaluate(() => {
    const inView = [...document.querySelectorAll('[data-layer-type]')].find((el) => {
      const r = el.getBoundingClientRect();
      return r.left > 300 && r.right < innerWidth - 300 && r.top > 150 && r.bottom < innerHeight - 150;
    });
    return inView?.getAttribute('data-testid');
  });
  if (!layerId) throw new Error('No layer is in view to drag.');
  const layer = page.getByTestId(layerId);
  const grabbed = await layer.boundingBox();
  const box = { x: grabbed.x + grabbed.width / 2 - 20, y: grabbed.y + 12 - 10 };

  await page.evaluate(() => {
    window.__frames = 0;
    const tick = () => {
      window.__frames++;
      window.__raf = requestAnimationFrame(tick);
    };
    window.__raf = requestAnimationFrame(tick);
  });
  await page.mouse.move(box.x + 20, box.y + 10);
  await page.mouse.down();
  const started = Date.now();
  let step = 0;
  while (Date.now() - started < DRAG_MS) {
    step++;
    await page.mouse.move(box.x + 20 + (step % 200), box.y + 10 + Math.sin(step / 10) * 80);
  }
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    cancelAnimationFrame(window.__raf);
    return window.__frames;
  });
  const seconds = (Date.now() - started) / 1000;
  // A drag that moved nothing would measure an idle page; make sure the layer really followed.
  const after = await layer.boundingBox();
  if (Math.hypot(after.x - grabbed.x, after.y - grabbed.y) < 5)
    throw new Error('The dragged layer did not move: the measurement is void.');
  console.log(
    JSON.stringify({
      bench: 'canvas-drag',
      nodes: LAYERS,
      rendered,
      fps: Math.round((frames / seconds) * 10) / 10,
      pointerMoves: step,
    }),
  );
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
