/**
 * The reference profile: what the training rows looked like, column by column, and what the model
 * predicted on them, kept in metadata.json so a later batch can be compared with it (drift). Bins
 * and shares only, never rows: the profile says how the data was spread, not what it held.
 *
 * The training side and a batch's side go through the same functions (`binOf`, `tokensOf` …), so a
 * value falls in the same bin whichever side it comes from.
 */
import { formatValue } from '../../model/format';
import type { Prediction } from '../../model/prediction';
import { formatFloat32, isMissingCell, isMissingNumberCell, parseNumberCell } from '../cells';
import { categoryText, type FeatureTransform, type FittedPipeline } from '../preprocess';
import type { ImageImportReport, StoredColumn, StoredDataset } from '../schema';
import { tokenize, vocabularyLookup, type FittedTokenizer } from '../text';

export const PROFILE_VERSION = 1;
/** Bins of a numeric column (or a text's length, or a regression's predictions): deciles of the training rows. */
export const PROFILE_BINS = 10;

/**
 * A distribution over bins. Numeric bins are cut at `edges` (ascending, distinct): bin i holds
 * the values v with edges[i − 1] < v ≤ edges[i], the first everything ≤ edges[0], the last
 * everything above the last edge. `shares` sum to 1 (all 0 when `count` is 0).
 */
export interface Binned {
  readonly edges: readonly number[];
  readonly shares: readonly number[];
  readonly count: number;
}

export type ColumnProfile =
  | ({ readonly kind: 'numeric'; readonly name: string; readonly missingShare: number } & Binned)
  /** Shares of the model's categories, in its order; a value outside them is the batch's "other". */
  | {
      readonly kind: 'categorical';
      readonly name: string;
      readonly categories: readonly string[];
      readonly shares: readonly number[];
      readonly count: number;
    }
  /** Lengths in tokens, and the share of tokens outside the model's vocabulary. */
  | ({ readonly kind: 'text'; readonly name: string; readonly oovRate: number } & Binned)
  /** Pixel values (0–255) per channel, and how they vary from image to image. */
  | {
      readonly kind: 'image';
      readonly name: string;
      readonly mean: readonly number[];
      readonly std: readonly number[];
      readonly count: number;
      /**
       * Per channel, each image's mean pixel value (its brightness) binned at the training images'
       * deciles. Absent from profiles saved before images were checked for drift, which keep only
       * `mean` and `std`.
       */
      readonly imageMeans?: readonly Binned[];
      /** Per channel, each image's standard deviation of pixel values (its contrast), binned likewise. */
      readonly imageStds?: readonly Binned[];
      /** The sizes the images came in before resizing, where the import counted them (see SourceSizes). */
      readonly sourceSizes?: SourceSizes;
    };

/**
 * Image sizes before resizing ("640×480"): the import's most common sizes, then "other" for the
 * rest, with their shares. Counted by the import over the whole data set, not the training rows
 * alone: the import keeps the counts, not each row's size.
 */
export interface SourceSizes {
  /** The last is always OTHER_SIZES. */
  readonly sizes: readonly string[];
  readonly shares: readonly number[];
  readonly count: number;
}

export const OTHER_SIZES = 'other';

export function sizeName({ width, height }: { readonly width: number; readonly height: number }): string {
  return `${width}×${height}`;
}

export type PredictionProfile =
  | {
      readonly kind: 'classes';
      readonly labels: readonly string[];
      readonly shares: readonly number[];
      readonly count: number;
    }
  | ({ readonly kind: 'values' } & Binned);

export interface ReferenceProfile {
  readonly version: typeof PROFILE_VERSION;
  /** The training rows profiled. */
  readonly rows: number;
  /** One per feature of the pipeline, in its order. */
  readonly columns: readonly ColumnProfile[];
  /** The model's predictions on the training rows. */
  readonly predictions: PredictionProfile;
}

// ── bins ─────────────────────────────────────────────────────────────────────

/** Distinct quantile cut points of `values` (any order) at 1/bins, 2/bins … (bins − 1)/bins, by linear interpolation. */
export function quantileEdges(values: readonly number[], bins = PROFILE_BINS): number[] {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const at = (i / bins) * (sorted.length - 1);
    const low = Math.floor(at);
    const edge = sorted[low]! + (at - low) * (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!);
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  return edges;
}

export function binOf(value: number, edges: readonly number[]): number {
  let bin = 0;
  while (bin < edges.length && value > edges[bin]!) bin++;
  return bin;
}

