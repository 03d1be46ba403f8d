import { describe, expect, it } from 'vitest';
import { prepareTrainingData } from '../../data/preprocess';
import { csvDataset } from '../../test/csvDataset';
import { valueOf } from '../../test/results';
import { classificationEvaluation, regressionEvaluation } from '../evaluation';
import { DEFAULT_TRAINING } from '../project';
import { CONFUSION_PNG, modelCard, type ModelCardInput } from './modelCard';

/** 40 rows: a numeric column named like a tag, a categorical one holding Markdown's cell separator, a class with markup in its name. */
const CSV = [
  '<script>alert(1)</script>,a|b,class',
  ...Array.from({ length: 40 }, (_, i) => `${i % 7},${i % 2 ? 'x' : 'y'},${['cat', 'dog', '<b>bold</b>'][i % 3]}`),
].join('\n');

function pipelineOf(target: string) {
  const dataset = csvDataset('pets & <friends>.csv', CSV);
  const prepared = valueOf(
    prepareTrainingData(dataset, {
      target,
      seed: 1,
      validationFraction: 0.2,
      testFraction: 0.2,
      splitOrder: 'random',
      columns: [],
    }),
  );
  return prepared.pipeline;
}

const pipeline = pipelineOf('class');
const labels = pipeline.target.labels;
const [cat, dog, bold] = ['cat', 'dog', '<b>bold</b>'].map((label) => labels.indexOf(label)) as [
  number,
  number,
  number,
];
/** A probability row that predicts class `c`. */
const predicts = (c: number) => labels.map((_, i) => (i === c ? 0.8 : 0.2 / (labels.length - 1)));
// 4 test rows: cat → cat, dog → dog, dog → cat, <b>bold</b> → <b>bold</b>: accuracy 3/4.
const evaluation = classificationEvaluation(
  { runId: 'run-1', split: 'test' },
  { labels, probabilities: [cat, dog, cat, bold].flatMap(predicts), actual: [cat, dog, dog, bold], rows: [0, 1, 2, 3] },
  { columns: [], valuesOf: () => [] },
);

const input: ModelCardInput = {
  createdAt: '2026-11-23T04:00:00.000Z',
  exported: { format: 'TF.js', precision: 'uint8', sparsity: 0.5 },
  data: { name: 'pets & <friends>.csv', rows: 40, droppedRows: 0, split: { train: 24, validation: 8, test: 8 } },
  pipeline,
  graph: {
    nodes: [
      { id: 'dense_1', type: 'Dense', params: { units: 1200, l1: 0, l2: 0.01 }, position: { x: 0, y: 0 } },
      { id: 'dropout_1', type: 'Dropout', params: { rate: 0.25 }, position: { x: 0, y: 0 } },
    ],
    edges: [],
  },
  layers: [
    { name: 'input', type: 'InputLayer', outputShape: [null, 3], params: 0 },
    { name: 'dense_1', type: 'Dense', outputShape: [null, 1200], params: 4800 },
    { name: 'output', type: 'Dense', outputShape: [null, 3], params: 3603 },
  ],
  modelBytes: 12_345,
  training: {
    settings: {
      ...DEFAULT_TRAINING,
      epochs: 30,
      learningRate: 0.003,
      schedule: 'step',
      decayRate: 0.5,
      decayEvery: 10,
    },
    epochsRun: 12,
    seed: 42,
    backend: 'wasm',
    tfjsVersion: '4.22.0',
    appVersion: '0.3.0',
  },
  test: evaluation,
  pngBeside: true,
};

