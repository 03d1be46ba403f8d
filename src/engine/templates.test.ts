import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/split';
import { inferGraph } from '../model/infer';
import { DEFAULT_TRAINING } from '../model/project';
import type { DataContext } from '../model/task';
import { TEMPLATES } from '../model/templates';
import { TEMPLATE_CONTEXTS } from '../test/templateContexts';
import { buildModel } from './build';
import { trainModel } from './train';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Random examples whose class is decided by the first input (its sign, or for token ids whether
 * it is in the vocabulary's upper half): learnable by any template.
 */
function examples(data: DataContext, count: number) {
  const size = data.inputShape.reduce((a, b) => a * b, 1);
  const random = mulberry32(3);
  const vocabulary = data.vocabularySize;
  const x = Float32Array.from({ length: count * size }, () =>
    vocabulary ? Math.floor(random() * vocabulary) : random() * 2 - 1,
  );
  const threshold = vocabulary ? vocabulary / 2 : 0;
  const y = Float32Array.from({ length: count }, (_, i) => (x[i * size]! >= threshold ? 1 : 0));
  return { x, y, count };
}

describe('templates in tfjs', () => {
  it.each(TEMPLATES.map((t) => [t.name, t] as const))(
    '%s builds with the inferred parameter count and trains',
    async (_name, template) => {
      const data = TEMPLATE_CONTEXTS[template.dataKind];
      const graph = template.build(data);
      const inference = inferGraph(graph, data);
      expect(inference.reason).toBeUndefined();
      const built = buildModel(graph, data);
      if (!built.ok) throw new Error(built.error);
      expect(built.value.countParams()).toBe(inference.totalParams);
      const result = await trainModel(built.value, {
        data,
        settings: { ...DEFAULT_TRAINING, epochs: 2 },
        seed: 1,
        train: examples(data, 64),
      });
      expect(result.ok && Number.isFinite(result.value.logs.loss!)).toBe(true);
      built.value.dispose();
    },
  );
});
