import { expect, test, type Page } from '@playwright/test';
import { unzipSync, zipSync } from 'fflate';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pngHeader } from '../src/test/imageHeaders';
import { openSample, openStudio, setTrainingSetting, trainToCompletion } from './studio';

/** Real PNGs of the given sizes, encoded by the browser (each a gradient, so a resize has something to resize). */
async function pngs(page: Page, sizes: readonly (readonly [number, number])[]): Promise<Uint8Array[]> {
  const encoded = await page.evaluate(async (sizes) => {
    const out: number[][] = [];
    for (const [width, height] of sizes) {
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d')!;
      const gradient = context.createLinearGradient(0, 0, width, height);
      gradient.addColorStop(0, '#000');
      gradient.addColorStop(1, '#fff');
      context.fillStyle = gradient;
      context.fillRect(0, 0, width, height);
      const blob = await canvas.convertToBlob({ type: 'image/png' });
      out.push([...new Uint8Array(await blob.arrayBuffer())]);
    }
    return out;
  }, sizes);
  return encoded.map((bytes) => Uint8Array.from(bytes));
}

/** A PNG whose header is intact but whose pixel data is garbage: only decoding can tell. */
function corrupted(png: Uint8Array): Uint8Array {
  const bytes = png.slice();
  for (let i = 40; i < bytes.length - 12; i++) bytes[i] = (i * 31) & 0xff;
  return bytes;
}

async function chooseZip(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'application/zip', buffer: Buffer.from(bytes) });
}

async function startImageImport(page: Page, size: string): Promise<void> {
  await expect(page.getByTestId('image-import-form')).toBeVisible();
  await page.getByTestId('image-size').selectOption(size);
  await page.getByTestId('image-import-start').click();
}

async function classCounts(page: Page): Promise<Record<string, number>> {
  const classes = page.getByTestId('image-class');
  const counts: Record<string, number> = {};
  for (const card of await classes.all()) {
    const label = (await card.getAttribute('data-label'))!;
    counts[label] = Number((await card.getByTestId('class-count').textContent())!.replaceAll(',', ''));
  }
  return counts;
}

test('the digits sample loads in one click: 10 classes, 1,797 images, thumbnails drawn', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('tab-data').click();
  await expect(page.getByTestId('sample-digits')).toContainText('Handwritten digits');
  await expect(page.getByRole('list', { name: 'Samples' })).toContainText('CC BY 4.0');
  await page.getByTestId('sample-digits').click();

  await expect(page.getByTestId('dataset-name')).toHaveText('Handwritten digits', { timeout: 60_000 });
  await expect(page.getByTestId('image-class')).toHaveCount(10);
  const counts = await classCounts(page);
  expect(Object.keys(counts)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1797);
  await expect(page.getByTestId('row-count')).toHaveText('1,797 images');
  await expect(page.getByTestId('image-shape')).toHaveText('8×8 grayscale');
  await expect(page.getByTestId('skipped-files')).toHaveCount(0);

  // Every class shows thumbnails, and they hold a drawn digit, not a blank square.
  for (const card of await page.getByTestId('image-class').all())
    expect(await card.getByTestId('thumbnail').count()).toBeGreaterThan(0);
  const distinctGreys = await page
    .getByTestId('thumbnail')
    .first()
    .evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      return new Set(data.filter((_, i) => i % 4 === 0)).size;
    });
  expect(distinctGreys).toBeGreaterThan(2);
});

test('a zip with a non-image, a corrupt PNG, a ../ entry, a 10,000×10,000 header and mixed sizes: images resized, the rest listed', async ({
  page,
}) => {
  await openStudio(page);
  await page.getByTestId('tab-data').click();
  const [small, wide, large] = await pngs(page, [
    [8, 8],
    [40, 20],
    [64, 64],
  ]);
  const huge = new Uint8Array([...pngHeader(10_000, 10_000), ...new Uint8Array(64)]);
  const zip = zipSync({
    'shapes/cats/small.png': small!,
    'shapes/cats/wide.png': wide!,
    'shapes/dogs/large.png': large!,
    'shapes/dogs/readme.txt': new TextEncoder().encode('these are dogs'),
    'shapes/dogs/broken.png': corrupted(large!),
    'shapes/cats/huge.png': huge,
    '../../evil.png': small!,
    'shapes/.DS_Store': new Uint8Array([0, 0, 0, 1]),
  });
  await chooseZip(page, 'shapes.zip', zip);
  await startImageImport(page, '28');

  await expect(page.getByTestId('dataset-name')).toHaveText('shapes.zip', { timeout: 60_000 });
  expect(await classCounts(page)).toEqual({ cats: 2, dogs: 1 });
  await expect(page.getByTestId('image-shape')).toHaveText('28×28 grayscale');
  await expect(page.getByTestId('image-sizes-note')).toContainText('came in 3 sizes');
  await expect(page.getByTestId('image-sizes-note')).toContainText('resized (stretched) to 28×28');

  const skipped = page.getByTestId('skipped-file');
  await expect(page.getByTestId('skipped-files')).toContainText('4 files were skipped');
  await expect(skipped).toHaveCount(4);
  await expect(skipped.filter({ hasText: '../../evil.png' })).toContainText('unsafe path');
  await expect(skipped.filter({ hasText: 'shapes/dogs/readme.txt' })).toContainText('not an image');
  await expect(skipped.filter({ hasText: 'shapes/dogs/broken.png' })).toContainText('a damaged PNG file');
  await expect(skipped.filter({ hasText: 'shapes/cats/huge.png' })).toContainText(
    '10000×10000 pixels is 100 megapixels',
  );
  await expect(page.getByTestId('notice')).toContainText('3 images in 2 classes, 28×28; 4 files were skipped');
});

test('images nested two folders deep take the folder that holds them as their class, and the page says so', async ({
  page,
}) => {
  await openStudio(page);
  await page.getByTestId('tab-data').click();
  const [png] = await pngs(page, [[8, 8]]);
  const zip = zipSync({
    'photos/2019/cats/a.png': png!,
    'photos/2019/dogs/b.png': png!,
    'photos/2020/cats/c.png': png!,
    'photos/2020/dogs/d.png': png!,
    'photos/2020/dogs/e.png': png!,
  });
  await chooseZip(page, 'photos.zip', zip);
  await startImageImport(page, '28');

  await expect(page.getByTestId('dataset-name')).toHaveText('photos.zip', { timeout: 60_000 });
  expect(await classCounts(page)).toEqual({ cats: 2, dogs: 3 });
  await expect(page.getByTestId('reading-note')).toHaveText(
    'Folders nest 2 deep: each image is labelled by the folder that holds it (cats, dogs); the folders above (2019, 2020) are not part of the label.',
  );
});

test('bad zips get a clear message and the current data set stays', async ({ page }) => {
  await openStudio(page);
  await page.getByTestId('tab-data').click();
  await expect(page.getByTestId('dataset-name')).toHaveText('Iris flowers');
  const [png] = await pngs(page, [[8, 8]]);
  const good = zipSync({ 'pets/cats/a.png': png!, 'pets/dogs/b.png': png! });
  const cases = [
    {
      name: 'flat.zip',
      bytes: zipSync({ 'a.png': png!, 'b.png': png! }),
      message: "The zip has no sub-folders: put each class's images in a folder named after the class.",
    },
    {
      name: 'notes.zip',
      bytes: new TextEncoder().encode('label,x\ncat,1\n'),
      message: 'This file is not a zip archive.',
    },
    { name: 'cut.zip', bytes: good.subarray(0, good.length - 30), message: 'The zip archive is incomplete' },
  ];
  for (const { name, bytes, message } of cases) {
    await chooseZip(page, name, bytes);
    await startImageImport(page, '8');
    await expect(page.getByRole('alert')).toContainText(`Could not import ${name}: ${message}`);
    await expect(page.getByTestId('dataset-name')).toHaveText('Iris flowers');
    await expect(page.getByTestId('row-count')).toHaveText('150 rows');
    await page.getByRole('alert').getByRole('button', { name: 'Dismiss' }).click();
  }
});

