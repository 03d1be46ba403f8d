import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../engine/build';
import { trainModel } from '../engine/train';
import { mulberry32 } from '../data/split';
import { inferGraph } from './infer';
import { DEFAULT_TRAINING } from './project';
import type { DataContext } from './task';
import { suggestTemplate, TEMPLATES, templateMismatch } from './templates';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TABULAR: DataContext = { inputShape: [4], task: 'multiclass', labels: ['a', 'b', 'c'] };
const IMAGES: DataContext = { inputShape: [8, 8, 1], task: 'multiclass', labels: ['0', '1'] };
const contextFor = { tabular: TABULAR, image: IMAGES } as const;

/** Random examples whose class is decided by the sign of the first input: learnable by any template. */
function examples(data: DataContext, count: number) {
  const size = data.inputShape.reduce((a, b) => a * b, 1);
  const random = mulberry32(3);
  const x = Float32Array.from({ length: count * size }, () => random() * 2 - 1);
  const y = Float32Array.from({ length: count }, (_, i) => (x[i * size]! > 0 ? 1 : 0));
  return { x, y, count };
}

describe('templates', () => {
  it.each(TEMPLATES.map((t) => [t.name, t] as const))('%s is a valid graph for its data and trains', async (_name, template) => {
    const data = contextFor[template.dataKind];
    const graph = template.build();
    const inference = inferGraph(graph, data);
    expect(inference.reason).toBeUndefined();
    const built = buildModel(graph, data);
    if (!built.ok) throw new Error(built.error);
    expect(built.value.countParams()).toBe(inference.totalParams);
    const result = await trainModel(built.value, { data, settings: { ...DEFAULT_TRAINING, epochs: 2 }, seed: 1, train: examples(data, 64) });
    expect(result.ok && Number.isFinite(result.value.logs.loss!)).toBe(true);
    built.value.dispose();
  });

  it('ResNet-mini has skip connections: each Add joins a block with its own input', () => {
    const graph = TEMPLATES.find((t) => t.id === 'resnet-mini')!.build();
    const adds = graph.nodes.filter((n) => n.type === 'Add');
    expect(adds).toHaveLength(2);
    for (const node of adds) expect(graph.edges.filter((e) => e.target === node.id)).toHaveLength(2);
  });

  it('suggests a model from the kind of data, and says why another does not fit', () => {
    expect(suggestTemplate(TABULAR)?.id).toBe('mlp');
    expect(suggestTemplate(IMAGES)?.id).toBe('cnn');
    expect(templateMismatch(TEMPLATES.find((t) => t.id === 'cnn')!, TABULAR)).toBe('CNN (LeNet-like) is for image data; this dataset is tabular.');
  });
});
