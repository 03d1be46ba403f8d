import { expect, test, type Locator, type Page } from '@playwright/test';
import { openStudio, studioReady } from './studio';

const LIGHT_PAGE = 'rgb(248, 250, 252)';
const DARK_PAGE = 'rgb(15, 23, 42)';

function pageBackground(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
}

function background(locator: Locator): Promise<string> {
  return locator.evaluate((element) => getComputedStyle(element).backgroundColor);
}

test('the colour scheme switch turns the page dark, and a reload keeps the choice', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openStudio(page);
  const colourScheme = page.getByLabel('Colour scheme');
  await expect(colourScheme).toHaveValue('system');
  expect(await pageBackground(page)).toBe(LIGHT_PAGE);
  await page.getByRole('tab', { name: 'Design' }).click();
  const zoomIn = page.getByRole('button', { name: 'Zoom In' });
  const lightCanvasButton = await background(zoomIn);

  await colourScheme.selectOption('Dark');
  await expect.poll(() => pageBackground(page)).toBe(DARK_PAGE);
  // The canvas follows too: React Flow colours its own controls by its colorMode.
  expect(await background(zoomIn)).not.toBe(lightCanvasButton);

  await page.reload();
  await studioReady(page);
  await expect(page.getByLabel('Colour scheme')).toHaveValue('dark');
  expect(await pageBackground(page)).toBe(DARK_PAGE);
});

test('"System" follows the system, and Light overrides a dark system', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openStudio(page);
  await expect(page.getByLabel('Colour scheme')).toHaveValue('system');
  expect(await pageBackground(page)).toBe(DARK_PAGE);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => pageBackground(page)).toBe(LIGHT_PAGE);

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByLabel('Colour scheme').selectOption('Light');
  await expect.poll(() => pageBackground(page)).toBe(LIGHT_PAGE);
});
