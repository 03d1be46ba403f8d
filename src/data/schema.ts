import type { Task } from '../model/task';

export type ColumnType = 'numeric' | 'categorical';

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
  /** Categorical columns: most frequent values first (at most 10). */
  readonly topValues?: readonly { readonly value: string; readonly count: number }[];
  /**
   * Every distinct value with its count, in vocabulary order (categories in code-unit order,
   * numbers ascending as float32 text), when the column has at most 100 of them; absent
   * otherwise. A target's class labels and class balance come from here, so the UI can show
   * them without reading rows.
   */
  readonly valueCounts?: readonly { readonly value: string; readonly count: number }[];
}

/** A dataset as the UI knows it: schema, statistics and a small preview, never all rows. */
export interface DatasetMeta {
  readonly id: string;
  readonly name: string;
  readonly source: 'sample' | 'file';
  /** What the rows hold; data sets stored before images and text have none and are tables. */
  readonly kind?: 'table' | 'images' | 'text';
  readonly rowCount: number;
  readonly bytes: number;
  readonly createdAt: number;
  readonly columns: readonly ColumnSummary[];
  /** The first rows as parsed text, for the preview table. */
  readonly preview: readonly (readonly string[])[];
}

/**
 * Rows stored column by column as typed arrays (never one object per row): numeric values as
 * float32 with NaN for missing, categories as int32 codes into a vocabulary with -1 for missing.
 */
export type StoredColumn =
  | { readonly name: string; readonly type: 'numeric'; readonly values: Float32Array }
  | { readonly name: string; readonly type: 'categorical'; readonly codes: Int32Array; readonly vocabulary: readonly string[] };

export interface StoredDataset {
  readonly meta: DatasetMeta;
  readonly columns: readonly StoredColumn[];
}

/**
 * One chunk of a data set as stored: rows [index·chunkRows, (index+1)·chunkRows) of every column,
 * in column order (the last chunk may be shorter). Numeric columns are float32 (NaN = missing);
 * categorical columns are int32 codes in order of first appearance (-1 = missing), which an import
 * can assign before it has seen every category; `ColumnLayout` maps them to the sorted vocabulary.
 */
export type ChunkColumns = readonly (Float32Array | Int32Array)[];

export type ColumnLayout =
  | { readonly name: string; readonly type: 'numeric' }
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

/** The person's choices on the Data view, saved in the project. */
export interface DataConfig {
  readonly datasetId: string | null;
  readonly target: string | null;
  /** Seeds the train/validation split; the same seed gives the same split. */
  readonly seed: number;
  readonly validationFraction: number;
}

export const DEFAULT_DATA_CONFIG: DataConfig = { datasetId: null, target: null, seed: 42, validationFraction: 0.2 };

export type { Task };

/**
 * A failure the person should read, or a value. Declared here, in the DOM-free core, and
 * re-exported by workers/protocol.ts for use across the worker boundary.
 */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };
