import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { cardBoxes, openStudio, overlappingCards } from './studio';

test.use({ viewport: { width: 1280, height: 800 } });

/** Opens a project whose graph is a chain of `length` layers laid out in one long row, as a hand-built model may be. */
async function openLongChain(page: Page, length: number): Promise<void> {
  // Saved by the studio itself, so the file is in the current format; only its graph is swapped.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Project', exact: true }).click();
  await page.getByTestId('save-project').click();
  const project = JSON.parse(await readFile((await (await downloading).path())!, 'utf8')) as { graph: unknown };
  const ids = ['input', ...Array.from({ length: length - 2 }, (_, i) => `dense_${i + 1}`), 'output'];
  const type = (i: number) => (i === 0 ? 'InputLayer' : i === length - 1 ? 'Output' : 'Dense');
  project.graph = {
    nodes: ids.map((id, i) => ({ id, type: type(i), params: {}, position: { x: i * 260, y: 0 } })),
    edges: ids.slice(1).map((id, i) => ({ id: `${ids[i]}->${id}`, source: ids[i], target: id })),
  };
  await page.getByTestId('open-project-input').setInputFiles({
    name: 'long-chain.tensorloom.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(project)),
  });
  await expect(page.locator('[data-layer-type]')).not.toHaveCount(0);
}

/** How much the canvas scales the layer cards: a card's width on screen over its width on the page. */
function zoom(page: Page): Promise<number> {
  return page
    .getByTestId('node-input')
    .evaluate((card) => card.getBoundingClientRect().width / (card as HTMLElement).offsetWidth);
}

/** The layer cards not wholly inside the canvas (cards scrolled away are not drawn at all, so the count is checked too). */
async function cardsOutOfView(page: Page): Promise<string[]> {
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  return (await cardBoxes(page))
    .filter(
      ({ box }) =>
        box.left < canvas.x ||
        box.top < canvas.y ||
        box.right > canvas.x + canvas.width ||
        box.bottom > canvas.y + canvas.height,
    )
    .map(({ id }) => id);
}

test('Tidy up lays a 12-layer chain out in rows that read at the fitted zoom, every card in view', async ({ page }) => {
  await openStudio(page);
  await openLongChain(page, 12);
  await page.getByTestId('auto-layout').click();
  await expect.poll(() => zoom(page)).toBeGreaterThanOrEqual(0.6);
  await expect(page.locator('[data-layer-type]')).toHaveCount(12);
  await expect.poll(() => cardsOutOfView(page)).toEqual([]);
  expect(await overlappingCards(page)).toEqual([]);
});

test('a template applied is shown whole once laid out, its cards apart', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('template-picker').selectOption({ label: 'ResNet-mini' });
  await expect(page.getByTestId('canvas')).toHaveAttribute('data-layout', 'done');
  await expect(page.locator('[data-layer-type]')).toHaveCount(11);
  await expect.poll(() => cardsOutOfView(page)).toEqual([]);
  expect(await zoom(page)).toBeGreaterThanOrEqual(0.6);
  expect(await overlappingCards(page)).toEqual([]);
});

test('a card widened by a param moves the card it would cover, and Undo puts both back', async ({ page }) => {
  await openStudio(page);
  const dense = page.getByTestId('node-dense_1');
  const output = page.getByTestId('node-output');
  // The output placed by hand just right of dense_1, 10 px apart.
  const denseBefore = (await dense.boundingBox())!;
  const outputFrom = (await output.boundingBox())!;
  await output.hover();
  await page.mouse.down();
  await page.mouse.move(
    outputFrom.x + outputFrom.width / 2 - (outputFrom.x - denseBefore.x - denseBefore.width - 10),
    outputFrom.y + outputFrom.height / 2,
    { steps: 8 },
  );
  await page.mouse.up();
  const outputBefore = (await output.boundingBox())!;
  expect(outputBefore.x - (denseBefore.x + denseBefore.width)).toBeCloseTo(10, -1);

  await dense.click();
  await page.getByLabel('units').fill('65536');
  await expect(dense.getByTestId('node-shape')).toHaveText('(None, 65536)');
  await expect.poll(async () => (await dense.boundingBox())!.width).toBeGreaterThan(denseBefore.width + 20);
  await expect.poll(() => overlappingCards(page)).toEqual([]);
  expect((await dense.boundingBox())!.x).toBeCloseTo(denseBefore.x, 0);

  await page.getByTestId('undo').click();
  await expect(dense.getByTestId('node-shape')).toHaveText('(None, 16)');
  await expect.poll(async () => (await output.boundingBox())!.x).toBeCloseTo(outputBefore.x, 0);
});
