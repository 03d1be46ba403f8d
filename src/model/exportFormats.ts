/**
 * The export formats as the export dialog, the actions and the model card know them: names, help
 * and what a format does with the weights. Pure, so the UI reads it without loading tfjs; what a
 * format writes is its writer's, engine-side (`src/engine/export/formats/<id>.ts`), keyed by the
 * same id and listed in `src/engine/export/formats/index.ts`, whose type requires one writer per
 * entry here (src/engine/export/README.md says what adding a format takes).
 */

/** The rows of the export dialog's size table: weight files, model.json and weights, zipped. */
export type SizeRow = 'weights' | 'total' | 'zip';

export interface ExportFormatInfo {
  /** Stored in metadata.json (`export.format`) and in the download's name: never rename it. */
  readonly id: string;
  /** Its name in the export dialog and the model card. */
  readonly label: string;
  /** What it writes and what reads it, in a sentence (beside the dialog's choice). */
  readonly help: string;
  /** Whether it writes weights quantised as the dialog asks; the others keep float32. Pruning is written by every format. */
  readonly quantises: boolean;
  /** The size-table rows that describe its files (the zero share and the test metric follow in every format). */
  readonly sizes: readonly SizeRow[];
  /**
   * Whether it runs the saved preprocessing on raw inputs by itself (the web app), and so cannot
   * be written for an imported model that came without its metadata.json.
   */
  readonly needsSavedPipeline: boolean;
}

/** In the export dialog's order. */
export const exportFormats = [
  {
    id: 'tfjs',
    label: 'TF.js',
    help: 'model.json + weight shards: tf.loadLayersModel in a page or Node.',
    quantises: true,
    sizes: ['weights', 'total', 'zip'],
    needsSavedPipeline: false,
  },
  {
    id: 'onnx',
    label: 'ONNX',
    help: 'model.onnx (opset 17): onnxruntime in any language.',
    quantises: false,
    sizes: ['weights'],
    needsSavedPipeline: false,
  },
  {
    id: 'keras',
    label: 'Keras / Python',
    help: 'A Keras script, weights.npz, and predict.py that needs numpy alone.',
    quantises: false,
    sizes: ['weights'],
    needsSavedPipeline: false,
  },
  {
    id: 'webapp',
    label: 'Web app',
    help: 'A static web app with the model and TF.js inside: any static host, offline; index.html alone when small.',
    quantises: true,
    sizes: ['weights'],
    needsSavedPipeline: true,
  },
  {
    id: 'pytorch',
    label: 'PyTorch',
    help: 'model.py (an nn.Module), weights.npz for its state_dict, and predict.py.',
    quantises: false,
    sizes: ['weights'],
    needsSavedPipeline: false,
  },
] as const satisfies readonly ExportFormatInfo[];

export type ExportFormat = (typeof exportFormats)[number]['id'];

const byId: ReadonlyMap<string, ExportFormatInfo> = new Map(exportFormats.map((format) => [format.id, format]));

export function exportFormatInfo(id: ExportFormat): ExportFormatInfo {
  return byId.get(id)!;
}
