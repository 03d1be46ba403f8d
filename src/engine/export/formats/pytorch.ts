/**
 * PyTorch: model.py (the network as an nn.Module, from the canvas graph: src/model/codegen/torch.ts),
 * weights.npz (its state_dict, each kernel in PyTorch's layout, converted by the layer's kind),
 * predict.py (the module with metadata.json's preprocessing) and rows.py, which it shares with the
 * Keras / Python export.
 */
import type * as tf from '@tensorflow/tfjs';
import { dataContextFor, type FittedPipeline } from '../../../data/preprocess';
import { toTorchScript, torchNodes } from '../../../model/codegen/torch';
import type { Graph } from '../../../model/graph';
import { layerKinds } from '../../../model/layers';
import type { TensorData } from '../../../model/layers/torch';
import type { Result } from '../../../model/result';
import type { ExportFile } from '../../../model/modelExport';
import type { DataContext } from '../../../model/task';
import { npz } from '../npz';
import { ROWS_FILE } from '../python';
import { exampleRow, type FileNote } from '../readme';
import type { ExportWriter } from './exportWriter';
import TORCH_PREDICT_PY from '../python/torch_predict.py?raw';

/** The tfjs classes of the kinds with a PyTorch twin (a custom layer's under its tfjs class name). */
const TORCH_CLASSES: ReadonlySet<string> = new Set(
  layerKinds.filter((kind) => kind.toTorch).map((kind) => kind.kerasClass ?? kind.type),
);

export const pytorch: ExportWriter<'pytorch'> = {
  format: 'pytorch',
  unsupported: async (model) =>
    model.layers
      .filter((layer) => layer.getClassName() !== 'InputLayer' && !TORCH_CLASSES.has(layer.getClassName()))
      .map((layer) => `${layer.name} (${layer.getClassName()})`),
  // The module computes what the model does (to 1e-4, checked by tests/python): its metric is the model's.
  write: async ({ model, graph, pipeline }) => {
    const unsupported = await pytorch.unsupported(model);
    if (unsupported.length > 0)
      return { ok: false, error: `Not supported in the PyTorch export: ${unsupported.join('; ')}.` };
    const data = dataContextFor(pipeline);
    const script = toTorchScript(graph, data);
    if (!script.ok) return script;
    const weights = stateDict(model, graph, data);
    if (!weights.ok) return weights;
    const text = (s: string) => new TextEncoder().encode(s);
    return {
      ok: true,
      value: [
        {
          name: 'model.py',
          bytes: text(script.value),
          holds: 'the network as a PyTorch nn.Module, and load() with its weights',
        },
        {
          name: 'weights.npz',
          bytes: npz(weights.value),
          holds: "the module's state_dict, float32, in PyTorch's layouts (load_state_dict)",
        },
        {
          name: 'predict.py',
          bytes: text(TORCH_PREDICT_PY),
          holds: 'the module with the preprocessing: predict(model, x), predict_raw(model, row)',
        },
        ROWS_FILE,
      ] satisfies (ExportFile & FileNote)[],
    };
  },
  usage: (pipeline) => `With Python, PyTorch and numpy (pip install torch numpy):

  python predict.py '{"column": "cell", …}'   # a raw table row → the prediction, as JSON

  from predict import load, predict, predict_raw
  model = load('.')            # model.py's module, weights.npz loaded, eval mode; metadata.json
${pythonExample(pipeline)}  print(predict(model, x))     # x: encoded inputs, shaped (n, *metadata.pipeline.inputShape); returns the scores

model.py's module takes and returns tensors in the studio's layout (channels last, as x above);
use it on its own with: from model import load; module = load('.'); module(torch.as_tensor(x)).
`,
};

/** For tables, predicting on a raw row (rows.py encodes it as the studio does). */
function pythonExample(pipeline: FittedPipeline): string {
  if (pipeline.features.some((f) => f.kind === 'image' || f.kind === 'text')) return '';
  return `  print(predict_raw(model, ${JSON.stringify(exampleRow(pipeline))}))\n`;
}

/** The model's weights as the module's state_dict: each layer's tfjs weights converted by its kind. */
function stateDict(model: tf.LayersModel, graph: Graph, data: DataContext): Result<TensorData[]> {
  const nodes = torchNodes(graph, data);
  if (!nodes.ok) return nodes;
  return {
    ok: true,
    value: nodes.value.flatMap(({ id, variable, layer }) => {
      if (!layer.weights) return [];
      const tfjsLayer = model.getLayer(id);
      const tfjsWeights = tfjsLayer.getWeights().map((tensor, i) => ({
        name: tfjsLayer.weights[i]!.name,
        shape: tensor.shape,
        values: tensor.dataSync() as Float32Array,
      }));
      return layer.weights(tfjsWeights).map((weight) => ({ ...weight, name: `${variable}.${weight.name}` }));
    }),
  };
}
