/**
 * The custom layers (MultiHeadAttention, PositionalEmbedding) in the engine: registered for
 * serialisation, saved and loaded back, and learning a task only attention can solve.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/split';
import type { Graph } from '../model/graph';
import { DEFAULT_TRAINING } from '../model/project';
import type { DataContext } from '../model/task';
import { TEMPLATES } from '../model/templates';
import { blockedLayersOf } from './backend';
import { buildModel, registerCustomLayers } from './build';
import { registerSegmentSumKernel } from './kernels/unsortedSegmentSum';
import { trainModel, type Examples } from './train';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Words of 16 characters from a vocabulary of 100, in 7 languages: the language-words sample's shape. */
const WORDS: DataContext = {
  inputShape: [16],
  task: 'multiclass',
  labels: ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl'],
  vocabularySize: 100,
};

function transformer(data: DataContext): tf.LayersModel {
  const built = buildModel(TEMPLATES.find((t) => t.id === 'transformer-text')!.build(data), data);
  if (!built.ok) throw new Error(built.error);
  return built.value;
}

/** Random token ids, and a random class per example. */
function tokens(data: DataContext, count: number, seed: number): Examples {
  const random = mulberry32(seed);
  const [steps = 0] = data.inputShape;
  const x = Float32Array.from({ length: count * steps }, () => Math.floor(random() * (data.vocabularySize ?? 2)));
  const y = Float32Array.from({ length: count }, () => Math.floor(random() * data.labels.length));
  return { x, y, count };
}

describe('custom layers in tfjs', () => {
  it('registerCustomLayers makes their classes known to tfjs, so a model.json naming them can load', () => {
    const known = () => Object.keys(tf.serialization.SerializationMap.getMap().classNameMap);
    expect(known()).not.toContain('TensorloomMultiHeadAttention');
    registerCustomLayers();
    registerCustomLayers();
    expect(known()).toEqual(expect.arrayContaining(['TensorloomMultiHeadAttention', 'TensorloomPositionalEmbedding']));
  });

  it('a Transformer saved as model.json loads back and predicts exactly the same', async () => {
    const model = transformer(WORDS);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    expect(JSON.stringify(saved?.modelTopology)).toContain('"class_name":"TensorloomMultiHeadAttention"');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const { x, count } = tokens(WORDS, 8, 1);
    const input = tf.tensor2d(x, [count, 16]);
    const [before, after] = tf.tidy(() =>
      [model, loaded].map((m) => Array.from((m.predict(input) as tf.Tensor).dataSync())),
    );
    expect(after).toEqual(before);
    expect(loaded.countParams()).toBe(model.countParams());
    tf.dispose(input);
    model.dispose();
    loaded.dispose();
  });
});

/** Sequences of 6 tokens from {1, 2, 3}; the class is whether the first and the last are the same. */
const FIRST_IS_LAST: DataContext = { inputShape: [6], task: 'binary', labels: ['differ', 'same'], vocabularySize: 4 };

function firstIsLast(count: number, seed: number): Examples {
  const random = mulberry32(seed);
  const x = new Float32Array(count * 6);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    for (let t = 0; t < 6; t++) x[i * 6 + t] = 1 + Math.floor(random() * 3);
    if (random() < 0.5) x[i * 6 + 5] = x[i * 6]!;
    y[i] = x[i * 6] === x[i * 6 + 5] ? 1 : 0;
  }
  return { x, y, count };
}

/** Token ids → 8-wide vectors + positions → [self-attention] → average over the steps → class. */
function firstIsLastGraph(withAttention: boolean): Graph {
  const steps = [
    { id: 'in', type: 'InputLayer', params: {} },
    { id: 'tokens', type: 'Embedding', params: { inputDim: 4, outputDim: 8 } },
    { id: 'positions', type: 'PositionalEmbedding', params: {} },
    ...(withAttention ? [{ id: 'attention', type: 'MultiHeadAttention', params: { numHeads: 1, keyDim: 8 } }] : []),
    { id: 'average', type: 'GlobalAveragePooling1D', params: {} },
    { id: 'out', type: 'Output', params: {} },
  ];
  return {
    nodes: steps.map((step) => ({ ...step, position: { x: 0, y: 0 } })),
    edges: steps.slice(1).map((step, i) => ({ id: `e${i}`, source: steps[i]!.id, target: step.id })),
  };
}

describe('attention learns', () => {
  it('whether a sequence ends with the token it began with, which averaging the positions alone cannot tell', async () => {
    const settings = { ...DEFAULT_TRAINING, epochs: 20, batchSize: 32, learningRate: 0.01, optimizer: 'adam' as const };
    const runWith = async (withAttention: boolean) => {
      const built = buildModel(firstIsLastGraph(withAttention), FIRST_IS_LAST, { seed: 1 });
      if (!built.ok) throw new Error(built.error);
      const losses: number[] = [];
      const result = await trainModel(built.value, {
        data: FIRST_IS_LAST,
        settings: withAttention ? settings : { ...settings, epochs: 10 },
        seed: 1,
        train: firstIsLast(512, 1),
        validation: firstIsLast(256, 2),
        onEpoch: (_epoch, logs) => losses.push(logs.loss!),
      });
      built.value.dispose();
      if (!result.ok) throw new Error(result.error);
      return { losses, valAcc: result.value.logs.val_acc! };
    };
    // About 65% of the validation rows differ: always answering "differ" scores 0.65.
    const attention = await runWith(true);
    expect(attention.losses.at(-1)!).toBeLessThan(attention.losses[0]! / 3);
    expect(attention.valAcc).toBeGreaterThan(0.85);
    const without = await runWith(false);
    expect(without.valAcc).toBeLessThan(0.7);
  }, 60_000);
});

describe('the Transformer encoder on wasm', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('no layer of it blocks wasm, and it trains there', async () => {
    const graph = TEMPLATES.find((t) => t.id === 'transformer-text')!.build(WORDS);
    expect(blockedLayersOf(graph).wasm).toBeUndefined();
    expect(await tf.setBackend('wasm')).toBe(true);
    registerSegmentSumKernel('wasm');
    const model = transformer(WORDS);
    const losses: number[] = [];
    const result = await trainModel(model, {
      data: WORDS,
      settings: { ...DEFAULT_TRAINING, epochs: 3, batchSize: 16 },
      seed: 1,
      // Memorising 32 examples: the loss must fall on any backend that computes the gradients.
      train: tokens(WORDS, 32, 3),
      onEpoch: (_epoch, logs) => losses.push(logs.loss!),
    });
    expect(result.ok).toBe(true);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    model.dispose();
  });
});
