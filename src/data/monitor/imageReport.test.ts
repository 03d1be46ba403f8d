import { describe, expect, it } from 'vitest';
import { GRAY_PAIR_PIPELINE } from '../../test/monitorPipeline';
import { PSI_EMPTY_SHARE } from './drift';
import { channelNames, imageDrifts, imageMonitorReport, type ImageBatch } from './imageReport';
import type { ColumnProfile, ReferenceProfile } from './profile';
import { parseSavedProfile } from './savedProfile';

/** Two-pixel grayscale images: the training images' means were split evenly at 50, each image one flat grey. */
const grayReference: Extract<ColumnProfile, { kind: 'image' }> = {
  kind: 'image',
  name: 'image',
  mean: [50],
  std: [20],
  count: 4,
  imageMeans: [{ edges: [50], shares: [0.5, 0.5], count: 4 }],
  imageStds: [{ edges: [0], shares: [1, 0], count: 4 }],
};

function grayBatch(images: readonly (readonly [number, number])[]): ImageBatch {
  return { pixels: Uint8Array.from(images.flat()), count: images.length, channels: 1, imageBytes: 2, notes: [] };
}

const profile = (image: ColumnProfile): ReferenceProfile => ({
  version: 1,
  rows: 4,
  columns: [image],
  predictions: { kind: 'classes', labels: ['dark', 'light'], shares: [0.5, 0.5], count: 4 },
});

const test = { name: 'accuracy', split: 'test', value: { value: 0.9 } } as const;

