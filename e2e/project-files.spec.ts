import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { openStudio, studioReady } from './studio';

/** Below 1440 px (Playwright's window is 1280) the top bar folds the project's actions behind one button. */
const openProjectMenu = (page: Page) => page.getByRole('button', { name: 'Project', exact: true }).click();

const layerIds = (page: Page) =>
  page.locator('[data-layer-type]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')).sort());

async function saveProject(page: Page): Promise<string> {
  const downloading = page.waitForEvent('download');
  await openProjectMenu(page);
  await page.getByTestId('save-project').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.tensorloom\.json$/);
  return readFile((await download.path())!, 'utf8');
}

test('save a project file, open it in a fresh browser: the same graph and settings', async ({ page, browser }) => {
  await openStudio(page);
  await page.getByTestId('palette-Dropout').click();
  await page.getByTestId('tab-train').click();
  await page.getByLabel('Epochs', { exact: true }).fill('7');
  await page.getByTestId('tab-design').click();
  const saved = await saveProject(page);
  const before = await layerIds(page);

  const fresh = await browser.newPage();
  await openStudio(fresh);
  expect(await layerIds(fresh)).not.toEqual(before);
  // Far from where the fresh canvas looks, so only a fit after opening brings the layers into view.
  const farAway = JSON.parse(saved);
  for (const node of farAway.graph.nodes) node.position = { x: node.position.x + 6000, y: node.position.y + 4000 };
  await fresh.getByTestId('open-project-input').setInputFiles({
    name: 'mine.tensorloom.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(farAway)),
  });
  await expect(fresh.getByTestId('notice')).toContainText('Opened mine.tensorloom.json');
  // The opened graph is fitted into view (off-screen layers are not even rendered), not left
  // wherever the old one was.
  await expect.poll(() => layerIds(fresh)).toEqual(before);
  for (const id of before) await expect(fresh.getByTestId(id!)).toBeInViewport();
  await fresh.getByTestId('tab-train').click();
  await expect(fresh.getByLabel('Epochs', { exact: true })).toHaveValue('7');
  await fresh.close();
});

const BAD_PROJECTS = [
  { what: 'a file that is not JSON', content: 'this is not json', message: /not JSON/ },
  {
    what: 'a project from a future version',
    content: JSON.stringify({ format: 'tensorloom-project', version: 42 }),
    message: /newer Tensorloom/,
  },
  { what: 'unknown layer kinds', content: 'UNKNOWN_KIND', message: /does not know: Teleporter/ },
  {
    what: 'a TF.js model file',
    content: JSON.stringify({ format: 'layers-model', modelTopology: {} }),
    message: /a TensorFlow\.js model \(model\.json\), not a project/,
  },
];

test('a damaged project file is named in words, with the technical account behind Details', async ({ page }) => {
  await openStudio(page);
  const saved = JSON.parse(await saveProject(page));
  const damaged = JSON.stringify({ ...saved, training: { ...saved.training, learningRate: 'fast' } });
  await page
    .getByTestId('open-project-input')
    .setInputFiles({ name: 'damaged.json', mimeType: 'application/json', buffer: Buffer.from(damaged) });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(
    'Could not open damaged.json: This project file is damaged: the training setting "learningRate":',
  );
  await expect(page.getByTestId('notice-details')).toBeHidden();
  await alert.getByText('Details').click();
  await expect(page.getByTestId('notice-details')).toHaveText(/^at training\.learningRate: /);
});

for (const bad of BAD_PROJECTS) {
  test(`opening ${bad.what} says why and leaves the project untouched`, async ({ page }) => {
    await openStudio(page);
    let content = bad.content;
    if (content === 'UNKNOWN_KIND')
      content = (await saveProject(page)).replace('"type": "Dense"', '"type": "Teleporter"');
    const before = await layerIds(page);
    await page
      .getByTestId('open-project-input')
      .setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(content) });
    await expect(page.getByRole('alert')).toContainText(bad.message);
    expect(await layerIds(page)).toEqual(before);
  });
}

test('a share link opens the same graph in another browser', async ({ page, context, browser }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openStudio(page);
  await page.getByTestId('palette-Dropout').click();
  await openProjectMenu(page);
  await page.getByTestId('share-project').click();
  await expect(page.getByTestId('notice')).toContainText('Share link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain('#project=');

  const other = await browser.newPage();
  await other.goto(link);
  await studioReady(other);
  await expect(other.getByTestId('node-dropout_1')).toBeVisible();
  expect(await layerIds(other)).toEqual(await layerIds(page));
  // The hash is dropped once opened, so reloading keeps later edits rather than the link.
  expect(new URL(other.url()).hash).toBe('');
  await other.close();
});