export function binned(values: readonly number[], edges: readonly number[]): Binned {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const value of values) counts[binOf(value, edges)]!++;
  return { edges, shares: sharesOf(counts), count: values.length };
}

export function sharesOf(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  return counts.map((count) => (total === 0 ? 0 : count / total));
}

/** A bin's name for people: "≤ 4.8", "4.8 – 5.1", "> 7.2". */
export function binLabels(edges: readonly number[]): string[] {
  if (edges.length === 0) return ['all'];
  return Array.from({ length: edges.length + 1 }, (_, bin) =>
    bin === 0
      ? `≤ ${formatValue(edges[0]!)}`
      : bin === edges.length
        ? `> ${formatValue(edges[bin - 1]!)}`
        : `${formatValue(edges[bin - 1]!)} – ${formatValue(edges[bin]!)}`,
  );
}

// ── cells to values ──────────────────────────────────────────────────────────

/** A numeric column's cells: the numbers, how many were missing, and the cells that are neither. */
export interface NumericCells {
  readonly values: number[];
  readonly missing: number;
  readonly notNumbers: string[];
}

export function numericCells(cells: Iterable<string>): NumericCells {
  const values: number[] = [];
  const notNumbers: string[] = [];
  let missing = 0;
  for (const cell of cells) {
    if (isMissingNumberCell(cell)) {
      missing++;
      continue;
    }
    const value = parseNumberCell(cell);
    if (value === undefined) notNumbers.push(cell);
    else values.push(Math.fround(value));
  }
  return { values, missing, notNumbers };
}

/** Counts per category (in `categories` order), then one more: the values outside them. Missing cells are left out. */
export function categoryCounts(cells: Iterable<string>, categories: readonly string[]): number[] {
  const slotOf = new Map(categories.map((category, slot) => [category, slot]));
  const counts = new Array<number>(categories.length + 1).fill(0);
  for (const cell of cells) {
    if (isMissingCell(cell)) continue;
    counts[slotOf.get(categoryText(cell)) ?? categories.length]!++;
  }
  return counts;
}

/** Each text's length in tokens, and the share of all its tokens the vocabulary lacks. */
export function textLengths(
  cells: Iterable<string>,
  tokenizer: FittedTokenizer,
): { lengths: number[]; oovRate: number } {
  const known = vocabularyLookup(tokenizer.vocabulary);
  const lengths: number[] = [];
  let tokens = 0;
  let unknown = 0;
  for (const cell of cells) {
    const words = tokenize(cell, tokenizer.settings);
    lengths.push(words.length);
    tokens += words.length;
    unknown += words.filter((word) => !known.has(word)).length;
  }
  return { lengths, oovRate: tokens === 0 ? 0 : unknown / tokens };
}

/** Mean and standard deviation of the pixel values (0–255) of each channel, over HWC images stored one after another. */
export function pixelStatistics(pixels: Uint8Array, channels: number): { mean: number[]; std: number[] } {
  const sums = new Array<number>(channels).fill(0);
  const squares = new Array<number>(channels).fill(0);
  for (let i = 0; i < pixels.length; i++) {
    sums[i % channels]! += pixels[i]!;
    squares[i % channels]! += pixels[i]! ** 2;
  }
  const perChannel = pixels.length / channels;
  const mean = sums.map((sum) => (perChannel === 0 ? 0 : sum / perChannel));
  const std = squares.map((square, c) =>
    perChannel === 0 ? 0 : Math.sqrt(Math.max(0, square / perChannel - mean[c]! ** 2)),
  );
  return { mean, std };
}

/**
 * Each image's mean and standard deviation of its pixel values, per channel: `means[c][i]` is
 * image i's channel c. `pixels` holds HWC images of `imageBytes` bytes one after another.
 */
export function perImageStatistics(
  pixels: Uint8Array,
  channels: number,
  imageBytes: number,
): { means: number[][]; stds: number[][] } {
  const images = imageBytes === 0 ? 0 : pixels.length / imageBytes;
  const means = Array.from({ length: channels }, () => new Array<number>(images));
  const stds = Array.from({ length: channels }, () => new Array<number>(images));
  for (let i = 0; i < images; i++) {
    const { mean, std } = pixelStatistics(pixels.subarray(i * imageBytes, (i + 1) * imageBytes), channels);
    for (let c = 0; c < channels; c++) {
      means[c]![i] = mean[c]!;
      stds[c]![i] = std[c]!;
    }
  }
  return { means, stds };
}

// ── the profile ──────────────────────────────────────────────────────────────

