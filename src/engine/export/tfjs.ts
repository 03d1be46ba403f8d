/**
 * The TF.js layers format as `tf.loadLayersModel` reads it: model.json (topology + weights
 * manifest) and the weights in 4 MB shards, optionally quantised.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExportFile, WeightPrecision } from '../../model/modelExport';
import { pruneWeights } from './prune';
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

/** model.json and its weight shards: pruned to `sparsity` (prune.ts), then stored at `precision`. */
export async function tfjsLayersFiles(
  model: tf.LayersModel,
  precision: WeightPrecision,
  sparsity = 0,
  shardBytes = SHARD_BYTES,
): Promise<ExportFile[]> {
  const artifacts = await modelArtifacts(model);
  const specs = artifacts.weightSpecs ?? [];
  const weights = quantizeWeights(
    specs,
    pruneWeights(specs, tf.io.CompositeArrayBuffer.join(artifacts.weightData), sparsity),
    precision,
  );
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

/** The size of `tfjsLayersFiles`' output: its weight shards, and those with model.json (what is shipped). */
export function tfjsFileBytes(files: readonly ExportFile[]): {
  readonly weightBytes: number;
  readonly totalBytes: number;
} {
  const [modelJson, ...shards] = files.map((file) => file.bytes.byteLength);
  const weightBytes = shards.reduce((a, b) => a + b, 0);
  return { weightBytes, totalBytes: (modelJson ?? 0) + weightBytes };
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
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: group?.weights ?? [], weightData }),
  );
}

function copyOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
