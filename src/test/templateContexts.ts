import type { FittedPipeline } from '../data/preprocess';
import type { DataContext } from '../model/task';
import type { TEMPLATES } from '../model/templates';

type DataKind = (typeof TEMPLATES)[number]['dataKind'];

/** A small data context of each kind a template is made for. */
export const TEMPLATE_CONTEXTS: Record<DataKind, DataContext> = {
  tabular: { inputShape: [4], task: 'multiclass', labels: ['a', 'b', 'c'] },
  image: { inputShape: [8, 8, 1], task: 'multiclass', labels: ['0', '1'] },
  text: { inputShape: [6], task: 'multiclass', labels: ['0', '1'], vocabularySize: 20 },
};

const target = (labels: readonly string[]) => ({ name: 'label', task: 'multiclass', labels }) as const;

/** A fitted pipeline of each kind, giving TEMPLATE_CONTEXTS (what an export's README and predict.py read). */
export const TEMPLATE_PIPELINES: Record<DataKind, FittedPipeline> = {
  tabular: {
    version: 2,
    features: ['w', 'x', 'y', 'z'].map((name) => ({
      kind: 'numeric',
      name,
      fill: 0,
      log1p: false,
      shift: 0,
      divisor: 1,
    })),
    target: target(['a', 'b', 'c']),
    inputSize: 4,
    inputShape: [4],
  },
  image: {
    version: 2,
    features: [{ kind: 'image', name: 'image', height: 8, width: 8, channels: 1 }],
    target: target(['0', '1']),
    inputSize: 64,
    inputShape: [8, 8, 1],
  },
  text: {
    version: 2,
    features: [
      {
        kind: 'text',
        name: 'text',
        tokenizer: {
          version: 1,
          settings: { level: 'word', lowercase: true, stripPunctuation: true, maxVocabulary: 20, sequenceLength: 6 },
          vocabulary: ['<pad>', '<oov>', ...Array.from({ length: 18 }, (_, i) => `word${i}`)],
        },
      },
    ],
    target: target(['0', '1']),
    inputSize: 6,
    inputShape: [6],
    vocabularySize: 20,
  },
};
