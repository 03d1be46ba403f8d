import { readFile } from 'node:fs/promises';
import { expect, type Download, type Locator, type Page, type Worker } from '@playwright/test';

/** Opens the studio and waits until the saved project (or the default Iris sample) is in place. */
export async function openStudio(page: Page): Promise<void> {
  await page.goto('/');
  await studioReady(page);
}

/**
 * Waits until the studio has put the saved project (or the default Iris sample) in place, after a
 * load or a reload. Nothing on screen marks that moment, so the app says it in `data-ready`.
 */
export async function studioReady(page: Page): Promise<void> {
  await expect(page.getByTestId('studio')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
}

/** The backend the Train view says the run trains on, and the reason it gives. */
export function backendShown(page: Page): { name: Locator; reason: Locator } {
  const backend = page.getByTestId('backend');
  return { name: backend.getByText(/^(webgpu|wasm|cpu)$/), reason: backend.getByRole('paragraph') };
}

/** Opens a sample data set from the Data view and waits until the studio shows it (`name`, its title). */
export async function openSample(page: Page, id: string, name: string | RegExp): Promise<void> {
  await page.getByTestId('tab-data').click();
  await page.getByTestId(`sample-${id}`).click();
  // Digits decodes 1,797 images first.
  await expect(page.getByTestId('dataset-name')).toHaveText(name, { timeout: 60_000 });
}

export async function setTrainingSetting(page: Page, label: string, value: string): Promise<void> {
  await page.getByTestId('tab-train').click();
  await page.getByLabel(label, { exact: true }).fill(value);
}

/** The row of the kept run named `name` in the Train view's runs table, found by its Compare box. */
export function runRow(page: Page, name: string): Locator {
  return page
    .getByTestId('run-row')
    .filter({ has: page.getByRole('checkbox', { name: `Compare ${name}`, exact: true }) });
}

/** Presses Train and waits for the run to finish (latestMetrics reads what it ended with). */
export async function trainToCompletion(page: Page, timeout = 90_000): Promise<void> {
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout });
}

/** The final loss, val_loss, acc and val_acc the Train view shows. */
export function latestMetrics(page: Page): Promise<(string | null)[]> {
  return Promise.all(
    ['loss', 'val_loss', 'acc', 'val_acc'].map((metric) => page.getByTestId(`latest-${metric}`).textContent()),
  );
}

/**
 * Presses Train and lets the run take a few checkpoints (at most one a second) before a test
 * breaks its worker; returns the epoch in progress then and the training worker's handle.
 */
export async function trainUntilCheckpointed(page: Page): Promise<{ epoch: number; worker: Worker }> {
  await page.getByTestId('train-button').click();
  const progress = page.getByTestId('run-progress');
  await expect(progress).toBeVisible();
  await page.waitForTimeout(2_500);
  await expect(page.getByTestId('run-status'), 'the run is still training: give it more epochs').toHaveAttribute(
    'data-status',
    /^(running|pausing|paused)$/,
    { timeout: 1_000 },
  );
  const epoch = Number(/^epoch (\d+)\//.exec((await progress.textContent()) ?? '')?.[1]);
  const worker = page.workers().find((w) => /train\.worker/.test(w.url()));
  expect(worker, 'the training worker is running').toBeDefined();
  return { epoch, worker: worker! };
}

/** Drags from one node's output handle to another's input handle (the dots named in their tooltips), as a person connects layers. */
export async function connect(page: Page, source: string, target: string): Promise<void> {
  const from = page.getByTestId(`node-${source}`).getByTitle(/^Output:/);
  const to = page.getByTestId(`node-${target}`).getByTitle(/^Input:/);
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/**
 * Each layer card drawn on the canvas (cards scrolled away are not drawn) and its box on screen.
 * Where a card is, is geometry: no role or name says it, so the cards are found by their layer type.
 */
export function cardBoxes(page: Page): Promise<{ id: string; box: DOMRect }[]> {
  return page.locator('[data-layer-type]').evaluateAll((cards) =>
    cards.map((card) => ({
      id: (card.getAttribute('data-testid') ?? '').replace(/^node-/, ''),
      box: card.getBoundingClientRect().toJSON() as DOMRect,
    })),
  );
}

/** Pairs of layer cards whose on-screen boxes intersect. */
export async function overlappingCards(page: Page): Promise<string[]> {
  const boxes = await cardBoxes(page);
  return boxes.flatMap((a, i) =>
    boxes
      .slice(i + 1)
      .filter(
        (b) =>
          a.box.left < b.box.right && b.box.left < a.box.right && a.box.top < b.box.bottom && b.box.top < a.box.bottom,
      )
      .map((b) => `${a.id} × ${b.id}`),
  );
}

/** Clicks `testId` and waits for the `count` downloads it starts; returns each file's name and bytes. */
export async function downloadsOf(page: Page, testId: string, count: number): Promise<Map<string, Uint8Array>> {
  const downloads: Download[] = [];
  const all = new Promise<void>((resolve) => {
    const listener = (download: Download) => {
      downloads.push(download);
      if (downloads.length === count) {
        page.off('download', listener);
        resolve();
      }
    };
    page.on('download', listener);
  });
  await page.getByTestId(testId).click();
  await all;
  const files = new Map<string, Uint8Array>();
  for (const download of downloads)
    files.set(download.suggestedFilename(), new Uint8Array(await readFile((await download.path())!)));
  return files;
}
