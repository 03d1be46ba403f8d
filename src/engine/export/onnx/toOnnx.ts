/**
 * A trained tfjs layers model as one ONNX file (opset 17), written layer by layer from the
 * model's own topology and weights, so it serves any tfjs layers model, not only the studio's.
 * Layers without an ONNX writer are listed by name and class, and no file is written.
 */
import type * as tf from '@tensorflow/tfjs';
import { version as appVersion } from '../../../../package.json';
import type { Result } from '../../../model/result';
import { LAYER_WRITERS, Unsupported, type LayerView } from './onnxLayers';
import { OnnxGraph, type FloatTensor, type ValueInfo } from './onnxGraph';

export interface OnnxConversion {
  /** Absent when any layer could not be written. */
  readonly bytes?: Uint8Array;
  /** "name (Class)" or "name (Class): why", one per layer ONNX export cannot write. */
  readonly unsupported: readonly string[];
}

export async function convertToOnnx(model: tf.LayersModel): Promise<OnnxConversion> {
  const g = new OnnxGraph();
  const tensors = new Map<string, string>();
  const inputs: ValueInfo[] = model.inputs.map((input) => {
    const name = g.name(input.sourceLayer.name);
    tensors.set(input.sourceLayer.name, name);
    return { name, shape: input.shape };
  });
  const unsupported: string[] = [];
  for (const layer of model.layers) {
    if (tensors.has(layer.name)) continue;
    const className = layer.getClassName();
    g.scope = layer.name;
    const write = LAYER_WRITERS[className];
    const problem = !write ? '' : layer.inboundNodes.length !== 1 ? 'a layer applied more than once' : undefined;
    if (problem !== undefined) {
      unsupported.push(problem ? `${layer.name} (${className}): ${problem}` : `${layer.name} (${className})`);
      // Later layers still get an input name, so every problem is found in one pass.
      tensors.set(layer.name, layer.name);
      continue;
    }
    const inbound = layer.inboundNodes[0]!.inboundLayers.map((source) => tensors.get(source.name)!);
    try {
      tensors.set(layer.name, write!(await viewOf(layer), g, inbound));
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      unsupported.push(`${layer.name} (${className}): ${error.message}`);
      tensors.set(layer.name, layer.name);
    }
  }
  if (unsupported.length > 0) return { unsupported };
  g.scope = 'output';
  const outputs = model.outputs.map((output) => {
    const name = g.op('Identity', [tensors.get(output.sourceLayer.name)!], {}, g.name(output.sourceLayer.name));
    return { name, shape: output.shape };
  });
  return { bytes: g.encode(inputs, outputs, { name: 'Tensorloom', version: appVersion }), unsupported };
}

/** The model as model.onnx, or a sentence naming every layer that does not map. */
export async function toOnnx(model: tf.LayersModel): Promise<Result<Uint8Array>> {
  const { bytes, unsupported } = await convertToOnnx(model);
  return bytes
    ? { ok: true, value: bytes }
    : { ok: false, error: `Not supported in ONNX export: ${unsupported.join('; ')}.` };
}

async function viewOf(layer: tf.layers.Layer): Promise<LayerView> {
  const weights = await Promise.all(
    layer.weights.map(async (weight) => ({
      path: weight.originalName.split('/'),
      tensor: { values: (await weight.read().data()) as Float32Array, shape: weight.shape as number[] },
    })),
  );
  const find = (suffix: string, within?: string): FloatTensor | undefined =>
    weights.find(
      ({ path }) =>
        path.at(-1) === suffix && (within === undefined || path.some((segment) => segment.startsWith(within))),
    )?.tensor;
  const shapes = layer.inboundNodes[0]!.inputShapes;
  return {
    name: layer.name,
    className: layer.getClassName(),
    config: layer.getConfig() as Record<string, unknown>,
    inputShapes: (Array.isArray(shapes[0]) ? shapes : [shapes]) as (number | null)[][],
    weight: (suffix, within) => {
      const found = find(suffix, within);
      if (!found) throw new Unsupported(`it has no ${suffix} weight`);
      return found;
    },
    hasWeight: (suffix, within) => find(suffix, within) !== undefined,
  };
}
