/**
 * A batch of images held against the training images' profile: per channel, how each image's
 * brightness (its mean pixel value) and contrast (its pixels' standard deviation) spread, binned at
 * the training images' deciles as a numeric column's values are, so the same PSI and KS apply.
 * Pure: the images arrive as pixels already decoded and resized to the model's input
 * (data/import/imageBatch.ts reads them).
 */
import type { HeadlineMetric } from '../../model/evaluation';
import { formatValue } from '../../model/format';
import type { Prediction } from '../../model/prediction';
import type { FittedPipeline } from '../preprocess';
import { chiSquare, kolmogorovSmirnov } from './drift';
import {
  binLabels,
  binned,
  perImageStatistics,
  pixelStatistics,
  sharesOf,
  type Binned,
  type ColumnProfile,
  type ReferenceProfile,
  type SourceSizes,
} from './profile';
import { drift, monitorReport, type ColumnDrift, type MonitorReport } from './report';

type ImageProfile = Extract<ColumnProfile, { kind: 'image' }>;

/** A batch of images as the model reads them: HWC pixels, one image after another. */
export interface ImageBatch {
  readonly pixels: Uint8Array;
  readonly count: number;
  readonly channels: number;
  /** Bytes per image: height × width × channels. */
  readonly imageBytes: number;
  /** Each image's class, where the folder holding it is named after one of the model's classes; absent when none is. */
  readonly labels?: readonly (string | undefined)[];
  /** Each image's size before resizing ("640×480"), where the reader knows it. */
  readonly sourceSizes?: readonly string[];
  /** What the reading left out or could not tell, in sentences (files that are not images …). */
  readonly notes: readonly string[];
}

export function channelNames(channels: number): string[] {
  if (channels === 3) return ['red', 'green', 'blue'];
  if (channels === 1) return ['gray'];
  return Array.from({ length: channels }, (_, c) => `channel ${c + 1}`);
}

const average = (values: readonly number[]): number =>
  values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;

function statisticDrift(name: string, reference: Binned, values: readonly number[], note: string): ColumnDrift {
  const batch = binned(values, reference.edges);
  return {
    name,
    kind: 'image',
    ...drift(name, binLabels(reference.edges), reference.shares, batch.shares),
    ks: kolmogorovSmirnov(reference.shares, batch.shares, { expected: reference.count, actual: batch.count }),
    notes: [note],
  };
}

/** The batch's sizes before resizing against the training images', as a categorical column's: PSI and χ². */
function sizeDrift(reference: SourceSizes, sizes: readonly string[]): ColumnDrift {
  const name = 'image size before resizing';
  const other = reference.sizes.length - 1;
  const slotOf = new Map(reference.sizes.slice(0, other).map((size, slot) => [size, slot]));
  const counts = new Array<number>(reference.sizes.length).fill(0);
  for (const size of sizes) counts[slotOf.get(size) ?? other]!++;
  const unseen = [...new Set(sizes.filter((size) => !slotOf.has(size)))];
  return {
    name,
    kind: 'image',
    ...drift(name, reference.sizes, reference.shares, sharesOf(counts)),
    chiSquare: chiSquare(
      reference.shares.map((share) => share * reference.count),
      counts,
    ),
    notes:
      unseen.length > 0
        ? [
            `Sizes not among the training images' most common: ${unseen.slice(0, 5).join(', ')}${unseen.length > 5 ? ', …' : ''}.`,
          ]
        : [],
  };
}

/**
 * The batch's images against an image column's reference: per channel, "red channel mean" (each
 * image's brightness) and "red channel std" (its contrast). A reference saved before images were
 * checked for drift keeps only the pixels' mean and std: then no drift, and a note that says so with
 * the numbers it can compare.
 */
export function imageDrifts(
  reference: ImageProfile,
  batch: Pick<ImageBatch, 'pixels' | 'channels' | 'imageBytes' | 'sourceSizes'>,
): { columns: ColumnDrift[]; notes: string[] } {
  const channels = channelNames(batch.channels);
  const { imageMeans, imageStds } = reference;
  if (!imageMeans || !imageStds) {
    const { mean, std } = pixelStatistics(batch.pixels, batch.channels);
    const compared = channels.map(
      (channel, c) =>
        `${channel} ${formatValue(mean[c]!)} ± ${formatValue(std[c]!)} (training ${formatValue(reference.mean[c] ?? NaN)} ± ${formatValue(reference.std[c] ?? NaN)})`,
    );
    return {
      columns: [],
      notes: [
        `The model's saved reference keeps only the training images' pixel mean and standard deviation per channel, not how images vary, so their drift (PSI, KS) cannot be measured; export the model again from the studio that trained it to keep that. Pixel values in this batch: ${compared.join('; ')}.`,
      ],
    };
  }
  const { means, stds } = perImageStatistics(batch.pixels, batch.channels, batch.imageBytes);
  const columns = channels.flatMap((channel, c) => {
    const [meanReference, stdReference] = [imageMeans[c], imageStds[c]];
    if (!meanReference || !stdReference) return [];
    return [
      statisticDrift(
        `${channel} channel mean`,
        meanReference,
        means[c]!,
        `Each image's mean ${channel} value (its brightness): ${formatValue(average(means[c]!))} on average in this batch, ${formatValue(reference.mean[c]!)} in training.`,
      ),
      statisticDrift(
        `${channel} channel std`,
        stdReference,
        stds[c]!,
        `Each image's standard deviation of ${channel} values (its contrast): ${formatValue(average(stds[c]!))} on average in this batch.`,
      ),
    ];
  });
  const sizes = reference.sourceSizes && batch.sourceSizes ? [sizeDrift(reference.sourceSizes, batch.sourceSizes)] : [];
  return { columns: [...columns, ...sizes], notes: [] };
}

/**
 * The image batch against `reference`, for the image model encoding through `pipeline`:
 * `predictions[i]` is image i's, `test` the headline metric on the test split. With labels (class
 * folders) the metric is measured on the labelled images.
 */
export function imageMonitorReport(
  reference: ReferenceProfile,
  pipeline: FittedPipeline,
  batch: ImageBatch,
  predictions: readonly (Prediction | undefined)[],
  test: HeadlineMetric,
): MonitorReport {
  const target = pipeline.target.name;
  // The images become rows holding only their label, so the predictions and the metric are those of a table.
  const rows = Array.from({ length: batch.count }, (_, i) => ({ [target]: batch.labels?.[i] ?? '' }));
  const report = monitorReport(
    reference,
    pipeline,
    { header: [target], rows, ignored: [], hasTarget: batch.labels !== undefined },
    predictions,
    test,
  );
  const image = reference.columns.find((column): column is ImageProfile => column.kind === 'image');
  const drifts = image ? imageDrifts(image, batch) : { columns: [], notes: [] };
  const notes = [...batch.notes, ...drifts.notes];
  return { ...report, columns: drifts.columns, ...(notes.length > 0 && { notes }) };
}
