/**
 * Keras / Python: model.py (the network in Keras 3, from the canvas graph), weights.npz,
 * architecture.json and predict.py, a numpy-only forward pass (../python.ts).
 */
import type { FittedPipeline } from '../../../data/preprocess';
import { pythonFiles, pythonUnsupported } from '../python';
import { exampleRow } from '../readme';
import type { ExportWriter } from './exportWriter';

export const keras: ExportWriter<'keras'> = {
  format: 'keras',
  unsupported: async (model) => pythonUnsupported(model),
  // predict.py computes what the model does (to 1e-4, checked in the tests): its metric is the model's.
  write: ({ model, graph, pipeline }) => pythonFiles(model, graph, pipeline),
  usage: (pipeline) => `With Python and numpy alone (no TensorFlow, no Keras):

  python predict.py '{"column": "cell", …}'   # a raw table row → the prediction, as JSON

  from predict import load, predict, predict_raw
  model = load('.')            # reads architecture.json, weights.npz and metadata.json
${pythonExample(pipeline)}  print(predict(model, x))     # x: encoded inputs, shaped (n, *metadata.pipeline.inputShape); returns the scores

model.py rebuilds the same network in Keras 3 and loads weights.npz into it (pip install keras and
a backend).
`,
};

/** For tables, predicting on a raw row (predict.py encodes it as the studio does). */
function pythonExample(pipeline: FittedPipeline): string {
  if (pipeline.features.some((f) => f.kind === 'image' || f.kind === 'text')) return '';
  return `  print(predict_raw(model, ${JSON.stringify(exampleRow(pipeline))}))\n`;
}
