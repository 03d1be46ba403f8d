import { expect, test, type Page } from '@playwright/test';
import { connect, openStudio } from './studio';

/** Reshape feeding the output: Train is blocked by a sentence far longer than the top bar has room for. */
async function blockTrainWithALongReason(page: Page): Promise<string> {
  await page.getByTestId('palette-Reshape').dragTo(page.getByTestId('canvas'), { targetPosition: { x: 420, y: 160 } });
  await page.getByTestId('rf__edge-dense_1->output').click();
  await page.keyboard.press('Delete');
  await connect(page, 'dense_1', 'reshape_1');
  await connect(page, 'reshape_1', 'output');
  await expect(page.getByTestId('train-button')).toBeDisabled();
  const reason = 'Output needs an input of shape (batch, features), received (None, 16, 1)';
  await expect(page.getByTestId('top-train-blocker')).toContainText(reason);
  return reason;
}

test('in a narrow window the top bar keeps to one row, and a long Train blocker opens in full', async ({ page }) => {
  await openStudio(page);
  const reason = await blockTrainWithALongReason(page);
  const bar = page.getByRole('banner');
  const oneRow = (await bar.boundingBox())!.height;
  const blocker = page.getByTestId('top-train-blocker');

  for (const width of [1024, 800]) {
    await page.setViewportSize({ width, height: 800 });
    // Nothing wraps onto a second row, and nothing runs past the window's edge.
    expect((await bar.boundingBox())!.height, `${width} px`).toBe(oneRow);
    expect(await bar.evaluate((b) => b.scrollWidth - b.clientWidth), `${width} px`).toBe(0);
    const box = (await blocker.boundingBox())!;
    expect(box.x + box.width, `${width} px`).toBeLessThanOrEqual(width);
    expect(box.width, `${width} px: a few words still show`).toBeGreaterThanOrEqual(120);
    await expect(page.getByTestId('train-button')).toBeInViewport({ ratio: 1 });
  }

  // At 800 px the reason is shortened in the bar; the button opens the whole sentence.
  expect(await blocker.evaluate((b) => b.scrollWidth > b.clientWidth)).toBe(true);
  await expect(blocker).toHaveAttribute('aria-expanded', 'false');
  await blocker.click();
  await expect(blocker).toHaveAttribute('aria-expanded', 'true');
  const popover = page.getByRole('dialog', { name: 'Why Train is disabled' });
  await expect(popover).toContainText(reason);
  await expect(popover).toBeInViewport({ ratio: 1 });
  await page.keyboard.press('Escape');
  await expect(popover).toBeHidden();
  await expect(blocker).toHaveAttribute('aria-expanded', 'false');
  await expect(blocker).toBeFocused();

  // The project's actions, folded behind one button at this width, are a click away.
  await page.getByRole('button', { name: 'Project', exact: true }).click();
  await expect(page.getByTestId('share-project')).toBeInViewport({ ratio: 1 });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('share-project')).toBeHidden();
});
