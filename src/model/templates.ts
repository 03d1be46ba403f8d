/** Starting graphs the person can pick instead of an empty canvas. */
import type { Graph } from './graph';
import { activation } from './layers/activation';
import { add } from './layers/add';
import { conv1d } from './layers/conv1d';
import { conv2d } from './layers/conv2d';
import { dense } from './layers/dense';
import { dropout } from './layers/dropout';
import { embedding } from './layers/embedding';
import { flatten } from './layers/flatten';
import { globalAveragePooling1d } from './layers/globalAveragePooling1d';
import { globalMaxPooling1d } from './layers/globalMaxPooling1d';
import { input } from './layers/input';
import { defaultParams, type LayerKind } from './layers/layerKind';
import { layerNormalization } from './layers/layerNormalization';
import { maxPooling2d } from './layers/maxPooling2d';
import { multiHeadAttention } from './layers/multiHeadAttention';
import { output } from './layers/output';
import { positionalEmbedding } from './layers/positionalEmbedding';
import { layoutGraph } from './layout';
import { lstm } from './layers/lstm';
import type { Infer, ParamSchema } from './schema';
import type { DataContext } from './task';

/** Horizontal distance between consecutive layers, in canvas units: wide enough for a node card. */
const COLUMN_WIDTH = 240;

/**
 * Input → Dense(16, relu) → Output, left to right: the smallest graph that trains on any
 * tabular dataset. Returns a new graph on every call, so callers may keep it as their document.
 */
export function defaultGraph(): Graph {
  const chain = [
    { id: 'input', type: input.type, params: defaultParams(input) },
    { id: 'dense_1', type: dense.type, params: defaultParams(dense) },
    { id: 'output', type: output.type, params: defaultParams(output) },
  ];
  return {
    nodes: chain.map((node, column) => ({ ...node, position: { x: column * COLUMN_WIDTH, y: 0 } })),
    edges: chain.flatMap(({ id: source }, i) => {
      const target = chain[i + 1]?.id;
      return target === undefined ? [] : [{ id: `${source}->${target}`, source, target }];
    }),
  };
}

/** What kind of example a template is built for, read from the shape of one example. */
export type DataKind = 'tabular' | 'image' | 'text';

export function dataKindOf(data: DataContext): DataKind | undefined {
  if (data.vocabularySize !== undefined) return 'text';
  if (data.inputShape.length === 1) return 'tabular';
  if (data.inputShape.length === 3) return 'image';
  return undefined;
}

export interface Template {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly dataKind: DataKind;
  /**
   * A new graph on every call; Input and Output adapt to the dataset by themselves, and a layer
   * that depends on the data beyond shapes (an Embedding's vocabulary) is set from `data`.
   */
  build(data?: DataContext): Graph;
}

export interface Step<S extends ParamSchema> {
  readonly id: string;
  readonly kind: LayerKind<S>;
  readonly params?: Partial<Infer<S>>;
  /** Ids of the layers feeding this one, in order; the previous step when left out. */
  readonly from?: readonly string[];
}

/** Declares a template as steps (each fed by the one before unless `from` says otherwise), laid out automatically. */
export function graphOf(steps: readonly Step<ParamSchema>[]): Graph {
  const nodes = steps.map(({ id, kind, params }) => ({
    id,
    type: kind.type,
    params: { ...defaultParams(kind), ...params },
    position: { x: 0, y: 0 },
  }));
  const edges = steps.flatMap((step, i) =>
    (step.from ?? (i > 0 ? [steps[i - 1]!.id] : [])).map((source) => ({
      id: `${source}->${step.id}`,
      source,
      target: step.id,
    })),
  );
  const positions = layoutGraph({ nodes, edges });
  return { nodes: nodes.map((n) => ({ ...n, position: positions.get(n.id)! })), edges };
}

/** A step typed by its own layer kind's params, kept in a list of steps of any kind. */
export const step = <S extends ParamSchema>(s: Step<S>): Step<ParamSchema> => s as unknown as Step<ParamSchema>;

/** Token ids → 32-wide vectors, one per id the data's vocabulary can produce. */
const textEmbedding = (data: DataContext | undefined) =>
  step({ id: 'embedding_1', kind: embedding, params: { inputDim: data?.vocabularySize ?? 10_000, outputDim: 32 } });

