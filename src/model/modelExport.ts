/**
 * What exporting a trained model asks for and gives back: how the weights are pruned and
 * quantised, the files written, and the sizes and test metric measured before writing. Shared by
 * the engine that writes the files, the export dialog that asks and the run store that shows it;
 * the formats themselves are listed in exportFormats.ts.
 */
import type { HeadlineMetric } from './evaluation';
import type { ExportFormat } from './exportFormats';

/** How the TF.js weights are stored: as trained, or quantised the way tfjs's loader dequantises them. */
export type WeightPrecision = 'float32' | 'float16' | 'uint16' | 'uint8';

/** What an export does to the weights before writing them: prune, then quantise. */
export interface ExportCompression {
  /** TF.js only; the other formats keep float32. */
  readonly precision: WeightPrecision;
  /**
   * The share (0 to 0.95) of each weight matrix's values, the smallest in magnitude, set to zero
   * before writing (every format). Biases and normalisation parameters are kept.
   */
  readonly sparsity: number;
}

export interface ExportOptions extends ExportCompression {
  readonly format: ExportFormat;
  /** One zip, or the files themselves (model.json must stay beside its weight shards). */
  readonly packaging: 'zip' | 'files';
  /**
   * 'untouched': the test split is not evaluated, and metadata.json and the model card say why
   * (TEST_UNTOUCHED). For files kept to be used later, when Evaluate gives the final report. Absent: evaluated.
   */
  readonly testSplit?: 'untouched';
}

/** Why files kept for later carry no test metric: the test split is for the final report only. */
export const TEST_UNTOUCHED = 'the test split is left untouched until Evaluate gives the final report';

/**
 * The files a trained model is kept as (a kept run's weights, an Auto candidate's): what the TF.js
 * export writes at full precision, metadata.json with the fitted preprocessing included. The test
 * split stays untouched: every Auto candidate is kept so, and none may be measured on it before the
 * person asks for the final report.
 */
export const KEPT_MODEL_EXPORT: ExportOptions = {
  format: 'tfjs',
  precision: 'float32',
  sparsity: 0,
  packaging: 'files',
  testSplit: 'untouched',
};

/** A file of an export, named as it lies in the zip or the download folder. */
export interface ExportFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface ExportedModel {
  /** One `model.zip`, or the separate files. Their buffers are transferred. */
  readonly files: readonly ExportFile[];
  /** The exported model measured on the test split, as metadata.json records it. */
  readonly test: HeadlineMetric;
}

export interface ExportMeasure {
  /** The weight files, in bytes: what quantisation shrinks. */
  readonly weightBytes: number;
  /** model.json and the weight files. */
  readonly totalBytes: number;
  /** model.json and the weight files zipped as the download zips them (pruned weights compressed: zeros compress). */
  readonly zipBytes: number;
  /** The share of the weight matrices' values that are zero: what pruning reached. */
  readonly zeroShare: number;
  readonly test: HeadlineMetric;
}

/** What the export dialog shows before anything is written: size and test metric as trained and as exported. */
export interface ExportPreview {
  readonly compression: ExportCompression;
  /** The model as trained (float32, unpruned), then pruned and quantised as `compression` says. */
  readonly float32: ExportMeasure;
  readonly exported: ExportMeasure;
  /** Per format, the layers it cannot write ("lstm_1 (LSTM): …"); empty when all map. */
  readonly unsupported: Readonly<Record<ExportFormat, readonly string[]>>;
}