describe('imageDrifts', () => {
  it('names the channels as people do', () => {
    expect(channelNames(1)).toEqual(['gray']);
    expect(channelNames(3)).toEqual(['red', 'green', 'blue']);
  });

  it('finds brighter images drifted in their mean and not in their contrast, with PSI and KS worked by hand', () => {
    // Every image brighter than 50: the bins' shares go from (0.5, 0.5) to (0, 1); all stay flat (std 0).
    const { columns, notes } = imageDrifts(
      grayReference,
      grayBatch([
        [60, 60],
        [70, 70],
        [80, 80],
        [90, 90],
      ]),
    );
    expect(notes).toEqual([]);
    expect(columns.map((column) => column.name)).toEqual(['gray channel mean', 'gray channel std']);
    const [mean, std] = columns;
    const expectedPsi = (PSI_EMPTY_SHARE - 0.5) * Math.log(PSI_EMPTY_SHARE / 0.5) + (1 - 0.5) * Math.log(1 / 0.5);
    expect(mean!.psi).toBeCloseTo(expectedPsi, 12);
    expect(mean!.level).toBe('drifted');
    expect(mean!.sentence).toBe(`gray channel mean has drifted: PSI ${Number(expectedPsi.toPrecision(3))} > 0.25`);
    // Cumulative shares after the first bin: 0.5 in training, 0 in the batch.
    expect(mean!.ks!.statistic).toBeCloseTo(0.5, 12);
    expect(mean!.bins.map((bin) => [bin.label, bin.reference, bin.batch])).toEqual([
      ['≤ 50', 0.5, 0],
      ['> 50', 0.5, 1],
    ]);
    expect(mean!.notes[0]).toContain('75 on average in this batch, 50 in training');
    expect(std!.psi).toBe(0);
    expect(std!.level).toBe('stable');
  });

  it('finds images like the training ones stable', () => {
    const { columns } = imageDrifts(
      grayReference,
      grayBatch([
        [10, 10],
        [40, 40],
        [60, 60],
        [90, 90],
      ]),
    );
    expect(columns.map((column) => column.level)).toEqual(['stable', 'stable']);
  });

  it('measures contrast per image: a half-black, half-white image has std 127.5, above the flat training images', () => {
    const { columns } = imageDrifts(
      grayReference,
      grayBatch([
        [0, 255],
        [0, 255],
      ]),
    );
    expect(columns[1]!.bins.map((bin) => bin.batch)).toEqual([0, 1]);
    // 127.5, shown to three significant digits.
    expect(columns[1]!.notes[0]).toContain('128 on average in this batch');
    expect(columns[1]!.level).toBe('drifted');
  });

  it('says what it can compare when the reference (format 4, before image drift) keeps only mean and std', () => {
    const old = { kind: 'image', name: 'image', mean: [50], std: [20], count: 4 } as const;
    const { columns, notes } = imageDrifts(
      old,
      grayBatch([
        [60, 60],
        [90, 90],
      ]),
    );
    expect(columns).toEqual([]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('cannot be measured');
    // Pixels 60, 60, 90, 90: mean 75, standard deviation 15.
    expect(notes[0]).toContain('gray 75 ± 15 (training 50 ± 20)');
  });
});

describe('the image sizes before resizing', () => {
  const withSizes = {
    ...grayReference,
    sourceSizes: { sizes: ['28×28', '32×32', 'other'], shares: [0.75, 0.25, 0], count: 8 },
  };

  const withSizesOf = (sourceSizes: string[]) => ({
    ...grayBatch([
      [10, 10],
      [20, 20],
      [60, 60],
      [70, 70],
    ]),
    sourceSizes,
  });

  it("count each image's size against the training images' most common, the rest as other", () => {
    const { columns } = imageDrifts(withSizes, withSizesOf(['28×28', '28×28', '64×48', '32×32']));
    const size = columns.find((column) => column.name === 'image size before resizing')!;
    expect(size.bins.map((bin) => [bin.label, bin.reference, bin.batch])).toEqual([
      ['28×28', 0.75, 0.5],
      ['32×32', 0.25, 0.25],
      ['other', 0, 0.25],
    ]);
    const expectedPsi =
      (0.5 - 0.75) * Math.log(0.5 / 0.75) + 0 + (0.25 - PSI_EMPTY_SHARE) * Math.log(0.25 / PSI_EMPTY_SHARE);
    expect(size.psi).toBeCloseTo(expectedPsi, 12);
    expect(size.level).toBe('drifted');
    expect(size.chiSquare).toBeDefined();
    expect(size.notes).toEqual(["Sizes not among the training images' most common: 64×48."]);
  });

  it('are the same when the batch comes in the training sizes, and left out where the reference has none', () => {
    const batch = withSizesOf(['28×28', '28×28', '28×28', '32×32']);
    const size = imageDrifts(withSizes, batch).columns.find((column) => column.name === 'image size before resizing');
    expect(size?.psi).toBe(0);
    expect(imageDrifts(grayReference, batch).columns.map((column) => column.name)).toEqual([
      'gray channel mean',
      'gray channel std',
    ]);
  });
});

describe('the saved image profile', () => {
  it('keeps the per-image distributions and the sizes through metadata.json', () => {
    const saved = profile({ ...grayReference, sourceSizes: { sizes: ['28×28', 'other'], shares: [1, 0], count: 4 } });
    expect(parseSavedProfile(JSON.parse(JSON.stringify(saved)))).toEqual(saved);
  });

  it('still reads a profile with the mean and std alone', () => {
    const old = profile({ kind: 'image', name: 'image', mean: [1, 2, 3], std: [4, 5, 6], count: 4 });
    expect(parseSavedProfile(JSON.parse(JSON.stringify(old)))).toEqual(old);
  });
});

describe('imageMonitorReport', () => {
  const reference = profile(grayReference);

  it('measures accuracy on the images in class folders only, and reports the predictions now against then', () => {
    const batch = {
      ...grayBatch([
        [10, 10],
        [20, 20],
        [90, 90],
        [80, 80],
      ]),
      labels: ['dark', undefined, 'light', 'light'],
    };
    const predictions = ['dark', 'dark', 'light', 'dark'].map((label) => ({ label }));
    const report = imageMonitorReport(reference, GRAY_PAIR_PIPELINE, batch, predictions, test);
    expect(report.rows).toBe(4);
    // Of the three labelled images, the last is predicted wrong.
    expect(report.metric).toEqual({ name: 'accuracy', batch: { value: 2 / 3 }, test: test.value, rows: 3 });
    expect(report.predictions.bins.map((bin) => bin.batch)).toEqual([0.75, 0.25]);
    expect(report.columns.map((column) => column.name)).toEqual(['gray channel mean', 'gray channel std']);
    expect(report.notes).toBeUndefined();
  });

  it('has no metric without labels, counts images it could not predict, and passes the reading notes on', () => {
    const batch = {
      ...grayBatch([
        [10, 10],
        [90, 90],
      ]),
      notes: ['1 file is not an image.'],
    };
    const report = imageMonitorReport(reference, GRAY_PAIR_PIPELINE, batch, [{ label: 'dark' }, undefined], test);
    expect(report.metric).toBeUndefined();
    expect(report.failedRows).toBe(1);
    expect(report.notes).toEqual(['1 file is not an image.']);
  });
});
