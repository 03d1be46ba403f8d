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

  it('the Transformer encoder attends over embedded positions, adds each sub-block back and normalises it', () => {
    const words: DataContext = {
      inputShape: [16],
      task: 'multiclass',
      labels: ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl'],
      vocabularySize: 100,
    };
    const graph = TEMPLATES.find((t) => t.id === 'transformer-text')!.build(words);
    const inference = inferGraph(graph, words);
    expect(inference.reason).toBeUndefined();
    const into = (id: string) => graph.edges.filter((e) => e.target === id).map((e) => e.source);
    expect(into('add_1')).toEqual(['positionalembedding_1', 'multiheadattention_1']);
    expect(into('add_2')).toEqual(['layernormalization_1', 'dense_2']);
    expect(inference.nodes['multiheadattention_1']?.shape).toEqual([null, 16, 32]);
    expect(inference.nodes['output']?.shape).toEqual([null, 7]);
    // Embedding 100·32, positions 16·32, attention 4·(32·2·16) + 3·(2·16) + 32, two norms 2·32 each,
    // feed-forward 32·64 + 64 and 64·32 + 32, output 32·7 + 7.
    expect(inference.totalParams).toBe(3200 + 512 + 4224 + 64 + 2112 + 2080 + 64 + 231);
  });

  it('suggests a model from the kind of data, and says why another does not fit', () => {
    expect(suggestTemplate(TABULAR)?.id).toBe('mlp');
    expect(suggestTemplate(IMAGES)?.id).toBe('cnn');
    expect(
      templateMismatch(
        TEMPLATES.find((t) => t.id === 'cnn')!,
        TABULAR,
      ),
    ).toBe('CNN (LeNet-like) is for image data; this dataset is tabular.');
  });
});
