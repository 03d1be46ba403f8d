import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/split';
import { inferGraph } from '../model/infer';
import { DEFAULT_TRAINING } from '../model/project';
import type { DataContext } from '../model/task';
import { modelFamilies } from '../sweep/auto/families';
import { TEMPLATE_CONTEXTS } from '../test/templateContexts';
import { buildModel } from './build';
import { trainModel } from './train';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Random examples, inputs in the data's range (token ids for text), classes at random: enough to take a step. */
function examples(data: DataContext, count: number) {
  const size = data.inputShape.reduce((a, b) => a * b, 1);
  const random = mulberry32(5);
  const vocabulary = data.vocabularySize;
  const x = Float32Array.from({ length: count * size }, () =>
    vocabulary ? Math.floor(random() * vocabulary) : random() * 2 - 1,
  );
  const y = Float32Array.from({ length: count }, () => Math.floor(random() * data.labels.length));
  return { x, y, count };
}

describe('Auto’s model families in tfjs', () => {
  it.each(modelFamilies.map((family) => [family.label, family] as const))(
    '%s builds with the inferred parameter count, at its largest and its defaults, and trains',
    async (_label, family) => {
      const data = TEMPLATE_CONTEXTS[family.dataKind];
      const largest = Object.fromEntries(Object.entries(family.knobs).map(([name, knob]) => [name, knob.domain.high]));
      for (const values of [largest, {}]) {
        const graph = family.build(data, values);
        if (!graph.ok) throw new Error(graph.error);
        const built = buildModel(graph.value, data);
        if (!built.ok) throw new Error(built.error);
        expect(built.value.countParams()).toBe(inferGraph(graph.value, data).totalParams);
        // Training the largest too would add seconds and little else: the same layers train.
        if (values !== largest) {
          const result = await trainModel(built.value, {
            data,
            settings: { ...DEFAULT_TRAINING, epochs: 1 },
            seed: 1,
            train: examples(data, 16),
          });
          expect(result.ok && Number.isFinite(result.value.logs.loss!)).toBe(true);
        }
        built.value.dispose();
      }
    },
  );
});
