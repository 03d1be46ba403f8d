/**
 * The model card: a short account of an exported model (its data and preprocessing, architecture,
 * training settings, and its metrics on the test split with the confusion matrix), written as
 * Markdown (MODEL_CARD.md, the matrix as a PNG beside it) and as one self-contained HTML page
 * (model-card.html: inline styles and SVG, nothing fetched). The content is assembled once as
 * sections of plain text and rendered twice, each text escaped for its format.
 */
import type { FeatureTransform, FittedPipeline } from '../../data/preprocess';
import type { ClassificationEvaluation, Evaluation } from '../evaluation';
import { formatBytes, formatCount, formatMetric } from '../format';
import type { Graph } from '../graph';
import type { MetricValue } from '../metrics';
import { OPTIMIZER_LABELS, type TrainingConfig } from '../project';
import { confusionFigure, figureSvg, type Figure } from './confusionFigure';
import { escapeHtml, escapeMarkdown } from './escape';

/** A layer of the exported network as tfjs reports it. */
export interface CardLayer {
  readonly name: string;
  /** The tfjs class name (Dense, Conv2D, TensorloomMultiHeadAttention …). */
  readonly type: string;
  /** Keras-style, batch first, null unknown; several for a layer with several outputs. */
  readonly outputShape: readonly (number | null)[] | readonly (readonly (number | null)[])[];
  readonly params: number;
}

export interface ModelCardInput {
  /** ISO 8601. */
  readonly createdAt: string;
  /** How the model was exported: "TF.js", "ONNX" …, the weights' precision, and the share of each kernel pruned (0 to 0.95). */
  readonly exported: { readonly format: string; readonly precision: string; readonly sparsity: number };
  readonly data: {
    readonly name: string;
    readonly rows: number;
    /** Rows left out before splitting (no target, or a missing cell in a column that drops rows). */
    readonly droppedRows: number;
    readonly split: { readonly train: number; readonly validation: number; readonly test: number };
  };
  readonly pipeline: FittedPipeline;
  readonly graph: Graph;
  readonly layers: readonly CardLayer[];
  /** The bytes of the files that hold the network (model.json and shards, model.onnx, weights.npz …). */
  readonly modelBytes: number;
  readonly training: {
    readonly settings: TrainingConfig;
    readonly epochsRun: number;
    readonly seed: number;
    readonly backend: string;
    readonly tfjsVersion: string;
    readonly appVersion: string;
  };
  /** The exported model on the test split, or why there is no such measure. */
  readonly test: Evaluation | { readonly undefinedBecause: string };
  /** Whether CONFUSION_PNG is written beside MODEL_CARD.md (it takes a canvas); else the Markdown points to the HTML card's drawing. */
  readonly pngBeside: boolean;
}

/** The card's files, as an export names them. */
export const MARKDOWN_CARD = 'MODEL_CARD.md';
export const HTML_CARD = 'model-card.html';
/** The confusion matrix's PNG, which the Markdown card shows and the export writes beside it. */
export const CONFUSION_PNG = 'confusion-matrix.png';

export interface ModelCard {
  readonly markdown: string;
  readonly html: string;
  /** The confusion matrix to draw as CONFUSION_PNG; absent for regression and without a test split. */
  readonly confusion?: Figure;
}

type Block =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'facts'; readonly rows: readonly (readonly [string, string])[] }
  | {
      readonly kind: 'table';
      readonly head: readonly string[];
      readonly rows: readonly (readonly string[])[];
      readonly numeric: readonly boolean[];
    }
  | { readonly kind: 'figure'; readonly figure: Figure };

interface Section {
  readonly title: string;
  readonly blocks: readonly Block[];
}

export function modelCard(input: ModelCardInput): ModelCard {
  const { pipeline } = input;
  const title = `Model card: ${pipeline.target.name} (${pipeline.target.task})`;
  const subtitle = `Exported by Tensorloom ${input.training.appVersion} on ${input.createdAt.slice(0, 10)} as ${exportedAs(input.exported)}.`;
  const test = testSection(input);
  const sections = [dataSection(input), architectureSection(input), trainingSection(input), test.section];
  return {
    markdown: toMarkdown(title, subtitle, sections, input.pngBeside),
    html: toHtml(title, subtitle, sections),
    ...(test.figure ? { confusion: test.figure } : {}),
  };
}

function exportedAs({ format, precision, sparsity }: ModelCardInput['exported']): string {
  const pruned = sparsity > 0 ? `, ${percent(sparsity)} of each weight matrix pruned to zero` : '';
  return `${format} (${precision} weights${pruned})`;
}

