import { describe, expect, it } from 'vitest';
import { inferGraph } from './infer';
import type { DataContext } from './task';
import { suggestTemplate, TEMPLATES, templateMismatch } from './templates';

const TABULAR: DataContext = { inputShape: [4], task: 'multiclass', labels: ['a', 'b', 'c'] };
const IMAGES: DataContext = { inputShape: [8, 8, 1], task: 'multiclass', labels: ['0', '1'] };
const TEXT: DataContext = { inputShape: [16], task: 'multiclass', labels: ['en', 'de', 'fr'], vocabularySize: 60 };
const BY_KIND = { tabular: TABULAR, image: IMAGES, text: TEXT } as const;

describe('templates', () => {
  it.each(TEMPLATES.map((t) => [t.name, t] as const))('%s is a valid graph for its kind of data', (_name, template) => {
    const data = BY_KIND[template.dataKind];
    expect(inferGraph(template.build(data), data).reason).toBeUndefined();
  });

  it('the LSTM text classifier sizes its Embedding to the vocabulary, and is suggested for text only', () => {
    const graph = TEMPLATES.find((t) => t.id === 'lstm-text')!.build(TEXT);
    expect(graph.nodes.find((n) => n.type === 'Embedding')?.params).toMatchObject({ inputDim: 60 });
    expect(suggestTemplate(TEXT)?.id).toBe('text-cnn');
    expect(suggestTemplate(TABULAR)?.id).toBe('mlp');
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
