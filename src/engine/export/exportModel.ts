/**
 * The export dialog's two questions, answered for a trained model: what does each format write
 * (`exportModel`), and what does quantisation cost in size and accuracy (`previewExport`).
 */
import type * as tf from '@tensorflow/tfjs';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Graph } from '../../model/graph';
import type { HeadlineMetric } from '../../model/evaluation';
import type { ExportedModel, ExportFile, ExportFormat, ExportOptions, ExportPreview, Result, WeightPrecision } from '../../workers/protocol';
import { modelMetadata, type MetadataInput } from './metadata';
import { pythonFiles, pythonUnsupported } from './python';
import { readme, type FileNote } from './readme';
import { loadTfjsLayersFiles, tfjsLayersFiles } from './tfjs';

export interface TrainedModel extends MetadataInput {
  readonly model: tf.LayersModel;
  /** The graph the model was built from (the Keras script is written from it). */
  readonly graph: Graph;
  /** The model, or a quantised copy of it, measured on the held-out test split. */
  readonly measure: (model: tf.LayersModel) => Promise<HeadlineMetric>;
}

/** What one format writes besides metadata.json and the README, what each file holds, and how the exported model scores. */
interface FormatFiles {
  readonly files: readonly (ExportFile & FileNote)[];
  readonly test: HeadlineMetric;
}

/** The files of `options.format` with metadata.json and README.txt, zipped when asked. The model is left untouched. */
export async function exportModel(trained: TrainedModel, options: ExportOptions): Promise<Result<ExportedModel>> {
  const precision = options.format === 'tfjs' ? options.precision : 'float32';
  const written = await FORMATS[options.format](trained, precision);
  if (!written.ok) return written;
  const { test } = written.value;
  const metadata = modelMetadata(trained, { format: options.format, precision }, test);
  const files: ExportFile[] = [
    ...written.value.files.map(({ name, bytes }) => ({ name, bytes })),
    { name: 'metadata.json', bytes: strToU8(JSON.stringify(metadata, null, 2)) },
    { name: 'README.txt', bytes: strToU8(readme(trained.pipeline, options.format, written.value.files)) },
  ];
  if (options.packaging === 'files') return { ok: true, value: { files, test } };
  // Weights barely compress; storing them saves the time.
  const entries: Zippable = Object.fromEntries(files.map(({ name, bytes }) => [name, name.endsWith('.json') || name.endsWith('.txt') ? bytes : [bytes, { level: 0 }]]));
  return { ok: true, value: { files: [{ name: 'model.zip', bytes: zipSync(entries) }], test } };
}

const FORMATS: Record<ExportFormat, (trained: TrainedModel, precision: WeightPrecision) => Promise<Result<FormatFiles>>> = {
  tfjs: async (trained, precision) => {
    const [modelJson, ...shards] = await tfjsLayersFiles(trained.model, precision);
    const files = [
      { ...modelJson!, holds: 'the network, TensorFlow.js layers format (tf.loadLayersModel)' },
      ...shards.map((shard) => ({ ...shard, holds: `weights (4 MB shards as tfjs writes them${precision === 'float32' ? '' : `, ${precision}: dequantised when loaded`})` })),
    ];
    return { ok: true, value: { files, test: await measureAt(trained, precision, [modelJson!, ...shards]) } };
  },
  onnx: async (trained) => {
    // Loaded on first use: the protobuf code stays out of the worker until someone exports ONNX.
    const { toOnnx } = await import('./onnx/toOnnx');
    const onnx = await toOnnx(trained.model);
    if (!onnx.ok) return onnx;
    const files = [{ name: 'model.onnx', bytes: onnx.value, holds: 'the network, ONNX opset 17 (onnxruntime), float32' }];
    // The file computes what the model does (to 1e-4, checked in the tests): its metric is the model's.
    return { ok: true, value: { files, test: await trained.measure(trained.model) } };
  },
  keras: async (trained) => {
    const files = await pythonFiles(trained.model, trained.graph, trained.pipeline);
    if (!files.ok) return files;
    // predict.py computes what the model does (to 1e-4, checked in the tests): its metric is the model's.
    return { ok: true, value: { files: files.value, test: await trained.measure(trained.model) } };
  },
};

/** The test metric of the model as `files` store it: at float32 the model itself, else as tfjs loads the quantised weights. */
async function measureAt(trained: TrainedModel, precision: WeightPrecision, files: readonly ExportFile[]): Promise<HeadlineMetric> {
  if (precision === 'float32') return trained.measure(trained.model);
  const loaded = await loadTfjsLayersFiles(files);
  try {
    return await trained.measure(loaded);
  } finally {
    loaded.dispose();
  }
}

export async function previewExport(trained: TrainedModel, precision: WeightPrecision): Promise<ExportPreview> {
  const measured = async (at: WeightPrecision) => {
    const files = await tfjsLayersFiles(trained.model, at);
    const sizes = files.map((file) => file.bytes.byteLength);
    return { weightBytes: sum(sizes.slice(1)), totalBytes: sum(sizes), test: await measureAt(trained, at, files) };
  };
  const float32 = await measured('float32');
  const { convertToOnnx } = await import('./onnx/toOnnx');
  return {
    precision,
    float32,
    quantized: precision === 'float32' ? float32 : await measured(precision),
    unsupported: { onnx: (await convertToOnnx(trained.model)).unsupported, keras: pythonUnsupported(trained.model) },
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
