import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DataContext } from '../../model/task';
import { TEMPLATES } from '../../model/templates';
import { randomiseWeights } from '../../test/exportModels';
import { buildModel } from '../build';
import { loadTfjsLayersFiles, tfjsLayersFiles } from './tfjs';
import { CUSTOM_LAYER_CLASSES, CUSTOM_LAYERS_FILE, customLayersFiles } from './tfjsCustomLayers';
// The file a person receives, imported as they would import it.
import { registerTensorloomLayers } from './tfjs/tensorloom-layers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TEXT: DataContext = { inputShape: [12], task: 'multiclass', labels: ['a', 'b', 'c'], vocabularySize: 40 };

describe('tensorloom-layers.js', () => {
  it('travels with a TF.js export that uses our layers, and registered in place of ours, loads the Transformer to the same predictions', async () => {
    const built = buildModel(TEMPLATES.find((t) => t.id === 'transformer-text')!.build(TEXT), TEXT);
    if (!built.ok) throw new Error(built.error);
    const model = built.value;
    randomiseWeights(model, 5);
    const classes = new Set(model.layers.map((layer) => layer.getClassName()));
    expect([...CUSTOM_LAYER_CLASSES].every((name) => classes.has(name))).toBe(true);
    expect(customLayersFiles(model).map((file) => file.name)).toEqual([CUSTOM_LAYERS_FILE]);

    // From here on, tfjs resolves the class names to the JavaScript twins, not to the studio's classes.
    registerTensorloomLayers(tf);
    const loaded = await loadTfjsLayersFiles(await tfjsLayersFiles(model, 'float32'));
    expect(loaded.layers.map((layer) => layer.constructor)).not.toContain(
      model.layers.find((layer) => layer.getClassName() === 'TensorloomMultiHeadAttention')!.constructor,
    );
    const x = tf.tensor2d(
      Array.from({ length: 2 * 12 }, (_, i) => (i * 7) % 40),
      [2, 12],
    );
    const expected = tf.tidy(() => (model.predict(x) as tf.Tensor).arraySync() as number[][]);
    const actual = tf.tidy(() => (loaded.predict(x) as tf.Tensor).arraySync() as number[][]);
    actual.flat().forEach((value, i) => expect(value).toBeCloseTo(expected.flat()[i]!, 5));
    x.dispose();
    model.dispose();
    loaded.dispose();
  });

  it('is left out of models without our layers', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2 })] });
    expect(customLayersFiles(model)).toEqual([]);
    model.dispose();
  });
});