// ── content ──────────────────────────────────────────────────────────────────

/** Classes listed by name; beyond this many the rest are counted. */
const MAX_LISTED_LABELS = 50;

function dataSection({ data, pipeline }: ModelCardInput): Section {
  const { target } = pipeline;
  const used = data.split.train + data.split.validation + data.split.test;
  const labels =
    target.labels.length > MAX_LISTED_LABELS
      ? [
          ...target.labels.slice(0, MAX_LISTED_LABELS),
          `… and ${formatCount(target.labels.length - MAX_LISTED_LABELS)} more`,
        ]
      : target.labels;
  const facts: [string, string][] = [
    ['Data set', data.name],
    [
      'Rows',
      `${formatCount(data.rows)}${data.droppedRows > 0 ? `, of which ${formatCount(data.droppedRows)} left out (no target, or a missing cell in a column that drops rows)` : ''}`,
    ],
    [
      'Split',
      `${formatCount(data.split.train)} training, ${formatCount(data.split.validation)} validation, ${formatCount(data.split.test)} test (of ${formatCount(used)})`,
    ],
    ['Target', `${target.name} (${target.task})`],
  ];
  if (target.task === 'regression') {
    const scale = target.scale;
    if (scale)
      facts.push([
        'Target scaling',
        `trained on (y − ${formatNumber(scale.mean)}) ÷ ${formatNumber(scale.std)}; predictions are mapped back`,
      ]);
  } else facts.push(['Labels', labels.join(', ')]);
  return {
    title: 'Data',
    blocks: [
      { kind: 'facts', rows: facts },
      {
        kind: 'text',
        text: 'Columns used, in input order; every statistic below was fitted on the training rows only.',
      },
      {
        kind: 'table',
        head: ['Column', 'Kind', 'Preprocessing'],
        rows: pipeline.features.map((f) => [f.name, KIND[f.kind], preprocessing(f)]),
        numeric: [false, false, false],
      },
    ],
  };
}

const KIND: Record<FeatureTransform['kind'], string> = {
  numeric: 'numeric',
  oneHot: 'categorical',
  ordinal: 'categorical',
  image: 'image',
  text: 'text',
};

function preprocessing(feature: FeatureTransform): string {
  switch (feature.kind) {
    case 'numeric': {
      const x = feature.log1p ? 'log(1 + x)' : 'x';
      const missing =
        feature.fill === null ? 'rows missing it were left out' : `missing → ${formatNumber(feature.fill)}`;
      return `(${x} − ${formatNumber(feature.shift)}) ÷ ${formatNumber(feature.divisor)}; ${missing}`;
    }
    case 'oneHot':
    case 'ordinal': {
      const encoding =
        feature.kind === 'oneHot'
          ? `one-hot over ${formatCount(feature.categories.length)} categories`
          : `index among ${formatCount(feature.categories.length)} categories`;
      return `${encoding}; ${feature.fill === null ? 'rows missing it were left out' : `missing → ${feature.fill}`}`;
    }
    case 'image':
      return `${feature.width} × ${feature.height} pixels, ${feature.channels === 1 ? 'grayscale' : 'RGB'}, each value ÷ 255`;
    case 'text': {
      const { settings, vocabulary } = feature.tokenizer;
      return `${settings.level === 'char' ? 'characters' : 'words'}${settings.lowercase ? ', lower-cased' : ''}; vocabulary of ${formatCount(vocabulary.length)}; ${formatCount(settings.sequenceLength)} ids per text (padded or cut)`;
    }
  }
}

function architectureSection({ layers, modelBytes }: ModelCardInput): Section {
  const total = layers.reduce((n, layer) => n + layer.params, 0);
  const facts: [string, string][] = [
    ['Parameters', formatCount(total)],
    ['Size', `${formatBytes(modelBytes)}: the files holding the network, as exported`],
  ];
  return {
    title: 'Architecture',
    blocks: [
      {
        kind: 'table',
        head: ['Layer', 'Type', 'Output shape', 'Parameters'],
        rows: layers.map((l) => [l.name, l.type, shapeText(l.outputShape), formatCount(l.params)]),
        numeric: [false, false, false, true],
      },
      { kind: 'facts', rows: facts },
    ],
  };
}