/**
 * The reference profile of the training rows `rows` of `dataset`, for the features of `pipeline`,
 * and of the model's `predictions` on them (in the same order).
 */
export function referenceProfile(
  dataset: StoredDataset,
  pipeline: FittedPipeline,
  rows: Uint32Array,
  predictions: readonly Prediction[],
): ReferenceProfile {
  const columns = pipeline.features.map((feature) => {
    const column = dataset.columns.find((c) => c.name === feature.name);
    if (!column) throw new RangeError(`no column named "${feature.name}"`);
    return column.type === 'image'
      ? imageProfile(feature.name, column, rows, dataset.meta.images, dataset.meta.rowCount)
      : columnProfile(feature, storedCells(column, rows));
  });
  return {
    version: PROFILE_VERSION,
    rows: rows.length,
    columns,
    predictions: predictionProfile(pipeline, predictions),
  };
}

/** A table or text feature's profile from its cells as text. */
export function columnProfile(feature: FeatureTransform, cells: readonly string[]): ColumnProfile {
  const { name } = feature;
  switch (feature.kind) {
    case 'numeric': {
      const { values, missing } = numericCells(cells);
      return {
        kind: 'numeric',
        name,
        ...binned(values, quantileEdges(values)),
        missingShare: cells.length === 0 ? 0 : missing / cells.length,
      };
    }
    case 'oneHot':
    case 'ordinal': {
      const counts = categoryCounts(cells, feature.categories).slice(0, -1);
      return {
        kind: 'categorical',
        name,
        categories: feature.categories,
        shares: sharesOf(counts),
        count: counts.reduce((a, b) => a + b, 0),
      };
    }
    case 'text': {
      const { lengths, oovRate } = textLengths(cells, feature.tokenizer);
      return { kind: 'text', name, ...binned(lengths, quantileEdges(lengths)), oovRate };
    }
    case 'image':
      throw new RangeError(`"${name}" is an image column: profile its pixels`);
  }
}

function imageProfile(
  name: string,
  column: Extract<StoredColumn, { type: 'image' }>,
  rows: Uint32Array,
  imported: ImageImportReport | undefined,
  rowCount: number,
): ColumnProfile {
  const size = column.height * column.width * column.channels;
  const pixels = new Uint8Array(rows.length * size);
  rows.forEach((row, i) => pixels.set(column.pixels.subarray(row * size, (row + 1) * size), i * size));
  const { means, stds } = perImageStatistics(pixels, column.channels, size);
  return {
    kind: 'image',
    name,
    ...pixelStatistics(pixels, column.channels),
    count: rows.length,
    imageMeans: means.map((values) => binned(values, quantileEdges(values))),
    imageStds: stds.map((values) => binned(values, quantileEdges(values))),
    ...(imported && imported.sourceSizes.length > 0 && { sourceSizes: sourceSizesOf(imported, rowCount) }),
  };
}

function sourceSizesOf(imported: ImageImportReport, rowCount: number): SourceSizes {
  const counts = imported.sourceSizes.map((size) => size.count);
  const listed = counts.reduce((sum, count) => sum + count, 0);
  const others = Math.max(0, rowCount - listed);
  return {
    sizes: [...imported.sourceSizes.map(sizeName), OTHER_SIZES],
    shares: sharesOf([...counts, others]),
    count: listed + others,
  };
}

/** The share of each predicted class, or the predicted values binned at their deciles. */
export function predictionProfile(pipeline: FittedPipeline, predictions: readonly Prediction[]): PredictionProfile {
  if (pipeline.target.task === 'regression') {
    const values = predictions.flatMap((p) => (p.value === undefined ? [] : [p.value]));
    return { kind: 'values', ...binned(values, quantileEdges(values)) };
  }
  const { labels } = pipeline.target;
  const counts = categoryCounts(
    predictions.flatMap((p) => (p.label === undefined ? [] : [p.label])),
    labels,
  ).slice(0, -1);
  return { kind: 'classes', labels, shares: sharesOf(counts), count: predictions.length };
}

/** The cells of `rows` as a CSV would have held them (missing as empty). */
function storedCells(column: Exclude<StoredColumn, { type: 'image' }>, rows: Uint32Array): string[] {
  return Array.from(rows, (row) => {
    if (column.type === 'numeric') {
      const value = column.values[row]!;
      return Number.isNaN(value) ? '' : formatFloat32(value);
    }
    const code = column.codes[row]!;
    return code < 0 ? '' : column.vocabulary[code]!;
  });
}
