import type { Task } from '../model/task';
import type { LengthHistogram, TokenizerSettings } from './text';

export type ColumnType = 'numeric' | 'categorical' | 'image';

/** What the Data view shows about one column; computed in the data worker at import. */
export interface ColumnSummary {
  readonly name: string;
  readonly type: ColumnType;
  /** Empty cells (and NaN/"NA"-style markers). */
  readonly missing: number;
  /** Distinct values; for a numeric column counted up to UNIQUE_COUNT_CAP (see `uniqueIsLowerBound`). */
  readonly unique: number;
  /** True when a numeric column has more distinct values than were counted: `unique` is then a lower bound. */
  readonly uniqueIsLowerBound?: boolean;
  /** Numeric columns only. */
  readonly min?: number;
  readonly max?: number;
  readonly mean?: number;
  readonly std?: number;
  /** Numeric columns: counts of values in equal-width bins from `min` to `max` (the last bin includes `max`). */
  readonly histogram?: { readonly min: number; readonly max: number; readonly counts: readonly number[] };
  /** Categorical columns: most frequent values first (at most 10). */
  readonly topValues?: readonly { readonly value: string; readonly count: number }[];
  /**
   * Every distinct value with its count, in vocabulary order (categories in code-unit order,
   * numbers ascending as float32 text), when the column has at most 100 of them; absent
   * otherwise. A target's class labels and class balance come from here, so the UI can show
   * them without reading rows.
   */
  readonly valueCounts?: ValueCounts;
  /**
   * A categorical column whose cells are mostly numbers: the text among them (a typo, "Infinity",
   * "12 kg") made it categorical. The person can use it as numbers, the text cells then missing.
   */
  readonly textAmongNumbers?: TextAmongNumbers;
  /**
   * Categorical columns with more distinct values than one-hot suits (likely text): how many
   * tokens their cells have, at each level with the default options, to choose a sequence length.
   */
  readonly textLengths?: { readonly word: LengthHistogram; readonly char: LengthHistogram };
  /**
   * Categorical columns whose every value names an image file (`images/cat1.png`): the images
   * themselves come with the CSV in a zip or folder, which stores them as an image column.
   */
  readonly imagePaths?: true;
  /** Image columns: every image's size after the import resized it (`missing` is 0; `unique` is not counted, 0). */
  readonly height?: number;
  readonly width?: number;
  readonly channels?: ImageChannels;
}

/**
 * Distinct values and how often each occurs, as two parallel arrays (`values[i]` occurs `counts[i]` times).
 * Not one object per value: a 5,000-column table's meta then held half a million objects, which cost the page
 * half a second to receive from the import worker and as much again to read back from storage.
 */
export interface ValueCounts {
  readonly values: readonly string[];
  readonly counts: readonly number[];
}

export interface TextAmongNumbers {
  /** Cells holding text that is not a number (missing markers aside). */
  readonly count: number;
  /** The first rows with such a cell, numbered as in a spreadsheet (the header is row 1). */
  readonly rows: readonly number[];
  /** A few of the texts, trimmed, distinct. */
  readonly examples: readonly string[];
}

/** 1 = grayscale (luma), 3 = RGB. */
export type ImageChannels = 1 | 3;

/** A few of one class's images, small enough to travel in the meta and be drawn by the UI. */
export interface ClassThumbnails {
  readonly label: string;
  /** Images of the class in the data set. */
  readonly count: number;
  /** `pixels.length / (height × width × channels)` images, row-major HWC, as stored. */
  readonly pixels: Uint8Array;
}

/** A file an image import left out, and why, in words for the person. */
export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

/** What an image import reports beside the columns: thumbnails, skipped files, the sizes it resized from. */
export interface ImageImportReport {
  readonly height: number;
  readonly width: number;
  readonly channels: ImageChannels;
  /** Per class, in vocabulary order. */
  readonly thumbnails: readonly ClassThumbnails[];
  /** The first skipped files (at most SKIPPED_LISTED); `skippedCount` counts them all. */
  readonly skipped: readonly SkippedFile[];
  readonly skippedCount: number;
  /** The sizes the files came in, most frequent first (at most a few); more than one means they were resized to one size. */
  readonly sourceSizes: readonly { readonly width: number; readonly height: number; readonly count: number }[];
  /** How many different sizes the files came in (`sourceSizes` may list fewer). */
  readonly sourceSizeCount: number;
}

/** A dataset as the UI knows it: schema, statistics and a small preview, never all rows. */
export interface DatasetMeta {
  readonly id: string;
  readonly name: string;
  readonly source: 'sample' | 'file';
  readonly rowCount: number;
  readonly bytes: number;
  readonly createdAt: number;
  readonly columns: readonly ColumnSummary[];
  /** The first rows as parsed text, for the preview table (empty for images). */
  readonly preview: readonly (readonly string[])[];
  /** Absent means 'table'. An image data set's columns are exactly `image` (type image) and `label` (categorical). */
  readonly kind?: 'table' | 'images';
  /** Image data sets only. */
  readonly images?: ImageImportReport;
  /** What the import read differently from plain CSV, said to the person in words (decimal commas, no header). */
  readonly readingNotes?: readonly string[];
  /** CSV only: whether the first row named the columns (detected, or as the person said); absent before it was recorded. */
  readonly firstRowIsHeader?: boolean;
}