export const TEMPLATES: readonly Template[] = [
  {
    id: 'mlp',
    name: 'MLP',
    description: 'Two hidden Dense layers with dropout: a strong first try on tables.',
    dataKind: 'tabular',
    build: () =>
      graphOf([
        step({ id: 'input', kind: input }),
        step({ id: 'dense_1', kind: dense, params: { units: 64 } }),
        step({ id: 'dropout_1', kind: dropout, params: { rate: 0.2 } }),
        step({ id: 'dense_2', kind: dense, params: { units: 32 } }),
        step({ id: 'output', kind: output }),
      ]),
  },
  {
    id: 'resnet-mini',
    name: 'ResNet-mini',
    description: 'Two residual blocks: each adds its input back to its output (skip connections).',
    dataKind: 'tabular',
    build: () =>
      graphOf([
        step({ id: 'input', kind: input }),
        step({ id: 'dense_1', kind: dense, params: { units: 32 } }),
        step({ id: 'dense_2', kind: dense, params: { units: 32 } }),
        step({ id: 'dense_3', kind: dense, params: { units: 32, activation: 'linear' } }),
        step({ id: 'add_1', kind: add, from: ['dense_1', 'dense_3'] }),
        step({ id: 'activation_1', kind: activation, params: { activation: 'relu' } }),
        step({ id: 'dense_4', kind: dense, params: { units: 32 } }),
        step({ id: 'dense_5', kind: dense, params: { units: 32, activation: 'linear' } }),
        step({ id: 'add_2', kind: add, from: ['activation_1', 'dense_5'] }),
        step({ id: 'activation_2', kind: activation, params: { activation: 'relu' } }),
        step({ id: 'output', kind: output }),
      ]),
  },
  {
    id: 'cnn',
    name: 'CNN (LeNet-like)',
    description: 'Two convolution + pooling stages, then Dense layers: for images.',
    dataKind: 'image',
    build: () =>
      graphOf([
        step({ id: 'input', kind: input }),
        step({ id: 'conv2d_1', kind: conv2d, params: { filters: 8, kernelSize: 3, padding: 'same' } }),
        step({ id: 'maxpooling2d_1', kind: maxPooling2d }),
        step({ id: 'conv2d_2', kind: conv2d, params: { filters: 16, kernelSize: 3, padding: 'same' } }),
        step({ id: 'maxpooling2d_2', kind: maxPooling2d }),
        step({ id: 'flatten_1', kind: flatten }),
        step({ id: 'dense_1', kind: dense, params: { units: 64 } }),
        step({ id: 'output', kind: output }),
      ]),
  },
  {
    id: 'text-cnn',
    name: 'Text CNN',
    description: 'Token ids → Embedding → Conv1D over n-grams → max over the text → class: fast, for text.',
    dataKind: 'text',
    build: (data) =>
      graphOf([
        step({ id: 'input', kind: input }),
        textEmbedding(data),
        step({ id: 'conv1d_1', kind: conv1d, params: { filters: 64, kernelSize: 3, padding: 'same' } }),
        step({ id: 'globalmaxpooling1d_1', kind: globalMaxPooling1d }),
        step({ id: 'dense_1', kind: dense, params: { units: 64 } }),
        step({ id: 'output', kind: output }),
      ]),
  },
  {
    id: 'lstm-text',
    name: 'LSTM text classifier',
    description: 'Token ids → Embedding → LSTM → class: for text, in word or character tokens.',
    dataKind: 'text',
    build: (data) =>
      graphOf([
        step({ id: 'input', kind: input }),
        textEmbedding(data),
        step({ id: 'lstm_1', kind: lstm, params: { units: 32 } }),
        step({ id: 'output', kind: output }),
      ]),
  },
  {
    id: 'transformer-text',
    name: 'Transformer encoder classifier',
    description:
      'Token ids → Embedding + positions → one encoder block (self-attention, feed-forward, each added back and normalised) → average → class.',
    dataKind: 'text',
    build: (data) =>
      graphOf([
        step({ id: 'input', kind: input }),
        textEmbedding(data),
        step({ id: 'positionalembedding_1', kind: positionalEmbedding }),
        step({ id: 'multiheadattention_1', kind: multiHeadAttention, params: { numHeads: 2, keyDim: 16 } }),
        step({ id: 'add_1', kind: add, from: ['positionalembedding_1', 'multiheadattention_1'] }),
        step({ id: 'layernormalization_1', kind: layerNormalization }),
        step({ id: 'dense_1', kind: dense, params: { units: 64 } }),
        step({ id: 'dense_2', kind: dense, params: { units: 32, activation: 'linear' } }),
        step({ id: 'add_2', kind: add, from: ['layernormalization_1', 'dense_2'] }),
        step({ id: 'layernormalization_2', kind: layerNormalization }),
        step({ id: 'globalaveragepooling1d_1', kind: globalAveragePooling1d }),
        step({ id: 'output', kind: output }),
      ]),
  },
];

/** Why a template cannot be used with this data, or undefined when it can. */
export function templateMismatch(template: Template, data: DataContext | null): string | undefined {
  if (!data) return 'Choose a dataset and target first.';
  const kind = dataKindOf(data);
  return kind === template.dataKind
    ? undefined
    : `${template.name} is for ${template.dataKind} data; this dataset is ${kind ?? 'of another kind'}.`;
}

/** The template to start from for this data: the first one made for its kind. */
export function suggestTemplate(data: DataContext): Template | undefined {
  return TEMPLATES.find((t) => templateMismatch(t, data) === undefined);
}
