/**
 * The trained model as one zip the person downloads: the tfjs layers format (model.json +
 * weights.bin, loadable with `tf.loadLayersModel`), metadata.json with the fitted preprocessing,
 * and a README.txt showing how to predict on a raw row with them.
 */
import * as tf from '@tensorflow/tfjs';
import { strToU8, zipSync } from 'fflate';
import type { FittedPipeline } from '../../data/preprocess';
import type { Task } from '../../model/task';
import type { BackendName } from '../../model/layers/layerKind';
import type { EpochLogs, TrainSettings } from '../../workers/protocol';

export const MODEL_FORMAT = 'tensorloom-model';
export const MODEL_FORMAT_VERSION = 1;

/** metadata.json: everything besides the weights that predicting on a raw row needs, and how the model came to be. */
export interface ModelMetadata {
  readonly format: typeof MODEL_FORMAT;
  readonly version: typeof MODEL_FORMAT_VERSION;
  /** Apply this to a raw row, in `features` order, to get the model's input. */
  readonly pipeline: FittedPipeline;
  /** Class names in output order; empty for regression. */
  readonly labels: readonly string[];
  readonly task: Task;
  /** The columns a raw row must have. */
  readonly inputColumns: readonly string[];
  /** ISO 8601. */
  readonly createdAt: string;
  readonly tfjsVersion: string;
  readonly backend: BackendName;
  readonly trainSettings: TrainSettings;
  readonly finalMetrics: EpochLogs;
}

export interface ExportInput {
  readonly model: tf.LayersModel;
  readonly pipeline: FittedPipeline;
  readonly backend: BackendName;
  readonly trainSettings: TrainSettings;
  readonly finalMetrics: EpochLogs;
}

export const WEIGHTS_FILE = 'weights.bin';

/** Zips the model; the model itself is left untouched. */
export async function exportModelZip(input: ExportInput): Promise<Uint8Array> {
  const artifacts = await modelArtifacts(input.model);
  const weights = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology!,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
  };
  const { pipeline } = input;
  const metadata: ModelMetadata = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    pipeline,
    labels: pipeline.target.labels,
    task: pipeline.target.task,
    inputColumns: pipeline.features.map((feature) => feature.name),
    createdAt: new Date().toISOString(),
    tfjsVersion: tf.version.tfjs,
    backend: input.backend,
    trainSettings: input.trainSettings,
    finalMetrics: input.finalMetrics,
  };
  return zipSync({
    'model.json': strToU8(JSON.stringify(modelJson)),
    [WEIGHTS_FILE]: [new Uint8Array(weights), { level: 0 }],
    'metadata.json': strToU8(JSON.stringify(metadata, null, 2)),
    'README.txt': strToU8(readme(pipeline)),
  });
}

/** What `model.save` would write, captured in memory. */
async function modelArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured?.modelTopology || !captured.weightData) throw new Error('tfjs saved no model topology or weights.');
  return captured;
}

/** How to use the zip from JavaScript, with an example row of this model's own columns (or an image). */
function readme(pipeline: FittedPipeline): string {
  const image = pipeline.features.find((f): f is ImageFeature => f.kind === 'image');
  const text = pipeline.features.find((f) => f.kind === 'text');
  const output = {
    multiclass: 'scores[i] is the probability of metadata.labels[i]',
    binary: 'scores[0] is the probability of metadata.labels[1]',
    regression: 'the predicted value is scores[0] * scale.std + scale.mean, with scale = metadata.pipeline.target.scale',
  }[pipeline.target.task];
  return `Tensorloom model — predicts "${pipeline.target.name}" (${pipeline.target.task})

model.json + weights.bin   the network, TensorFlow.js layers format (tf.loadLayersModel)
metadata.json              the preprocessing fitted on the training rows, labels, training settings and final metrics

Serve the unzipped folder over HTTP and, in a page with TensorFlow.js loaded as \`tf\`:

  const metadata = await (await fetch('metadata.json')).json();
  const model = await tf.loadLayersModel('model.json');
${image ? imageInput(image) : text ? TEXT_INPUT : tabularInput(pipeline)}  const scores = await model.predict(input).data();
  // ${output}
`;
}

type ImageFeature = Extract<FittedPipeline['features'][number], { kind: 'image' }>;

function imageInput(image: ImageFeature): string {
  const pixels = image.channels === 1 ? `.mul([0.299, 0.587, 0.114]).sum(-1, true)` : '';
  return `  // One image (an <img>, <canvas> or ImageData) resized to ${image.width}×${image.height}, ${image.channels === 1 ? 'grayscale (BT.601 luma)' : 'RGB'}, each value / 255:
  const input = tf.tidy(() => tf.browser.fromPixels(img, 3).resizeBilinear([${image.height}, ${image.width}])${pixels}.div(255).expandDims(0));
`;
}

/** The gist of the studio's tokeniser (src/data/text.ts, which also drops punctuation and collapses spaces when asked). */
const TEXT_INPUT = `  // Tokens (tokenizer.settings: level, lowercase), their ids in tokenizer.vocabulary (unknown → 1), padded with 0.
  const { settings, vocabulary } = metadata.pipeline.features[0].tokenizer;
  const ids = new Map(vocabulary.map((token, id) => [token, id]));
  const text = 'your text here';
  const normalised = (settings.lowercase ? text.toLowerCase() : text).normalize('NFC');
  const tokens = settings.level === 'char' ? [...normalised] : (normalised.match(/[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}]*/gu) ?? []);
  const input = tf.tensor2d([Array.from({ length: settings.sequenceLength }, (_, i) => (i < tokens.length ? (ids.get(tokens[i]) ?? 1) : 0))]);
`;

function tabularInput(pipeline: FittedPipeline): string {
  const exampleRow = Object.fromEntries(pipeline.features.map((f) => [f.name, exampleCell(f)]));
  return `  // An empty cell takes the feature's fill. Numbers: (g(x) - shift) / divisor, g = log1p or identity.
  // Categories: one-hot in \`categories\` order (unknown → all zeros), or their index (ordinal).
  const encode = (row) => metadata.pipeline.features.flatMap((f) => {
    const cell = String(row[f.name] ?? '').trim();
    if (f.kind === 'numeric') {
      const x = cell === '' ? f.fill : Number(cell);
      return [((f.log1p ? Math.log1p(x) : x) - f.shift) / f.divisor];
    }
    const slot = f.categories.indexOf(cell === '' ? f.fill : cell);
    return f.kind === 'ordinal' ? [Math.max(0, slot)] : f.categories.map((_, i) => (i === slot ? 1 : 0));
  });
  const row = ${JSON.stringify(exampleRow)};
  const input = tf.tensor2d([encode(row)]);
`;
}

/** A plausible raw cell: the fill (a typical value) or the first category. */
function exampleCell(feature: FittedPipeline['features'][number]): string {
  if (feature.kind === 'image' || feature.kind === 'text') return '';
  if (feature.kind !== 'numeric') return feature.fill ?? feature.categories[0] ?? '';
  const typical = feature.fill ?? (feature.log1p ? Math.expm1(feature.shift) : feature.shift);
  return String(Number(typical.toPrecision(4)));
}
