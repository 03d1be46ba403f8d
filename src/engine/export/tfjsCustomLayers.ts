/**
 * A TF.js export whose model uses Tensorloom's own layers (tfjs lacks them) carries their
 * JavaScript twin, tensorloom-layers.js: tf.loadLayersModel fails on an unknown class name
 * unless the class is registered first, and the README says how.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ExportFile } from '../../model/modelExport';
import type { FileNote } from './readme';
import SOURCE from './tfjs/tensorloom-layers.js?raw';

export const CUSTOM_LAYERS_FILE = 'tensorloom-layers.js';

/** The class names tensorloom-layers.js registers (the `className` of each custom kind's layer). */
export const CUSTOM_LAYER_CLASSES: ReadonlySet<string> = new Set([
  'TensorloomMultiHeadAttention',
  'TensorloomPositionalEmbedding',
]);

/** tensorloom-layers.js when the model uses one of its classes; nothing otherwise. */
export function customLayersFiles(model: tf.LayersModel): (ExportFile & FileNote)[] {
  if (!model.layers.some((layer) => CUSTOM_LAYER_CLASSES.has(layer.getClassName()))) return [];
  return [
    {
      name: CUSTOM_LAYERS_FILE,
      bytes: new TextEncoder().encode(SOURCE),
      holds: "Tensorloom's own layers for TensorFlow.js: register them before loading (below)",
    },
  ];
}
