/**
 * TF.js: model.json and its weight shards as `tf.loadLayersModel` reads them, pruned and quantised
 * as asked, with tensorloom-layers.js when the model uses Tensorloom's own layers.
 */
import type { FittedPipeline } from '../../../data/preprocess';
import { inputCode, OUTPUT } from '../readme';
import { CUSTOM_LAYERS_FILE, customLayersFiles } from '../tfjsCustomLayers';
import type { ExportWriter } from './exportWriter';

export const tfjs: ExportWriter<'tfjs'> = {
  format: 'tfjs',
  // Any tfjs layers model saves as TF.js; our own layers travel in tensorloom-layers.js.
  unsupported: async () => [],
  write: async ({ model, tfjsFiles: [modelJson, ...shards], compression: { precision } }) => ({
    ok: true,
    value: [
      { ...modelJson!, holds: 'the network, TensorFlow.js layers format (tf.loadLayersModel)' },
      ...shards.map((shard) => ({
        ...shard,
        holds: `weights (4 MB shards as tfjs writes them${precision === 'float32' ? '' : `, ${precision}: dequantised when loaded`})`,
      })),
      ...customLayersFiles(model),
    ],
  }),
  usage: (pipeline, files) =>
    loadAndPredict(
      pipeline,
      files.some((file) => file.name === CUSTOM_LAYERS_FILE),
    ),
};

/** In a page and in Node; registering our layers first when the export carries them. */
function loadAndPredict(pipeline: FittedPipeline, customLayers: boolean): string {
  return `In a page with TensorFlow.js loaded as \`tf\`, the folder served over HTTP:

  const metadata = await (await fetch('metadata.json')).json();
${customLayers ? REGISTER_CUSTOM_LAYERS : ''}  const model = await tf.loadLayersModel('model.json');

In Node, from disk (npm install @tensorflow/tfjs; in an ES module):

  import * as tf from '@tensorflow/tfjs';
  import { readFile } from 'node:fs/promises';
  const metadata = JSON.parse(await readFile('metadata.json', 'utf8'));
${customLayers ? REGISTER_CUSTOM_LAYERS : ''}  const { modelTopology, weightsManifest } = JSON.parse(await readFile('model.json', 'utf8'));
  const shards = await Promise.all(weightsManifest.flatMap((group) => group.paths).map((path) => readFile(path)));
  const weightSpecs = weightsManifest.flatMap((group) => group.weights);
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology, weightSpecs, weightData: new Uint8Array(Buffer.concat(shards)).buffer }));
  // With @tensorflow/tfjs-node installed instead, tf.loadLayersModel('file://model.json') reads the files itself.

Then, in either:

${inputCode(pipeline)}  const scores = await model.predict(tf.tensor(features, [1, ...metadata.pipeline.inputShape])).data();
  // ${OUTPUT[pipeline.target.task]}
`;
}

/** Before loading: model.json names classes tfjs does not have until they are registered. */
const REGISTER_CUSTOM_LAYERS = `  // This model uses Tensorloom's own layers (attention, positional embedding): register them
  // first, or tf.loadLayersModel fails with "Unknown layer". Once, in a module script:
  const { registerTensorloomLayers } = await import('./${CUSTOM_LAYERS_FILE}');
  registerTensorloomLayers(tf);
`;
