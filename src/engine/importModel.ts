/**
 * An imported model (model.json + weights, checked first by model/modelImport.ts) loaded with
 * tfjs's own loader, then held up against the current data: whatever the pure checks cannot see
 * (a weight whose shape is not its layer's, a class tfjs lacks) fails here with a sentence.
 */
import * as tf from '@tensorflow/tfjs';
import {
  applyPipeline,
  dataContextFor,
  type EncodedRows,
  type FittedPipeline,
  type PreparedData,
} from '../data/preprocess';
import { parseSavedPipeline, pipelineMismatch } from '../data/savedPipeline';
import type { StoredDataset } from '../data/schema';
import type { EvaluationSplit } from '../model/evaluation';
import { parseJsonFile, type ModelJson } from '../model/modelImport';
import type { Result } from '../model/result';
import type { Shape } from '../model/shapes';
import { headFor } from '../model/task';
import { MODEL_FORMAT } from './export/metadata';
import { parseSavedProfile } from '../data/monitor/savedProfile';
import type { ReferenceProfile } from '../data/monitor/profile';

export interface LoadedModel {
  readonly model: tf.LayersModel;
  /** Each layer's output shape, by its name in model.json (what an opaque node shows). */
  readonly layerShapes: Readonly<Record<string, Shape>>;
}

/** Loads the model with tfjs from model.json and its weight files' bytes, in the manifest's order. */
export async function loadImportedModel(
  modelJson: ModelJson,
  weights: readonly ArrayBuffer[],
): Promise<Result<LoadedModel>> {
  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const weightData = tf.io.concatenateArrayBuffers([...weights]);
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData }),
    );
  } catch (error) {
    return { ok: false, error: loadFailure(error instanceof Error ? error.message : String(error)) };
  }
  // fromEntries defines own properties, so no layer name can reach a prototype.
  const layerShapes = Object.fromEntries(
    model.layers.flatMap((layer) => {
      const shape = outputShapeOf(layer);
      return shape ? [[layer.name, shape] as const] : [];
    }),
  );
  return { ok: true, value: { model, layerShapes } };
}

/** tfjs's loading errors, as the person can act on them. */
function loadFailure(message: string): string {
  const unknown = /^Unknown layer: ([\w-]+)/.exec(message);
  if (unknown) return `tfjs does not know the layer class ${unknown[1]}, so the weights cannot be loaded.`;
  if (/shape|weight/i.test(message))
    return `The weights do not fit the model's layers (${message}); model.json and the weight files do not belong together.`;
  return `tfjs could not load the model: ${message}`;
}

/** A layer's single output shape; undefined for a layer with several outputs or applications. */
function outputShapeOf(layer: tf.layers.Layer): Shape | undefined {
  try {
    const shape = layer.outputShape;
    return Array.isArray(shape) && shape.every((d) => d === null || typeof d === 'number')
      ? (shape as Shape)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Fine-tuning: sets each layer of `to` whose name and weight shapes match a layer of `from` to
 * that layer's weights (copied); returns the names of the layers set.
 */
export function copyMatchingWeights(from: tf.LayersModel, to: tf.LayersModel): string[] {
  const sources = new Map(from.layers.map((layer) => [layer.name, layer]));
  const copied: string[] = [];
  for (const layer of to.layers) {
    const weights = sources.get(layer.name)?.getWeights() ?? [];
    const own = layer.getWeights();
    if (
      weights.length === 0 ||
      weights.length !== own.length ||
      weights.some((w, i) => !tf.util.arraysEqual(w.shape, own[i]!.shape))
    )
      continue;
    layer.setWeights(weights);
    copied.push(layer.name);
  }
  return copied;
}

/** metadata.json's reference profile for monitoring; undefined when it has none (exported before format 4) or is not ours. */
export function savedReferenceOf(metadataText: string): ReferenceProfile | undefined {
  const json = parseJsonFile(metadataText, 'metadata.json');
  if (!json.ok || typeof json.value !== 'object' || json.value === null) return undefined;
  const doc = json.value as { format?: unknown; reference?: unknown };
  return doc.format === MODEL_FORMAT ? parseSavedProfile(doc.reference) : undefined;
}

/** metadata.json's preprocessing, when the files came with one of ours. */
export function savedPipelineOf(metadataText: string): Result<FittedPipeline> {
  const json = parseJsonFile(metadataText, 'metadata.json');
  if (!json.ok) return json;
  const doc = json.value;
  if (typeof doc !== 'object' || doc === null || (doc as { format?: unknown }).format !== MODEL_FORMAT)
    return { ok: false, error: 'its metadata.json is not a Tensorloom model description' };
  return parseSavedPipeline((doc as { pipeline?: unknown }).pipeline);
}

export interface EvaluationSetup {
  /** The pipeline the model's inputs are encoded with: its own when it came with one. */
  readonly pipeline: FittedPipeline;
  readonly splits: Readonly<Record<EvaluationSplit, { readonly examples: EncodedRows; readonly rows: Uint32Array }>>;
}

/**
 * The held-out splits of the current data, encoded for `model`: with the preprocessing it was
 * trained with (`saved`, from its metadata.json) when that reads the same columns for the same
 * target, else with the current data's own. Fails, naming the first difference, when the model
 * cannot take the data or does not predict its target.
 */
export function evaluationSetup(
  model: tf.LayersModel,
  saved: FittedPipeline | undefined,
  dataset: StoredDataset,
  prepared: PreparedData,
): Result<EvaluationSetup> {
  const why = saved && pipelineMismatch(saved, prepared.pipeline);
  if (why) return { ok: false, error: why };
  const pipeline = saved ?? prepared.pipeline;
  const data = dataContextFor(pipeline);
  const [input, ...moreInputs] = model.inputs;
  const [output, ...moreOutputs] = model.outputs;
  if (!input || !output || moreInputs.length > 0 || moreOutputs.length > 0)
    return {
      ok: false,
      error: `the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; the studio evaluates models with one of each`,
    };
  const fits =
    input.shape.length === data.inputShape.length + 1 &&
    input.shape.slice(1).every((d, i) => d === null || d === data.inputShape[i]);
  if (!fits)
    return {
      ok: false,
      error: `the model takes examples of shape ${shapeText(input.shape.slice(1))}, the current data gives ${shapeText(data.inputShape)}`,
    };
  const units = headFor(data).units;
  if (output.shape.length !== 2 || output.shape[1] !== units)
    return {
      ok: false,
      error: `the model outputs ${shapeText(output.shape.slice(1))} per example; the current target needs ${units} (${data.task})`,
    };
  if (!saved)
    return {
      ok: true,
      value: {
        pipeline,
        splits: {
          validation: { examples: prepared.validation, rows: prepared.validationRows },
          test: { examples: prepared.test, rows: prepared.testRows },
        },
      },
    };
  const validation = applyPipeline(saved, dataset, prepared.validationRows);
  if (!validation.ok) return validation;
  const test = applyPipeline(saved, dataset, prepared.testRows);
  if (!test.ok) return test;
  return {
    ok: true,
    value: {
      pipeline,
      splits: {
        validation: { examples: validation.value, rows: prepared.validationRows },
        test: { examples: test.value, rows: prepared.testRows },
      },
    },
  };
}

function shapeText(shape: readonly (number | null)[]): string {
  return `(${shape.map((d) => (d === null ? 'any' : String(d))).join(', ')})`;
}