test('a folder chosen with the folder picker imports with each sub-folder as a class, in RGB', async ({
  page,
}, testInfo) => {
  await openStudio(page);
  await page.getByTestId('tab-data').click();
  const [red, blue] = await pngs(page, [
    [16, 16],
    [12, 12],
  ]);
  const root = testInfo.outputPath('pets');
  const files = {
    'cats/1.png': red!,
    'cats/2.png': blue!,
    'dogs/1.png': red!,
    'dogs/notes.txt': new TextEncoder().encode('woof'),
  };
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), bytes);
  }
  await page.getByTestId('folder-input').setInputFiles(root);
  await expect(page.getByTestId('image-import-form')).toContainText('Import pets as images');
  await page.getByTestId('image-color').selectOption('rgb');
  await startImageImport(page, '32');

  await expect(page.getByTestId('dataset-name')).toHaveText('pets', { timeout: 60_000 });
  expect(await classCounts(page)).toEqual({ cats: 2, dogs: 1 });
  await expect(page.getByTestId('image-shape')).toHaveText('32×32 RGB');
  await expect(page.getByTestId('skipped-file')).toHaveText([
    'pets/dogs/notes.txt — not an image (PNG, JPEG, WebP, GIF or BMP)',
  ]);
});

test('digits trains in one click: the model switches to the CNN template, and it learns', async ({ page }) => {
  await openStudio(page);
  await openSample(page, 'digits', /digits/i);
  await expect(page.getByTestId('notice')).toContainText(
    'The model now starts from the CNN (LeNet-like) template, made for image data',
  );
  await expect(page.getByTestId('split-sizes')).toHaveText(/training rows \/ \d+ validation rows \/ \d+ test rows/);
  await page.getByTestId('tab-design').click();
  await expect(page.locator('[data-layer-type="Conv2D"]').first()).toBeVisible();
  await expect(page.getByTestId('node-input').getByTestId('node-shape')).toHaveText('(None, 8, 8, 1)');
  // The switch is one undoable step: Undo brings back the graph the person had, Redo the CNN.
  await page.keyboard.press('Control+z');
  await expect(page.locator('[data-layer-type="Conv2D"]')).toHaveCount(0);
  await page.keyboard.press('Control+y');
  await expect(page.locator('[data-layer-type="Conv2D"]')).toHaveCount(2);

  await setTrainingSetting(page, 'Epochs', '8');
  await trainToCompletion(page, 110_000);
  expect(Number(await page.getByTestId('latest-val_acc').textContent())).toBeGreaterThan(0.8);

  // The playground takes an image file, decoded and shrunk to 8×8 as the import did: a zero from the sample is read as a zero.
  const sample = unzipSync(readFileSync('public/samples/digits.zip'));
  await page
    .getByTestId('predict-image-file')
    .setInputFiles({ name: 'zero.png', mimeType: 'image/png', buffer: Buffer.from(sample['digits/0/0000.png']!) });
  await expect(page.getByTestId('predict-image-preview')).toBeVisible();
  await expect(page.getByTestId('predicted-label')).toHaveText('0');
  await expect(page.getByTestId('prediction').getByRole('meter')).toHaveCount(10);

  // A file that is no image gets a sentence and clears the prediction; the model stays usable.
  await page
    .getByTestId('predict-image-file')
    .setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') });
  await expect(page.getByRole('alert')).toContainText(
    'That file cannot be used: not an image (PNG, JPEG, WebP, GIF or BMP).',
  );
  await expect(page.getByTestId('prediction')).toHaveCount(0);

  // …or a drawing: a stroke on the pad gives some digit with its probabilities.
  const pad = page.getByTestId('draw-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.15);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.85, { steps: 8 });
  await page.mouse.up();
  await page.getByTestId('predict-drawing').click();
  await expect(page.getByTestId('predicted-label')).toHaveText(/^\d$/);
  const drawnPixels = await pad.evaluate(
    (canvas: HTMLCanvasElement) => canvas.getContext('2d')!.getImageData(80, 80, 1, 1).data[0],
  );
  expect(drawnPixels).toBe(255);
});

test('a CSV naming image files: alone, its column reads "image path"; zipped with the images, it becomes a table with an image input that trains, and the Monitor view finds brightened images drifted', async ({
  page,
}) => {
  await openStudio(page);
  await page.getByTestId('tab-data').click();
  const rows = Array.from({ length: 24 }, (_, i) => `images/${i}.png,${i % 2 ? 'dark' : 'light'},${20 + i}`);
  const csv = `file,tone,age\n${rows.join('\n')}\nimages/missing.png,dark,50\n`;

  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'tones.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('dataset-name')).toHaveText('tones.csv');
  await expect(page.getByTestId('column-type-file')).toHaveText('image path');
  await expect(page.getByTestId('column-ignored-file')).toContainText(
    'import a zip or folder holding this CSV and the images',
  );

  // The last two, brightened: the monitoring batch.
  const [light, dark, brightLight, brightDark] = await page.evaluate(async () => {
    const out: number[][] = [];
    for (const colour of ['#eee', '#111', '#fff', '#777']) {
      const canvas = new OffscreenCanvas(12, 12);
      const context = canvas.getContext('2d')!;
      context.fillStyle = colour;
      context.fillRect(0, 0, 12, 12);
      out.push([...new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer())]);
    }
    return out;
  });
  const images = Object.fromEntries(
    Array.from({ length: 24 }, (_, i) => [`tones/images/${i}.png`, Uint8Array.from(i % 2 ? dark! : light!)]),
  );
  await chooseZip(page, 'tones.zip', zipSync({ 'tones/labels.csv': new TextEncoder().encode(csv), ...images }));
  await startImageImport(page, '8');

  await expect(page.getByTestId('dataset-name')).toHaveText('tones.zip', { timeout: 60_000 });
  await expect(page.getByTestId('row-count')).toHaveText('24 rows');
  await expect(page.getByTestId('column-type-file')).toHaveText('image');
  await expect(page.getByTestId('target-select')).toHaveValue('age');
  await page.getByTestId('target-select').selectOption('tone');
  await expect(page.getByTestId('column-ignored-age')).toContainText('the image column is the model’s input');
  await expect(page.getByTestId('task')).toContainText('8×8×1 images as input');
  expect(await classCounts(page)).toEqual({ dark: 12, light: 12 });
  await expect(page.getByTestId('skipped-files')).toContainText('1 row was left out');
  await expect(page.getByTestId('skipped-file')).toHaveText(['images/missing.png — row 26: not in the zip']);

  await page.getByTestId('tab-design').click();
  await expect(page.getByTestId('node-input').getByTestId('node-shape')).toHaveText('(None, 8, 8, 1)');
  await setTrainingSetting(page, 'Epochs', '3');
  await trainToCompletion(page);
  await expect(page.getByTestId('latest-val_acc')).toHaveText(/\d/);

  await page.getByTestId('tab-monitor').click();
  const batch = page.getByLabel('Choose a batch');
  await batch.setInputFiles({ name: 'tones.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('notice')).toContainText(
    'This model reads images: choose image files for its batch, not a table.',
  );
  // Class folders named like the model's classes give the accuracy; a file that is no image is counted, not fatal.
  const brightened = zipSync({
    ...Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [
        `june/${i % 2 ? 'dark' : 'light'}/${i}.png`,
        Uint8Array.from(i % 2 ? brightDark! : brightLight!),
      ]),
    ),
    'june/dark/notes.png': new TextEncoder().encode('not a picture'),
  });
  await batch.setInputFiles({ name: 'june.zip', mimeType: 'application/zip', buffer: Buffer.from(brightened) });
  await expect(page.getByTestId('monitor-summary')).toContainText('Drifted: gray channel mean.');
  await expect(page.locator('[data-column="gray channel mean"]').getByTestId('monitor-sentence')).toHaveText(
    /^gray channel mean has drifted: PSI [\d.]+ > 0\.25\.$/,
  );
  await expect(page.locator('[data-column="gray channel std"]')).toHaveAttribute('data-level', 'stable');
  await expect(page.getByTestId('monitor-metric')).toContainText('accuracy on this batch (8 rows with the target)');
  await expect(page.getByTestId('monitor-note')).toContainText([
    '1 file could not be read and was left out (june/dark/notes.png',
  ]);
});