function shapeText(shape: CardLayer['outputShape']): string {
  const one = (s: readonly (number | null)[]) => `(${s.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
  return Array.isArray(shape[0])
    ? (shape as readonly (readonly (number | null)[])[]).map(one).join(', ')
    : one(shape as readonly (number | null)[]);
}

function trainingSection({ training, graph, pipeline }: ModelCardInput): Section {
  const { settings: s } = training;
  const optimizer =
    s.optimizer === 'adamw'
      ? `AdamW (weight decay ${formatNumber(s.weightDecay)})`
      : s.optimizer === 'momentum'
        ? `SGD with momentum ${formatNumber(s.momentum)}${s.nesterov ? ' (Nesterov)' : ''}`
        : OPTIMIZER_LABELS[s.optimizer];
  const rows: [string, string][] = [
    ['Optimiser', optimizer],
    ['Learning rate', learningRateText(s)],
    ['Epochs', `${formatCount(training.epochsRun)} run of ${formatCount(s.epochs)}`],
    ['Batch size', formatCount(s.batchSize)],
    [
      'Early stopping',
      s.earlyStopping
        ? `on ${s.earlyStoppingMetric}, patience ${s.patience}, min delta ${formatNumber(s.minDelta)}${s.restoreBestWeights ? ', best weights restored' : ''}`
        : 'off',
    ],
    ['Regularisation', regularisation(graph, s, pipeline.target.task) || 'none'],
    ['Seed', String(training.seed)],
    ['Backend', training.backend],
    ['TensorFlow.js', training.tfjsVersion],
    ['Tensorloom', training.appVersion],
  ];
  if (pipeline.target.task === 'regression') rows.splice(5, 0, ['Loss', s.regressionLoss]);
  return { title: 'Training', blocks: [{ kind: 'table', head: ['Setting', 'Value'], rows, numeric: [false, false] }] };
}

function learningRateText(s: TrainingConfig): string {
  const base = formatNumber(s.learningRate);
  const schedule = {
    constant: 'constant',
    step: `× ${formatNumber(s.decayRate)} every ${s.decayEvery} epochs`,
    exponential: `× ${formatNumber(s.decayRate)} per epoch`,
    cosine: `cosine decay to ${formatNumber(s.minLearningRate)}${s.cosineRestartEvery > 0 ? `, restarting every ${s.cosineRestartEvery} epochs` : ''}`,
  }[s.schedule];
  return `${base}, ${schedule}${s.warmupEpochs > 0 ? ` after ${s.warmupEpochs} warm-up epochs` : ''}`;
}

/** Layer params that regularise, by name as the layer kinds' schemas call them. */
const REGULARISING_PARAMS: Readonly<Record<string, string>> = {
  l1: 'L1',
  l2: 'L2',
  rate: 'dropout',
  dropout: 'dropout',
};

function regularisation(graph: Graph, s: TrainingConfig, task: string): string {
  const parts = graph.nodes.flatMap((node) => {
    const terms = Object.entries(REGULARISING_PARAMS).flatMap(([param, name]) => {
      const value = node.params[param];
      return typeof value === 'number' && value > 0 ? [`${name} ${formatNumber(value)}`] : [];
    });
    return terms.length > 0 ? [`${node.id}: ${terms.join(', ')}`] : [];
  });
  if (s.clipNorm > 0) parts.push(`gradients clipped to norm ${formatNumber(s.clipNorm)}`);
  if (task !== 'regression' && s.labelSmoothing > 0) parts.push(`label smoothing ${formatNumber(s.labelSmoothing)}`);
  if (task !== 'regression' && s.classWeights === 'balanced') parts.push('balanced class weights');
  return parts.join('; ');
}

function testSection({ test, exported }: ModelCardInput): { section: Section; figure?: Figure } {
  const title = 'Metrics on the test split';
  if ('undefinedBecause' in test)
    return { section: { title, blocks: [{ kind: 'text', text: `No test metrics: ${test.undefinedBecause}` }] } };
  const about = `${formatCount(test.count)} rows the run never saw, measured on the exported model (${exportedAs(exported)}).`;
  if (test.task === 'regression') {
    const { r2, rmse, mae, mse } = test.metrics;
    return {
      section: {
        title,
        blocks: [
          { kind: 'text', text: `R² ${metricText(r2)} on ${about}` },
          {
            kind: 'table',
            head: ['Metric', `Value (${test.target}'s units)`],
            rows: [
              ['R²', metricText(r2)],
              ['RMSE', formatMetric(rmse)],
              ['MAE', formatMetric(mae)],
              ['MSE', formatMetric(mse)],
            ],
            numeric: [false, true],
          },
        ],
      },
    };
  }
  const figure = confusionFigure(test.labels, test.confusion);
  return {
    figure,
    section: {
      title,
      blocks: [
        {
          kind: 'text',
          text: `Accuracy ${formatMetric(test.report.accuracy)} on ${about} ROC AUC ${metricText(test.rocAuc)}.`,
        },
        perClassTable(test),
        {
          kind: 'text',
          text: 'Confusion matrix: rows are the true class, columns the predicted class; each cell is shaded by its share of the row.',
        },
        { kind: 'figure', figure },
      ],
    },
  };
}

