import { expect, type Page, type Worker } from '@playwright/test';

/** Opens the studio and waits until the saved project (or the default Iris sample) is in place. */
export async function openStudio(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
}

export async function setTrainingSetting(page: Page, label: string, value: string): Promise<void> {
  await page.getByTestId('tab-train').click();
  await page.getByLabel(label, { exact: true }).fill(value);
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

/** Drags from one node's output handle to another's input handle, as a person connects layers. */
export async function connect(page: Page, source: string, target: string): Promise<void> {
  const from = page.locator(`[data-testid="node-${source}"] .react-flow__handle.source`);
  const to = page.locator(`[data-testid="node-${target}"] .react-flow__handle.target`);
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Pairs of layer cards whose on-screen boxes intersect. */
export async function overlappingCards(page: Page): Promise<string[]> {
  const boxes = await page.locator('.react-flow__node').evaluateAll((cards) =>
    cards.map((card) => ({
      id: card.getAttribute('data-id') ?? '',
      box: card.getBoundingClientRect().toJSON() as DOMRect,
    })),
  );
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
