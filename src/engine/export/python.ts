/**
 * The Keras / Python export: the network as a Keras 3 script (model.py, from the canvas graph),
 * the weights as weights.npz (numpy alone loads it), the architecture as tfjs saved it, and
 * predict.py, a numpy-only forward pass that reproduces the studio's predictions.
 */
import * as tf from '@tensorflow/tfjs';
import { dataContextFor, type FittedPipeline } from '../../data/preprocess';
import { toKerasScript } from '../../model/codegen/keras';
import type { Graph } from '../../model/graph';
import type { ExportFile } from '../../model/modelExport';
import type { Result } from '../../model/result';
import { npz } from './npz';
import type { FileNote } from './readme';
import { modelArtifacts } from './tfjs';
import PREDICT_PY from './python/predict.py?raw';
import ROWS_PY from './python/rows.py?raw';

/** The tfjs layer classes predict.py implements (its LAYERS table; a test keeps the two equal). */
export const PYTHON_LAYER_CLASSES: ReadonlySet<string> = new Set([
  'Dense',
  'Activation',
  'Dropout',
  'BatchNormalization',
  'LayerNormalization',
  'Flatten',
  'Reshape',
  'Conv1D',
  'Conv2D',
  'DepthwiseConv2D',
  'SeparableConv2D',
  'MaxPooling1D',
  'MaxPooling2D',
  'AveragePooling1D',
  'AveragePooling2D',
  'GlobalMaxPooling1D',
  'GlobalMaxPooling2D',
  'GlobalAveragePooling1D',
  'GlobalAveragePooling2D',
  'Embedding',
  'SimpleRNN',
  'LSTM',
  'GRU',
  'Bidirectional',
  'Add',
  'Multiply',
  'Concatenate',
]);

/** "name (Class)" for each layer predict.py has no forward pass for. */
export function pythonUnsupported(model: tf.LayersModel): string[] {
  return model.layers
    .filter((layer) => layer.getClassName() !== 'InputLayer' && !PYTHON_LAYER_CLASSES.has(layer.getClassName()))
    .map((layer) => `${layer.name} (${layer.getClassName()})`);
}

export async function pythonFiles(
  model: tf.LayersModel,
  graph: Graph,
  pipeline: FittedPipeline,
): Promise<Result<(ExportFile & FileNote)[]>> {
  const unsupported = pythonUnsupported(model);
  if (unsupported.length > 0)
    return { ok: false, error: `Not supported in the Python export: ${unsupported.join('; ')}.` };
  const script = {
    name: 'model.py',
    bytes: new TextEncoder().encode(kerasScript(graph, pipeline)),
    holds: 'the same network in Keras 3, weights.npz loaded into it',
  };
  return { ok: true, value: [...(await numpyFiles(model)), script] };
}

/** rows.py: a raw row encoded with metadata.json, the scores read back; every predict.py imports it. */
export const ROWS_FILE: ExportFile & FileNote = {
  name: 'rows.py',
  bytes: new TextEncoder().encode(ROWS_PY),
  holds: "a raw table row encoded as the studio encodes it, and the scores read back (predict.py's)",
};

/** predict.py, rows.py, architecture.json and weights.npz: what predicting with numpy alone needs (with metadata.json). */
export async function numpyFiles(model: tf.LayersModel): Promise<(ExportFile & FileNote)[]> {
  const artifacts = await modelArtifacts(model);
  const data = new Float32Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
  let offset = 0;
  const arrays = (artifacts.weightSpecs ?? []).map(({ name, shape }) => {
    const count = shape.reduce((a, b) => a * b, 1);
    const values = data.subarray(offset, offset + count);
    offset += count;
    return { name, values, shape };
  });
  const text = (s: string) => new TextEncoder().encode(s);
  return [
    {
      name: 'predict.py',
      bytes: text(PREDICT_PY),
      holds: 'the forward pass in numpy alone: predict(model, x), predict_raw(model, row)',
    },
    ROWS_FILE,
    {
      name: 'architecture.json',
      bytes: text(JSON.stringify(artifacts.modelTopology)),
      holds: 'the network as TensorFlow.js saved it (Keras functional config)',
    },
    { name: 'weights.npz', bytes: npz(arrays), holds: 'every weight, float32, by its tfjs name (np.load)' },
  ];
}

/** The code generator's script, then weights.npz set layer by layer (names are the canvas's node ids on both sides). */
function kerasScript(graph: Graph, pipeline: FittedPipeline): string {
  return `${toKerasScript(graph, dataContextFor(pipeline))}
# The trained weights, in each layer's own order (as tfjs and Keras both list them).
import os
import numpy as np

weights = np.load(os.path.join(os.path.dirname(os.path.abspath(__file__)), "weights.npz"))
for layer in model.layers:
    own = [weights[name] for name in weights.files if name.split("/")[0] == layer.name]
    if own:
        layer.set_weights(own)
`;
}