function perClassTable({ report }: ClassificationEvaluation): Block {
  const row = (name: string, m: { precision: number; recall: number; f1: number }, support: number) => [
    name,
    formatMetric(m.precision),
    formatMetric(m.recall),
    formatMetric(m.f1),
    formatCount(support),
  ];
  const total = report.perClass.reduce((n, m) => n + m.support, 0);
  return {
    kind: 'table',
    head: ['Class', 'Precision', 'Recall', 'F1', 'Support'],
    rows: [
      ...report.perClass.map((m) => row(m.label, m, m.support)),
      row('macro average', report.macro, total),
      row('weighted average', report.weighted, total),
    ],
    numeric: [false, true, true, true, true],
  };
}

function metricText(metric: MetricValue): string {
  return metric.value === null ? `undefined (${metric.undefinedBecause})` : formatMetric(metric.value);
}

/** Fitted constants: enough digits to use them, none of float32's noise. */
function formatNumber(x: number): string {
  return String(Number(x.toPrecision(4)));
}

function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

// ── rendering ────────────────────────────────────────────────────────────────

function toMarkdown(title: string, subtitle: string, sections: readonly Section[], pngBeside: boolean): string {
  const md = escapeMarkdown;
  const block = (b: Block): string => {
    switch (b.kind) {
      case 'text':
        return md(b.text);
      case 'facts':
        return b.rows.map(([label, value]) => `- **${md(label)}:** ${md(value)}`).join('\n');
      case 'table': {
        const line = (cells: readonly string[]) => `| ${cells.map(md).join(' | ')} |`;
        return [
          line(b.head),
          `|${b.numeric.map((n) => (n ? ' ---: ' : ' --- ')).join('|')}|`,
          ...b.rows.map(line),
        ].join('\n');
      }
      case 'figure':
        return pngBeside ? `![${md(b.figure.title)}](${CONFUSION_PNG})` : `The drawing is in ${HTML_CARD}.`;
    }
  };
  return (
    [`# ${md(title)}`, md(subtitle), ...sections.flatMap((s) => [`## ${md(s.title)}`, ...s.blocks.map(block)])].join(
      '\n\n',
    ) + '\n'
  );
}

function toHtml(title: string, subtitle: string, sections: readonly Section[]): string {
  const h = escapeHtml;
  const block = (b: Block): string => {
    switch (b.kind) {
      case 'text':
        return `<p>${h(b.text)}</p>`;
      case 'facts':
        return `<dl>${b.rows.map(([label, value]) => `<dt>${h(label)}</dt><dd>${h(value)}</dd>`).join('')}</dl>`;
      case 'table': {
        const cell = (tag: 'th' | 'td', text: string, i: number) =>
          `<${tag}${b.numeric[i] ? ' class="num"' : ''}>${h(text)}</${tag}>`;
        const head = `<thead><tr>${b.head.map((text, i) => cell('th', text, i)).join('')}</tr></thead>`;
        return `<table>${head}<tbody>${b.rows.map((row) => `<tr>${row.map((text, i) => cell('td', text, i)).join('')}</tr>`).join('\n')}</tbody></table>`;
      }
      case 'figure':
        return `<figure>${figureSvg(b.figure)}</figure>`;
    }
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${h(title)}</h1>
<p class="subtitle">${h(subtitle)}</p>
${sections.map((s) => `<section>\n<h2>${h(s.title)}</h2>\n${s.blocks.map(block).join('\n')}\n</section>`).join('\n')}
</body>
</html>
`;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;color:#111827;max-width:52rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}.subtitle{color:#4b5563;margin-top:0}
h2{font-size:1.2rem;border-bottom:1px solid #e5e7eb;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #e5e7eb;padding:.25rem .6rem;text-align:left}
th{background:#f9fafb}.num{text-align:right;font-variant-numeric:tabular-nums}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
figure{margin:1rem 0}`;