describe('modelCard', () => {
  const card = modelCard(input);

  it('writes every section in both formats', () => {
    for (const heading of ['Data', 'Architecture', 'Training', 'Metrics on the test split']) {
      expect(card.markdown).toContain(`\n## ${heading}\n`);
      expect(card.html).toContain(`<h2>${heading}</h2>`);
    }
    expect(card.markdown.startsWith('# Model card: class (multiclass)\n')).toBe(true);
  });

  it('renders names from the data as text, never as markup', () => {
    for (const text of [card.markdown, card.html]) {
      expect(text).not.toContain('<script>');
      expect(text).not.toContain('<b>bold');
      expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(text).toContain('pets &amp; &lt;friends&gt;.csv');
    }
    // A pipe in a column name stays inside its Markdown cell: the row still has three cells.
    const row = card.markdown.split('\n').find((line) => line.startsWith('| a'))!;
    expect(row).toMatch(/^\| a\\\|b \| categorical \| one-hot over 2 categories; missing → [xy] \|$/);
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(3);
    // The HTML carries everything itself: no script, no fetched asset.
    expect(card.html).not.toMatch(/<script|src=|href=|url\(|@import/i);
  });

  it('states the data, the architecture and the training settings with numbers formatted', () => {
    expect(card.markdown).toContain('- **Data set:** pets &amp; &lt;friends&gt;.csv');
    expect(card.markdown).toContain('- **Split:** 24 training, 8 validation, 8 test (of 40)');
    expect(card.markdown).toContain(
      `- **Labels:** ${labels.join(', ').replace('<b>bold</b>', '&lt;b&gt;bold&lt;/b&gt;')}`,
    );
    expect(card.markdown).toContain('| dense\\_1 | Dense | (None, 1200) | 4,800 |');
    expect(card.markdown).toContain('- **Parameters:** 8,403');
    expect(card.markdown).toContain('- **Size:** 12.3 kB: the files holding the network, as exported');
    expect(card.markdown).toContain('50 % of each weight matrix pruned to zero');
    expect(card.markdown).toContain('| Learning rate | 0.003, × 0.5 every 10 epochs |');
    expect(card.markdown).toContain('| Epochs | 12 run of 30 |');
    expect(card.markdown).toContain('| Regularisation | dense\\_1: L2 0.01; dropout\\_1: dropout 0.25 |');
    expect(card.markdown).toContain('| Seed | 42 |');
    expect(card.markdown).toContain('| TensorFlow.js | 4.22.0 |');
  });

  it('gives the test accuracy, a per-class table and the confusion matrix as the PNG beside it (Markdown) or inline SVG (HTML)', () => {
    expect(card.markdown).toContain('Accuracy 0.750 on 4 rows the run never saw');
    // cat: precision 1/2 (a dog predicted cat), recall 1; dog: precision 1, recall 1/2.
    expect(card.markdown).toContain('| cat | 0.500 | 1.00 | 0.667 | 1 |');
    expect(card.markdown).toContain('| dog | 1.00 | 0.500 | 0.667 | 2 |');
    expect(card.markdown).toContain(`](${CONFUSION_PNG})`);
    expect(card.confusion).toBeDefined();
    expect(card.html).toMatch(/<figure><svg [^>]*role="img"/);
    expect(card.html).toContain('&lt;b&gt;bold&lt;/b&gt;</text>');
  });

  it('gives R² and the errors in the target’s units for regression, without a confusion matrix', () => {
    const numeric = pipelineOf('<script>alert(1)</script>');
    const regression = regressionEvaluation(
      { runId: 'run-1', split: 'test' },
      numeric.target.name,
      [1, 2, 3, 4],
      [1, 2, 3, 6],
    );
    const text = modelCard({ ...input, pipeline: numeric, test: regression });
    // SS_res = 4, SS_tot = 5: R² = 0.2; MSE = 1, MAE = 0.5.
    expect(text.markdown).toContain('R² 0.200 on 4 rows');
    expect(text.markdown).toContain('| MAE | 0.500 |');
    expect(text.markdown).toContain('| MSE | 1.00 |');
    expect(text.markdown).toContain('- **Target scaling:** trained on (y − ');
    expect(text.markdown).not.toContain(CONFUSION_PNG);
    expect(text.confusion).toBeUndefined();
  });

  it('points to the HTML card for the drawing when no PNG could be drawn beside the Markdown', () => {
    const text = modelCard({ ...input, pngBeside: false });
    expect(text.markdown).not.toContain(CONFUSION_PNG);
    expect(text.markdown).toContain('The drawing is in model-card.html.');
    expect(text.html).toContain('<figure><svg');
  });

  it('says why there are no test metrics when the run kept no test split', () => {
    const text = modelCard({ ...input, test: { undefinedBecause: 'There is no test split to evaluate on.' } });
    expect(text.markdown).toContain('No test metrics: There is no test split to evaluate on.');
    expect(text.confusion).toBeUndefined();
  });
});
