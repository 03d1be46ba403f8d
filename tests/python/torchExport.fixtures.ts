/**
 * Writes the PyTorch export of every template, and of graphs that use every other palette kind,
 * with random weights, beside inputs and TF.js's outputs on them, for test_torch_export.py to
 * load with PyTorch and compare. Run by scripts/pythonTests.mjs (`npm run test:python`), which
 * names the folder in TENSORLOOM_PYTHON_FIXTURES.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataContextFor, type FittedPipeline } from '../../src/data/preprocess';
import { buildModel } from '../../src/engine/build';
import { modelMetadata } from '../../src/engine/export/metadata';
import { npy } from '../../src/engine/export/npz';
import { pytorch } from '../../src/engine/export/formats/pytorch';
import { tfjsLayersFiles } from '../../src/engine/export/tfjs';
import { predictRow } from '../../src/engine/predict';
import { torchModelLines, TORCH_IMPORTS } from '../../src/model/codegen/torch';
import type { Graph } from '../../src/model/graph';
import { DEFAULT_TRAINING } from '../../src/model/project';
import { activation } from '../../src/model/layers/activation';
import { averagePooling1d } from '../../src/model/layers/averagePooling1d';
import { averagePooling2d } from '../../src/model/layers/averagePooling2d';
import { batchNormalization } from '../../src/model/layers/batchNormalization';
import { bidirectional } from '../../src/model/layers/bidirectional';
import { concatenate } from '../../src/model/layers/concatenate';
import { conv1d } from '../../src/model/layers/conv1d';
import { conv2d } from '../../src/model/layers/conv2d';
import { conv2dTranspose } from '../../src/model/layers/conv2dTranspose';
import { dense } from '../../src/model/layers/dense';
import { depthwiseConv2d } from '../../src/model/layers/depthwiseConv2d';
import { flatten } from '../../src/model/layers/flatten';
import { globalAveragePooling1d } from '../../src/model/layers/globalAveragePooling1d';
import { globalAveragePooling2d } from '../../src/model/layers/globalAveragePooling2d';
import { globalMaxPooling1d } from '../../src/model/layers/globalMaxPooling1d';
import { globalMaxPooling2d } from '../../src/model/layers/globalMaxPooling2d';
import { gru } from '../../src/model/layers/gru';
import { input } from '../../src/model/layers/input';
import { layerNormalization } from '../../src/model/layers/layerNormalization';
import { lstm } from '../../src/model/layers/lstm';
import { maxPooling1d } from '../../src/model/layers/maxPooling1d';
import { maxPooling2d } from '../../src/model/layers/maxPooling2d';
import { multiHeadAttention } from '../../src/model/layers/multiHeadAttention';
import { multiply } from '../../src/model/layers/multiply';
import { output } from '../../src/model/layers/output';
import { reshape } from '../../src/model/layers/reshape';
import { separableConv2d } from '../../src/model/layers/separableConv2d';
import { simpleRnn } from '../../src/model/layers/simpleRnn';
import { graphOf, step, TEMPLATES } from '../../src/model/templates';
import { randomiseWeights } from '../../src/test/exportModels';
import { valueOf } from '../../src/test/results';
import { TEMPLATE_CONTEXTS, TEMPLATE_PIPELINES } from '../../src/test/templateContexts';

const FOLDER = process.env['TENSORLOOM_PYTHON_FIXTURES'];

/** Convolutions of every kind and padding, strides, dilation, batch norm, pooling, flatten and a concatenation. */
const imageZoo = graphOf([
  step({ id: 'input', kind: input }),
  step({ id: 'conv', kind: conv2d, params: { filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' } }),
  step({ id: 'norm', kind: batchNormalization, params: { momentum: 0.9, epsilon: 0.01 } }),
  step({
    id: 'strided',
    kind: conv2d,
    params: { filters: 5, kernelSize: 3, strides: 2, padding: 'same', activation: 'elu' },
  }),
  step({
    id: 'dilated',
    kind: conv2d,
    params: { filters: 4, kernelSize: 2, dilationRate: 2, padding: 'same', activation: 'linear' },
  }),
  step({
    id: 'depthwise',
    kind: depthwiseConv2d,
    params: { kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same', activation: 'relu6' },
  }),
  step({
    id: 'separable',
    kind: separableConv2d,
    params: { filters: 6, kernelSize: 2, padding: 'valid', activation: 'swish' },
  }),
  step({
    id: 'up',
    kind: conv2dTranspose,
    params: { filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'linear' },
  }),
  step({
    id: 'up_short',
    kind: conv2dTranspose,
    params: { filters: 3, kernelSize: 2, strides: 3, padding: 'same', activation: 'tanh' },
  }),
  step({ id: 'up_valid', kind: conv2dTranspose, params: { filters: 2, kernelSize: 2, strides: 2, padding: 'valid' } }),
  step({ id: 'max', kind: maxPooling2d, params: { poolSize: 3, strides: 2, padding: 'same' } }),
  step({ id: 'average', kind: averagePooling2d, params: { poolSize: 2, strides: 2, padding: 'same' } }),
  step({ id: 'unscaled', kind: batchNormalization, params: { scale: false } }),
  step({ id: 'flat', kind: flatten }),
  step({ id: 'gap', kind: globalAveragePooling2d, from: ['unscaled'] }),
  step({ id: 'gmp', kind: globalMaxPooling2d, from: ['average'] }),
  step({ id: 'joined', kind: concatenate, from: ['flat', 'gap', 'gmp'] }),
  step({ id: 'output', kind: output }),
]);

/** Reshape, Conv1D, 1D pooling, layer norm, every recurrent layer and merge mode, cross-attention, merges. */
const sequenceZoo = graphOf([
  step({ id: 'input', kind: input }),
  step({ id: 'steps', kind: reshape, params: { dim1: 6, dim2: 2 } }),
  step({
    id: 'conv',
    kind: conv1d,
    params: { filters: 4, kernelSize: 3, padding: 'same', dilationRate: 2, activation: 'gelu' },
  }),
  step({
    id: 'strided',
    kind: conv1d,
    params: { filters: 4, kernelSize: 2, strides: 2, padding: 'same', activation: 'mish' },
  }),
  step({ id: 'norm', kind: layerNormalization, params: { center: false } }),
  step({ id: 'max', kind: maxPooling1d, params: { poolSize: 2, strides: 1, padding: 'same' } }),
  step({ id: 'average', kind: averagePooling1d, params: { poolSize: 2, strides: 1, padding: 'valid' } }),
  step({
    id: 'simple',
    kind: simpleRnn,
    params: { units: 4, activation: 'relu', returnSequences: true },
    from: ['conv'],
  }),
  step({ id: 'gru', kind: gru, params: { units: 3, returnSequences: true } }),
  step({ id: 'both', kind: bidirectional, params: { layer: 'lstm', units: 2, returnSequences: true } }),
  step({
    id: 'both_gru',
    kind: bidirectional,
    params: { layer: 'gru', units: 4, returnSequences: true, mergeMode: 'sum' },
  }),
  step({
    id: 'both_simple',
    kind: bidirectional,
    params: { layer: 'simpleRNN', units: 4, returnSequences: true, mergeMode: 'ave' },
  }),
  step({
    id: 'attention',
    kind: multiHeadAttention,
    params: { numHeads: 2, keyDim: 3, valueDim: 5, causal: true },
    from: ['both_simple', 'average'],
  }),
  step({ id: 'gate', kind: activation, params: { activation: 'sigmoid' }, from: ['both_simple'] }),
  step({ id: 'gated', kind: multiply, from: ['attention', 'gate'] }),
  step({ id: 'last', kind: lstm, params: { units: 3, recurrentActivation: 'tanh', activation: 'softsign' } }),
  step({ id: 'gmp', kind: globalMaxPooling1d, from: ['gated'] }),
  step({ id: 'gap', kind: globalAveragePooling1d, from: ['gated'] }),
  step({ id: 'joined', kind: concatenate, from: ['last', 'gmp', 'gap'] }),
  step({ id: 'hidden', kind: dense, params: { units: 5, activation: 'selu', useBias: false } }),
  step({ id: 'output', kind: output }),
]);

const ZOO_PIPELINE: FittedPipeline = {
  ...TEMPLATE_PIPELINES.tabular,
  features: Array.from({ length: 12 }, (_, i) => ({
    kind: 'numeric',
    name: `f${i}`,
    fill: 0,
    log1p: false,
    shift: 0,
    divisor: 1,
  })),
  inputSize: 12,
  inputShape: [12],
};

const CASES: readonly { name: string; graph: Graph; pipeline: FittedPipeline }[] = [
  ...TEMPLATES.map((template) => ({
    name: template.id,
    graph: template.build(TEMPLATE_CONTEXTS[template.dataKind]),
    pipeline: TEMPLATE_PIPELINES[template.dataKind],
  })),
  { name: 'image-zoo', graph: imageZoo, pipeline: TEMPLATE_PIPELINES.image },
  { name: 'sequence-zoo', graph: sequenceZoo, pipeline: ZOO_PIPELINE },
];

/** Inputs the studio could feed the model: token ids for text, any numbers otherwise. */
function inputsFor(pipeline: FittedPipeline): tf.Tensor {
  const shape = [5, ...pipeline.inputShape];
  const text = pipeline.features.find((feature) => feature.kind === 'text');
  if (text?.kind === 'text')
    return tf.randomUniform(shape, 0, text.tokenizer.vocabulary.length, 'int32', 3).cast('float32');
  return tf.randomNormal(shape, 0, 1, 'float32', 4);
}

const text = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.skipIf(FOLDER === undefined)('PyTorch export fixtures', () => {
  it.each(CASES.map((c) => [c.name, c] as const))(
    '%s: exports with random weights',
    async (name, { graph, pipeline }) => {
      const model = valueOf(buildModel(graph, dataContextFor(pipeline), { seed: 7 }));
      randomiseWeights(model, 5);
      const compression = { precision: 'float32', sparsity: 0 } as const;
      const metadata = modelMetadata(
        {
          pipeline,
          backend: 'cpu',
          record: { seed: 7, tfjsVersion: tf.version.tfjs, appVersion: '0.0.0-test' },
          trainSettings: DEFAULT_TRAINING,
          finalMetrics: {},
        },
        { format: 'pytorch', ...compression },
        { name: 'accuracy', split: 'test', value: { value: null, undefinedBecause: 'random weights' } },
        undefined,
      );
      const files = valueOf(
        await pytorch.write({
          model,
          graph,
          pipeline,
          tfjsFiles: await tfjsLayersFiles(model, 'float32'),
          compression,
          metadata,
        }),
      );
      const folder = join(FOLDER!, 'torch', name);
      mkdirSync(folder, { recursive: true });
      for (const file of files) writeFileSync(join(folder, file.name), file.bytes);
      writeFileSync(join(folder, 'metadata.json'), text(metadata));
      const x = inputsFor(pipeline);
      const y = model.predict(x) as tf.Tensor;
      writeFileSync(join(folder, 'x.npy'), npy(Float32Array.from(x.dataSync()), x.shape));
      writeFileSync(join(folder, 'expected.npy'), npy(Float32Array.from(y.dataSync()), y.shape));
      if (pipeline.features.every((feature) => feature.kind === 'numeric')) {
        const row = Object.fromEntries(pipeline.features.map((feature, i) => [feature.name, String(i / 3 - 1)]));
        const studio = valueOf(await predictRow(model, pipeline, row));
        writeFileSync(join(folder, 'row.json'), text({ row, studio }));
      }
      expect(files.map((file) => file.name)).toContain('model.py');
      tf.dispose([x, y]);
      model.dispose();
    },
  );

  it('writes a module whose widths follow swept params', () => {
    const mlp = TEMPLATES.find((template) => template.id === 'mlp')!;
    const swept = new Set(['dense_1.units', 'dense_1.activation', 'dropout_1.rate']);
    const lines = valueOf(
      torchModelLines(mlp.build(), TEMPLATE_CONTEXTS.tabular, {
        className: 'Swept',
        paramExpression: (nodeId, param) =>
          swept.has(`${nodeId}.${param}`) ? `params[${JSON.stringify(`nodes.${nodeId}.params.${param}`)}]` : undefined,
      }),
    );
    const folder = join(FOLDER!, 'torch-swept');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'swept.py'), text([...TORCH_IMPORTS, '', '', ...lines, ''].join('\n')));
    expect(lines.join('\n')).toContain('params["nodes.dense_1.params.units"]');
  });
});
