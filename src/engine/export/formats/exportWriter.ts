/**
 * The ExportWriter contract: what an export format writes, engine-side. Its id, label and help
 * are its entry in src/model/exportFormats.ts (pure, for the UI); `index.ts` pairs each entry with
 * its writer.
 */
import type * as tf from '@tensorflow/tfjs';
import type { FittedPipeline } from '../../../data/preprocess';
import type { Graph } from '../../../model/graph';
import type { ExportFormat } from '../../../model/exportFormats';
import type { ExportCompression, ExportFile } from '../../../model/modelExport';
import type { Result } from '../../../model/result';
import type { ModelMetadata } from '../metadata';
import type { FileNote } from '../readme';

/** What a writer is given: the model as exported, and what it was made from. */
export interface ExportInput {
  /** The model as exported: pruned and quantised as asked, loaded back (or the trained model itself when unchanged). */
  readonly model: tf.LayersModel;
  /** The graph the model was built from (the Keras script is written from it). */
  readonly graph: Graph;
  readonly pipeline: FittedPipeline;
  /** `model` as TF.js layers files: model.json, then the weight shards, pruned and quantised. */
  readonly tfjsFiles: readonly ExportFile[];
  /** The precision is float32 unless the format quantises (`quantises` in its entry). */
  readonly compression: ExportCompression;
  /** metadata.json as the export writes it beside the format's files (a self-contained file may carry it inside). */
  readonly metadata: ModelMetadata;
}

export interface ExportWriter<F extends ExportFormat = ExportFormat> {
  readonly format: F;
  /**
   * The layers of `model` it cannot write, "name (Class)" or "name (Class): why"; empty when it
   * writes them all. The export dialog lists them and offers no download.
   */
  unsupported(model: tf.LayersModel): Promise<readonly string[]>;
  /**
   * The format's own files, each with what it holds (exportModel adds metadata.json, README.txt
   * and the model card); an error naming the layers `unsupported` lists when there are any.
   */
  write(input: ExportInput): Promise<Result<readonly (ExportFile & FileNote)[]>>;
  /**
   * README.txt's part on using the export: a short program that loads the files and predicts on
   * one raw example with nothing but metadata.json. `files` is every file of the export.
   */
  usage(pipeline: FittedPipeline, files: readonly FileNote[]): string;
}
