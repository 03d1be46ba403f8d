/**
 * The TF.js layers format as `tf.loadLayersModel` reads it: model.json (topology + weights
 * manifest) and the weights in 4 MB shards, optionally quantised, plus a README.txt showing how
 * to predict on a raw input from JavaScript with metadata.json.
 */
import * as tf from '@tensorflow/tfjs';
import type { FittedPipeline } from '../../data/preprocess';
import type { ExportFile, WeightPrecision } from '../../workers/protocol';
import { quantizeWeights } from './quantize';

/** Weight files of at most this size, as the tfjs converter writes them (`weight_shard_size_bytes`). */
export const SHARD_BYTES = 4 * 1024 * 1024;

/** What `model.save` would write, captured in memory; the model is left untouched. */
export async function modelArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
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

/** model.json and its weight shards, at `precision`. */
export async function tfjsLayersFiles(model: tf.LayersModel, precision: WeightPrecision, shardBytes = SHARD_BYTES): Promise<ExportFile[]> {
  const artifacts = await modelArtifacts(model);
  const weights = quantizeWeights(artifacts.weightSpecs ?? [], tf.io.CompositeArrayBuffer.join(artifacts.weightData), precision);
  const shards = shardWeights(weights.data, shardBytes);
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology!,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: shards.map((shard) => shard.name), weights: weights.specs }],
  };
  return [{ name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(modelJson)) }, ...shards];
}

/** The weights cut into shards named as tfjs names them: group1-shard1of3.bin, … (none for a model without weights). */
export function shardWeights(data: Uint8Array, shardBytes = SHARD_BYTES): ExportFile[] {
  const count = Math.ceil(data.byteLength / shardBytes);
  return Array.from({ length: count }, (_, i) => ({
    name: `group1-shard${i + 1}of${count}.bin`,
    bytes: data.subarray(i * shardBytes, Math.min(data.byteLength, (i + 1) * shardBytes)),
  }));
}

/**
 * Loads model.json and its shards (as `tfjsLayersFiles` writes them) the way tf.loadLayersModel
 * does from a server: the quantised weights are dequantised by tfjs's own loader.
 */
export function loadTfjsLayersFiles(files: readonly ExportFile[]): Promise<tf.LayersModel> {
  const byName = new Map(files.map((file) => [file.name, file.bytes]));
  const modelJson = JSON.parse(new TextDecoder().decode(byName.get('model.json'))) as tf.io.ModelJSON;
  const group = modelJson.weightsManifest[0];
  const weightData = tf.io.concatenateArrayBuffers((group?.paths ?? []).map((path) => copyOf(byName.get(path)!)));
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: group?.weights ?? [], weightData }));
}

function copyOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** How to use the export from JavaScript, with an example input of this model's own kind. */
export function tfjsReadme(pipeline: FittedPipeline, weightFiles: readonly string[]): string {
  const image = pipeline.features.find((f): f is ImageFeature => f.kind === 'image');
  const text = pipeline.features.find((f) => f.kind === 'text');
  const output = {
    multiclass: 'scores[i] is the probability of metadata.labels[i]',
    binary: 'scores[0] is the probability of metadata.labels[1]',
    regression: 'the predicted value is scores[0] * scale.std + scale.mean, with scale = metadata.pipeline.target.scale',
  }[pipeline.target.task];
  return `Tensorloom model — predicts "${pipeline.target.name}" (${pipeline.target.task})

model.json           the network, TensorFlow.js layers format (tf.loadLayersModel)
${weightFiles.join(', ').padEnd(20)} its weights (4 MB shards, as tfjs writes them; quantised ones are dequantised when loaded)
metadata.json        the preprocessing fitted on the training rows, labels, vocabulary, training settings and metrics

Serve the folder over HTTP and, in a page with TensorFlow.js loaded as \`tf\`:

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