/**
 * What the library lists of a stored data set, kept beside its meta: listing the library then never
 * reads the metas, which a wide table makes large (its per-column statistics and value counts).
 */
export type DatasetListing = Pick<DatasetMeta, 'id' | 'name' | 'kind' | 'rowCount' | 'bytes' | 'createdAt'>;

/**
 * Rows stored column by column as typed arrays (never one object per row): numeric values as
 * float32 with NaN for missing, categories as int32 codes into a vocabulary with -1 for missing,
 * images as uint8 pixels, `height × width × channels` bytes per row.
 */
export type StoredColumn =
  | { readonly name: string; readonly type: 'numeric'; readonly values: Float32Array }
  | {
      readonly name: string;
      readonly type: 'categorical';
      readonly codes: Int32Array;
      readonly vocabulary: readonly string[];
    }
  | {
      readonly name: string;
      readonly type: 'image';
      /** rows × height × width × channels, row-major HWC. */
      readonly pixels: Uint8Array;
      readonly height: number;
      readonly width: number;
      readonly channels: ImageChannels;
    };

export interface StoredDataset {
  readonly meta: DatasetMeta;
  readonly columns: readonly StoredColumn[];
}

/**
 * One chunk of a data set as stored: rows [index·chunkRows, (index+1)·chunkRows) of every column,
 * in column order (the last chunk may be shorter). Numeric columns are float32 (NaN = missing);
 * categorical columns are int32 codes in order of first appearance (-1 = missing), which an import
 * can assign before it has seen every category; `ColumnLayout` maps them to the sorted vocabulary.
 * Image columns are uint8 pixels, rows × height × width × channels.
 */
export type ChunkColumns = readonly (Float32Array | Int32Array | Uint8Array)[];

export type ColumnLayout =
  | { readonly name: string; readonly type: 'numeric' }
  | {
      readonly name: string;
      readonly type: 'image';
      readonly height: number;
      readonly width: number;
      readonly channels: ImageChannels;
    }
  | {
      readonly name: string;
      readonly type: 'categorical';
      /** Sorted (UTF-16 code units), as in `StoredColumn`. */
      readonly vocabulary: readonly string[];
      /** A chunk's code c stands for `vocabulary[vocabularyIndex[c]]`. */
      readonly vocabularyIndex: Int32Array;
    };

/** How a data set's rows are cut into chunks; together with the chunks it gives back the `StoredColumn`s. */
export interface DatasetLayout {
  readonly chunkRows: number;
  readonly chunkCount: number;
  readonly columns: readonly ColumnLayout[];
}

/** How a column is used: as numbers, as categories, as text (tokenised), or not at all. */
export const COLUMN_USES = ['numeric', 'categorical', 'text', 'ignore'] as const;
export type ColumnUse = (typeof COLUMN_USES)[number];

/** What fills a missing cell: 'drop' leaves out the whole row instead. */
export const IMPUTE_STRATEGIES = ['drop', 'mean', 'median', 'mostFrequent', 'constant'] as const;
export type ImputeStrategy = (typeof IMPUTE_STRATEGIES)[number];

/** Numeric features: 'log1p' takes log(1 + x) and then standardises. */
export const SCALINGS = ['standardize', 'minmax', 'log1p', 'none'] as const;
export type Scaling = (typeof SCALINGS)[number];

/** Categorical features: one input per category, or the category's index as one input. */
export const ENCODINGS = ['oneHot', 'ordinal'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/**
 * The person's choices for one column; anything left out takes the default the Data view shows
 * (see `planColumns`). Kept as a list keyed by `name`, not an object keyed by column names: a CSV
 * header may be "__proto__".
 */
export interface ColumnChoice {
  readonly name: string;
  readonly use?: ColumnUse;
  readonly impute?: ImputeStrategy;
  /** The fill for impute 'constant', as cell text. */
  readonly fillValue?: string;
  readonly scale?: Scaling;
  readonly encode?: Encoding;
  /** Text columns: the tokeniser's settings; anything left out takes DEFAULT_TOKENIZER_SETTINGS. */
  readonly tokenizer?: Partial<TokenizerSettings>;
}

export type SplitOrder = 'random' | 'sequential';

/** The person's choices on the Data view, saved in the project. */
export interface DataConfig {
  readonly datasetId: string | null;
  readonly target: string | null;
  /** Seeds the split, and each run's initial weights, shuffles and dropout: the same seed gives the same run. */
  readonly seed: number;
  readonly validationFraction: number;
  /** Held out for the final test, never seen by training or early stopping. */
  readonly testFraction: number;
  readonly splitOrder: SplitOrder;
  readonly columns: readonly ColumnChoice[];
}

export const DEFAULT_DATA_CONFIG: DataConfig = {
  datasetId: null,
  target: null,
  seed: 42,
  validationFraction: 0.2,
  testFraction: 0.1,
  splitOrder: 'random',
  columns: [],
};

export type { Task };
