import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING, OPTIMIZERS } from '../model/project';
import type { Checkpoint, EpochLogs, TrainSettings } from '../model/run';
import { learningRateAt } from '../model/schedule';
import type { DataContext } from '../model/task';
import type { Graph } from '../model/graph';
import { mulberry32, shuffleInPlace } from '../data/split';
import { defaultGraph } from '../model/templates';
import { buildModel } from './build';
import { clipByGlobalNorm, lossFor, trainModel, type BatchProgress, type Examples, type TrainOptions } from './train';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SETTINGS: TrainSettings = {
  ...DEFAULT_TRAINING,
  epochs: 40,
  batchSize: 16,
  learningRate: 0.05,
  optimizer: 'adam',
};

/** Noisy XOR: the class is whether the two coordinates have different signs; no line separates it. */
function xor(count: number, seed: number): Examples {
  const random = mulberry32(seed);
  const x = new Float32Array(count * 2);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const a = random() < 0.5 ? -1 : 1;
    const b = random() < 0.5 ? -1 : 1;
    x[2 * i] = a + (random() - 0.5) * 0.4;
    x[2 * i + 1] = b + (random() - 0.5) * 0.4;
    y[i] = a === b ? 0 : 1;
  }
  return { x, y, count };
}

function mlp(inputs: number, outputs: number, activation: 'softmax' | 'sigmoid' | 'linear'): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [inputs],
        units: 16,
        activation: 'tanh',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dense({ units: outputs, activation, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

/** 8×8 images of one bar, anywhere in the middle: class 0 vertical, class 1 horizontal. */
function bars(count: number, seed: number): Examples {
  const random = mulberry32(seed);
  const x = new Float32Array(count * 64);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const horizontal = random() < 0.5;
    const at = 2 + Math.floor(random() * 4);
    for (let along = 1; along < 7; along++) x[i * 64 + (horizontal ? at * 8 + along : along * 8 + at)] = 1;
    y[i] = horizontal ? 1 : 0;
  }
  return { x, y, count };
}

function tinyCnn(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [8, 8, 1],
        filters: 4,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.flatten(),
      tf.layers.dense({
        units: 2,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
}

const BARS_CONTEXT: DataContext = { inputShape: [8, 8, 1], task: 'multiclass', labels: ['vertical', 'horizontal'] };
const AUGMENTED: TrainSettings = {
  ...SETTINGS,
  augment: true,
  augmentRotation: 10,
  augmentShift: 0.1,
  augmentZoom: 0.1,
};

const XOR_CONTEXT: DataContext = { inputShape: [2], task: 'multiclass', labels: ['same', 'different'] };

/** Input → Dense(16, tanh) → Dropout(0.3) → Output. */
const DROPOUT_GRAPH: Graph = (() => {
  const chain = [
    { id: 'input', type: 'InputLayer', params: {} },
    { id: 'dense', type: 'Dense', params: { units: 16, activation: 'tanh' } },
    { id: 'drop', type: 'Dropout', params: { rate: 0.3 } },
    { id: 'output', type: 'Output', params: {} },
  ];
  return {
    nodes: chain.map((node) => ({ ...node, position: { x: 0, y: 0 } })),
    edges: chain.slice(1).map((node, i) => ({ id: `e${i}`, source: chain[i]!.id, target: node.id })),
  };
})();

describe('trainModel', () => {
  it('learns XOR as a two-class problem and reports Keras-named logs', async () => {
    const model = mlp(2, 2, 'softmax');
    const epochs: number[] = [];
    const result = await trainModel(model, {
      data: XOR_CONTEXT,
      settings: SETTINGS,
      seed: 7,
      train: xor(256, 1),
      validation: xor(64, 2),
      onEpoch: (epoch) => epochs.push(epoch),
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.reason).toBe('completed');
    expect(result.value.epochsRun).toBe(SETTINGS.epochs);
    expect(epochs).toEqual([...Array(SETTINGS.epochs).keys()]);
    expect(Object.keys(result.value.logs).sort()).toEqual(['acc', 'loss', 'lr', 'val_acc', 'val_loss']);
    expect(result.value.logs.val_acc).toBeGreaterThan(0.95);
    model.dispose();
  });

  it('learns a binary target with a sigmoid head and a regression target with mse', async () => {
    const binary = mlp(2, 1, 'sigmoid');
    const binaryResult = await trainModel(binary, {
      data: { inputShape: [2], task: 'binary', labels: ['same', 'different'] },
      settings: SETTINGS,
      seed: 7,
      train: xor(256, 3),
    });
    expect(binaryResult.ok && binaryResult.value.logs.acc).toBeGreaterThan(0.95);
    binary.dispose();

    // y = x0 · x1 is ±1 on the XOR clusters: a regression a linear model cannot fit.
    const examples = xor(256, 4);
    const product = Float32Array.from(
      { length: examples.count },
      (_, i) => examples.x[2 * i]! * examples.x[2 * i + 1]!,
    );
    const regression = mlp(2, 1, 'linear');
    const regressionResult = await trainModel(regression, {
      data: { inputShape: [2], task: 'regression', labels: [] },
      settings: SETTINGS,
      seed: 7,
      train: { ...examples, y: product },
    });
    expect(regressionResult.ok).toBe(true);
    if (!regressionResult.ok) return;
    expect(Object.keys(regressionResult.value.logs).sort()).toEqual(['loss', 'lr', 'mse']);
    expect(regressionResult.value.logs.mse).toBeLessThan(0.1);
    regression.dispose();
  });

  it('stops after the batch in progress when asked, also while paused', async () => {
    const batchesTrained = async (
      control: (batches: () => number) => Pick<TrainOptions, 'shouldStop' | 'pauseGate'>,
    ) => {
      const model = mlp(2, 2, 'softmax');
      let batches = 0;
      const result = await trainModel(model, {
        data: XOR_CONTEXT,
        settings: SETTINGS,
        seed: 7,
        train: xor(256, 1),
        onProgress: () => batches++,
        ...control(() => batches),
      });
      model.dispose();
      expect(result).toEqual({ ok: true, value: { reason: 'stopped', epochsRun: 0, logs: {} } });
      return batches;
    };
    expect(await batchesTrained((batches) => ({ shouldStop: () => batches() >= 3 }))).toBe(3);
    // Paused after batch 2 and stopped while waiting: batch 3 never trains.
    let stop = false;
    const stopWhilePaused = () => new Promise<void>((resolve) => setTimeout(() => ((stop = true), resolve()), 50));
    expect(
      await batchesTrained((batches) => ({
        pauseGate: () => (batches() === 2 ? stopWhilePaused() : undefined),
        shouldStop: () => stop,
      })),
    ).toBe(2);
  });

  it('waits at a pause without training, leaves the paused time out of the elapsed time, and goes on when released', async () => {
    const model = mlp(2, 2, 'softmax');
    const progress: BatchProgress[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let pausedAt: number | undefined;
    const run = trainModel(model, {
      data: XOR_CONTEXT,
      settings: { ...SETTINGS, epochs: 2, batchSize: 32 },
      seed: 7,
      train: xor(128, 1),
      onProgress: (p) => progress.push(p),
      pauseGate: () => {
        if (progress.length !== 3 || pausedAt !== undefined) return undefined;
        pausedAt = performance.now();
        return released;
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(progress).toHaveLength(3);
    const elapsedBefore = progress[2]!.elapsedMs;
    release();
    const result = await run;
    expect(result.ok && result.value).toMatchObject({ reason: 'completed', epochsRun: 2 });
    expect(progress).toHaveLength(8);
    // The batch after the pause took milliseconds, not the 300 ms the run waited.
    expect(progress[3]!.elapsedMs - elapsedBefore).toBeLessThan(200);
    model.dispose();
  });

  it('minimises each layer’s L2 penalty with the loss: a large L2 keeps the kernels small', async () => {
    const squaredKernelNorm = async (l2: number) => {
      // Input → Dense(16) → Output, with the penalty on both kernels.
      const graph = defaultGraph();
      const penalised = {
        ...graph,
        nodes: graph.nodes.map((n) => (n.type === 'InputLayer' ? n : { ...n, params: { ...n.params, l2 } })),
      };
      const built = buildModel(penalised, XOR_CONTEXT);
      if (!built.ok) throw new Error(built.error);
      const result = await trainModel(built.value, {
        data: XOR_CONTEXT,
        settings: { ...SETTINGS, epochs: 10 },
        seed: 7,
        train: xor(128, 1),
      });
      expect(result.ok).toBe(true);
      const kernels = built.value.trainableWeights.filter((w) => w.name.includes('kernel'));
      expect(kernels).toHaveLength(2);
      const norm = tf.tidy(() => tf.addN(kernels.map((w) => w.read().square().sum())).dataSync()[0]!);
      built.value.dispose();
      return norm;
    };
    const free = await squaredKernelNorm(0);
    expect(await squaredKernelNorm(0.1)).toBeLessThan(free / 4);
  });

  it('clips gradients by their global norm, keeping their direction, and leaves smaller ones alone', () => {
    const grads = { a: tf.tensor1d([3]), b: tf.tensor2d([[0, 4]]) };
    const clipped = tf.tidy(() => clipByGlobalNorm(grads, 1));
    expect(clipped.a!.arraySync()).toEqual([expect.closeTo(0.6, 6)]);
    expect(clipped.b!.arraySync()).toEqual([[0, expect.closeTo(0.8, 6)]]);
    const untouched = tf.tidy(() => clipByGlobalNorm(grads, 10));
    expect(untouched.a!.arraySync()).toEqual([3]);
    expect(untouched.b!.arraySync()).toEqual([[0, 4]]);
    tf.dispose([...Object.values(grads), ...Object.values(clipped), ...Object.values(untouched)]);
  });

  it('with clipping, an SGD step moves the weights by at most learning rate × clip norm', async () => {
    const weightChange = async (clipNorm: number) => {
      const model = mlp(2, 2, 'softmax');
      const before = model.getWeights().map((w) => w.clone());
      // One batch of everything: exactly one step.
      const settings = { ...SETTINGS, optimizer: 'sgd' as const, learningRate: 1, epochs: 1, batchSize: 64, clipNorm };
      await trainModel(model, { data: XOR_CONTEXT, settings, seed: 7, train: xor(64, 1) });
      const change = tf.tidy(() =>
        Math.sqrt(tf.addN(model.getWeights().map((w, i) => w.sub(before[i]!).square().sum())).dataSync()[0]!),
      );
      tf.dispose(before);
      model.dispose();
      return change;
    };
    expect(await weightChange(0)).toBeGreaterThan(0.05);
    expect(await weightChange(0.05)).toBeCloseTo(0.05, 4);
  });

  it('with penalties and clipping, the tensors alive stay the same across epochs and none are left after the run', async () => {
    const graph = defaultGraph();
    const penalised = {
      ...graph,
      nodes: graph.nodes.map((n) =>
        n.type === 'InputLayer' ? n : { ...n, params: { ...n.params, l1: 0.001, l2: 0.01 } },
      ),
    };
    const built = buildModel(penalised, XOR_CONTEXT);
    if (!built.ok) throw new Error(built.error);
    const before = tf.memory().numTensors;
    const perEpoch: number[] = [];
    const result = await trainModel(built.value, {
      data: XOR_CONTEXT,
      settings: { ...SETTINGS, epochs: 5, clipNorm: 0.5 },
      seed: 7,
      train: xor(100, 1),
      validation: xor(30, 2),
      onEpoch: () => perEpoch.push(tf.memory().numTensors),
    });
    expect(result.ok).toBe(true);
    expect(new Set(perEpoch).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    built.value.dispose();
  });

  it('counts the examples trained on for samples per second, the last short batch included, across epochs', async () => {
    const model = mlp(2, 2, 'softmax');
    const seen: number[] = [];
    await trainModel(model, {
      data: XOR_CONTEXT,
      settings: { ...SETTINGS, epochs: 2, batchSize: 32 },
      seed: 7,
      train: xor(100, 1),
      onProgress: (progress) => seen.push(progress.samples),
    });
    // 100 examples in batches of 32: 32, 64, 96, 100 per epoch, then on into the second.
    expect(seen).toEqual([32, 64, 96, 100, 132, 164, 196, 200]);
    model.dispose();
  });

  it('weighs each example’s cross-entropy by its true class’s weight, multiclass and binary', () => {
    const weights = Float32Array.of(0.5, 2, 4);
    const multiclass = lossFor({ inputShape: [2], task: 'multiclass', labels: ['a', 'b', 'c'] }, SETTINGS, weights) as (
      t: tf.Tensor,
      p: tf.Tensor,
    ) => tf.Tensor;
    const yTrue = tf.tensor2d([
      [1, 0, 0],
      [0, 0, 1],
    ]);
    const yPred = tf.tensor2d([
      [0.7, 0.2, 0.1],
      [0.2, 0.3, 0.5],
    ]);
    const losses = multiclass(yTrue, yPred).arraySync() as number[];
    expect(losses[0]).toBeCloseTo(-Math.log(0.7) * 0.5, 5);
    expect(losses[1]).toBeCloseTo(-Math.log(0.5) * 4, 5);

    const binary = lossFor(
      { inputShape: [2], task: 'binary', labels: ['no', 'yes'] },
      SETTINGS,
      Float32Array.of(0.6, 3),
    ) as (t: tf.Tensor, p: tf.Tensor) => tf.Tensor;
    const binaryLosses = binary(tf.tensor2d([[0], [1]]), tf.tensor2d([[0.2], [0.9]])).arraySync() as number[];
    expect(binaryLosses[0]).toBeCloseTo(-Math.log(0.8) * 0.6, 4);
    expect(binaryLosses[1]).toBeCloseTo(-Math.log(0.9) * 3, 4);
    tf.dispose([yTrue, yPred]);
  });

  it.each(OPTIMIZERS)('with %s, leaves no tensors behind, across epochs or after the run', async (optimizer) => {
    const model = mlp(2, 2, 'softmax');
    const before = tf.memory().numTensors;
    const perEpoch: number[] = [];
    await trainModel(model, {
      data: XOR_CONTEXT,
      settings: { ...SETTINGS, optimizer, weightDecay: 0.01, epochs: 5 },
      seed: 7,
      train: xor(100, 1),
      validation: xor(30, 2),
      onEpoch: () => perEpoch.push(tf.memory().numTensors),
    });
    // Adam's moment estimates live while training runs, so only their count may exceed `before`.
    expect(new Set(perEpoch).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('trains a tiny CNN on augmented images, leaving no tensors behind across epochs', async () => {
    const model = tinyCnn();
    const before = tf.memory().numTensors;
    const perEpoch: number[] = [];
    const result = await trainModel(model, {
      data: BARS_CONTEXT,
      settings: { ...AUGMENTED, epochs: 10 },
      seed: 7,
      train: bars(128, 1),
      validation: bars(64, 2),
      onEpoch: () => perEpoch.push(tf.memory().numTensors),
    });
    expect(result.ok && result.value.logs.val_acc).toBeGreaterThan(0.9);
    expect(new Set(perEpoch).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('augments reproducibly: the same seed gives the same run, and augmentation changes it', async () => {
    const run = async (settings: TrainSettings, seed: number) => {
      const model = tinyCnn();
      const result = await trainModel(model, {
        data: BARS_CONTEXT,
        settings: { ...settings, epochs: 2 },
        seed,
        train: bars(64, 1),
      });
      model.dispose();
      return result.ok ? result.value.logs : undefined;
    };
    const augmented = await run(AUGMENTED, 11);
    expect(await run(AUGMENTED, 11)).toEqual(augmented);
    expect(await run(SETTINGS, 11)).not.toEqual(augmented);
  });

  it('reports a diverging loss instead of training on NaN', async () => {
    const model = mlp(2, 1, 'linear');
    const before = tf.memory().numTensors;
    const examples = xor(64, 1);
    const result = await trainModel(model, {
      data: { inputShape: [2], task: 'regression', labels: [] },
      settings: { ...SETTINGS, optimizer: 'sgd', learningRate: 1e30 },
      seed: 7,
      train: { ...examples, y: examples.y.map((v) => v * 1e6) },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // Where, the likely cause and the fixes.
    expect(result.error).toMatch(/^Training diverged: the loss became (NaN|-?Infinity) at epoch 1, batch \d+\./);
    expect(result.error).toMatch(/learning rate too large for this model \(it is 1e\+30\)/);
    expect(result.error).toMatch(/Lower the learning rate \(try 0\.01\), or turn on gradient clipping/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('names the batch where the loss first stopped being finite, though its loss is read a few batches later, and trains only a few past it', async () => {
    const model = mlp(2, 1, 'linear');
    const before = tf.memory().numTensors;
    const examples = xor(64, 1);
    const seed = 7;
    // The first epoch's batches are the rows in the seeded shuffle's order: poison the 9th row, in batch 5 of 2 rows.
    const order = Uint32Array.from({ length: examples.count }, (_, i) => i);
    shuffleInPlace(order, mulberry32(seed));
    const x = examples.x.slice();
    x[2 * order[8]!] = NaN;
    const progress: BatchProgress[] = [];
    const result = await trainModel(model, {
      data: { inputShape: [2], task: 'regression', labels: [] },
      settings: { ...SETTINGS, optimizer: 'sgd', batchSize: 2 },
      seed,
      train: { ...examples, x },
      onProgress: (at) => progress.push(at),
    });
    expect(!result.ok && result.error).toMatch(/^Training diverged: the loss became NaN at epoch 1, batch 5\./);
    // 32 batches an epoch: the run ends a few batches after the fifth, not at the epoch's end.
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress.length).toBeLessThanOrEqual(5 + 8);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('stopped after a batch whose loss was not finite, says the run diverged rather than that it stopped', async () => {
    const model = mlp(2, 1, 'linear');
    const examples = xor(64, 1);
    let batches = 0;
    const result = await trainModel(model, {
      data: { inputShape: [2], task: 'regression', labels: [] },
      settings: { ...SETTINGS, optimizer: 'sgd', batchSize: 2 },
      seed: 7,
      train: { ...examples, x: examples.x.map(() => NaN) },
      onProgress: () => batches++,
      shouldStop: () => batches > 0,
    });
    expect(!result.ok && result.error).toMatch(/^Training diverged: the loss became NaN at epoch 1, batch 1\./);
    model.dispose();
  });

  it('gives the same run for the same seed and weights', async () => {
    const run = async (seed: number) => {
      const model = mlp(2, 2, 'softmax');
      const result = await trainModel(model, {
        data: XOR_CONTEXT,
        settings: { ...SETTINGS, epochs: 3 },
        seed,
        train: xor(64, 1),
      });
      model.dispose();
      return result.ok ? result.value.logs : undefined;
    };
    const first = await run(11);
    expect(await run(11)).toEqual(first);
    expect(await run(12)).not.toEqual(first);
  });

  it('with a seed, two runs of a graph start from the same weights and give the same curves, dropout included', async () => {
    const run = async (seed: number) => {
      const built = buildModel(DROPOUT_GRAPH, XOR_CONTEXT, { seed });
      if (!built.ok) throw new Error(built.error);
      const initial = built.value.getWeights().map((w) => Array.from(w.dataSync()));
      const curves: EpochLogs[] = [];
      await trainModel(built.value, {
        data: XOR_CONTEXT,
        settings: { ...SETTINGS, epochs: 4 },
        seed,
        train: xor(128, 1),
        validation: xor(32, 2),
        onEpoch: (_e, logs) => curves.push(logs),
      });
      built.value.dispose();
      return { initial, curves };
    };
    const first = await run(5);
    const again = await run(5);
    expect(again.initial).toEqual(first.initial);
    expect(again.curves).toEqual(first.curves);
    const other = await run(6);
    expect(other.initial).not.toEqual(first.initial);
    expect(other.curves.map((logs) => logs.loss)).not.toEqual(first.curves.map((logs) => logs.loss));
  });

  it.each(OPTIMIZERS)('trains with %s, and each epoch logs the scheduled learning rate', async (optimizer) => {
    const model = mlp(2, 2, 'softmax');
    const settings = {
      ...SETTINGS,
      optimizer,
      epochs: 4,
      learningRate: 0.05,
      schedule: 'step' as const,
      decayEvery: 2,
    };
    const rates: number[] = [];
    const result = await trainModel(model, {
      data: XOR_CONTEXT,
      settings,
      seed: 7,
      train: xor(128, 1),
      onEpoch: (_e, logs) => rates.push(logs.lr!),
    });
    expect(result.ok).toBe(true);
    expect(rates).toEqual([0, 1, 2, 3].map((e) => learningRateAt(settings, e, 4)));
    expect(rates[3]).toBeCloseTo(0.025);
    model.dispose();
  });

  it('early stopping ends the run when the metric stops improving and restores the best weights', async () => {
    const model = mlp(2, 2, 'softmax');
    // The warm-up makes the logged rate rise every epoch: "lr", lower-is-better, only improves at epoch 1.
    const settings = {
      ...SETTINGS,
      epochs: 20,
      warmupEpochs: 20,
      earlyStopping: true,
      earlyStoppingMetric: 'lr',
      patience: 3,
      restoreBestWeights: true,
    };
    let firstEpochWeights: Float32Array[] = [];
    const result = await trainModel(model, {
      data: XOR_CONTEXT,
      settings,
      seed: 7,
      train: xor(128, 1),
      onEpoch: (epoch) => {
        if (epoch === 0) firstEpochWeights = model.getWeights().map((w) => w.dataSync() as Float32Array);
      },
    });
    expect(result.ok && result.value.epochsRun).toBe(4);
    expect(result.ok && result.value.note).toMatch(
      /Stopped early after epoch 4: lr had not improved for 3 epochs\. Kept the weights of epoch 1/,
    );
    model.getWeights().forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(Array.from(firstEpochWeights[i]!)));
    model.dispose();
  });

  it('label smoothing still reports accuracy against the true labels', async () => {
    const model = mlp(2, 1, 'sigmoid');
    const result = await trainModel(model, {
      data: { inputShape: [2], task: 'binary', labels: ['same', 'different'] },
      settings: { ...SETTINGS, labelSmoothing: 0.1 },
      seed: 7,
      train: xor(256, 3),
    });
    expect(result.ok && result.value.logs.acc).toBeGreaterThan(0.95);
    model.dispose();
  });

  it('refuses to watch a metric the run does not report', async () => {
    const model = mlp(2, 1, 'linear');
    const result = await trainModel(model, {
      data: { inputShape: [2], task: 'regression', labels: [] },
      settings: { ...SETTINGS, epochs: 3, earlyStopping: true, earlyStoppingMetric: 'val_acc' },
      seed: 7,
      train: xor(64, 1),
      validation: xor(16, 2),
    });
    expect(!result.ok && result.error).toMatch(
      /watches val_acc, which this run does not report \(it reports loss, mse, val_loss, val_mse, lr\)/,
    );
    model.dispose();
  });
});

describe('resuming from a checkpoint', () => {
  const builtWith = (seed: number): tf.LayersModel => {
    const built = buildModel(DROPOUT_GRAPH, XOR_CONTEXT, { seed });
    if (!built.ok) throw new Error(built.error);
    return built.value;
  };
  const weightsOf = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));

  it('with SGD, a run resumed in a fresh model repeats the uninterrupted run: curves, early stopping’s best weights, final weights', async () => {
    // The warm-up makes the logged rate rise every epoch, so "lr" (lower is better) is best at epoch 1 and
    // checkpoints after it carry that epoch's weights apart from their own.
    const settings: TrainSettings = {
      ...SETTINGS,
      optimizer: 'sgd',
      learningRate: 0.1,
      epochs: 10,
      warmupEpochs: 10,
      earlyStopping: true,
      earlyStoppingMetric: 'lr',
      patience: 20,
      restoreBestWeights: true,
    };
    const options = { data: XOR_CONTEXT, settings, seed: 5, train: xor(128, 1), validation: xor(32, 2) };
    const checkpoints: Checkpoint[] = [];
    const curves: EpochLogs[] = [];
    const whole = builtWith(5);
    const uninterrupted = await trainModel(whole, {
      ...options,
      onEpoch: (_e, logs) => curves.push(logs),
      checkpoints: { due: () => true, save: (checkpoint) => checkpoints.push(checkpoint) },
    });
    // One after every epoch but the last; the best epoch's weights travel once they are not the epoch's own.
    expect(checkpoints.map((c) => c.epoch)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(checkpoints[0]!.bestWeights).toBeUndefined();
    expect(checkpoints[4]!.bestWeights).toHaveLength(whole.weights.length);
    expect(checkpoints[4]!.earlyStopping).toEqual({ best: { epoch: 0, value: curves[0]!.lr }, waited: 4 });

    // Another seed's initial weights: the checkpoint's must replace them.
    const resumed = builtWith(6);
    const before = tf.memory().numTensors;
    const resumedCurves: EpochLogs[] = [];
    const progress: BatchProgress[] = [];
    const outcome = await trainModel(resumed, {
      ...options,
      resume: checkpoints[4],
      onEpoch: (_e, logs) => resumedCurves.push(logs),
      onProgress: (at) => progress.push(at),
    });
    expect(resumedCurves).toEqual(curves.slice(5));
    expect(outcome).toEqual(uninterrupted);
    expect(uninterrupted.ok && uninterrupted.value.note).toMatch(/Kept the weights of epoch 1 /);
    expect(weightsOf(resumed)).toEqual(weightsOf(whole));
    // Samples go on from the checkpoint's count; nothing is left behind but the model's weights.
    expect(progress[0]!.samples).toBe(checkpoints[4]!.samples + settings.batchSize);
    expect(tf.memory().numTensors).toBe(before);
    whole.dispose();
    resumed.dispose();
  });

  it('with Adam, whose moments start afresh, a resumed run goes on from the checkpoint’s loss, not from scratch', async () => {
    const settings = { ...SETTINGS, epochs: 12 };
    const checkpoints: Checkpoint[] = [];
    const losses: number[] = [];
    const first = mlp(2, 2, 'softmax');
    await trainModel(first, {
      data: XOR_CONTEXT,
      settings,
      seed: 7,
      train: xor(256, 1),
      onEpoch: (_e, logs) => losses.push(logs.loss!),
      checkpoints: { due: () => true, save: (checkpoint) => checkpoints.push(checkpoint) },
    });
    const resumedLosses: number[] = [];
    const second = mlp(2, 2, 'softmax');
    await trainModel(second, {
      data: XOR_CONTEXT,
      settings,
      seed: 7,
      train: xor(256, 1),
      resume: checkpoints[5],
      onEpoch: (_e, logs) => resumedLosses.push(logs.loss!),
    });
    expect(resumedLosses).toHaveLength(6);
    const [next] = resumedLosses;
    expect(Math.abs(next! - losses[5]!)).toBeLessThan(Math.abs(next! - losses[0]!));
    expect(resumedLosses.at(-1)!).toBeLessThan(losses[0]! / 2);
    first.dispose();
    second.dispose();
  });

  it('paused from the start (a paused run restarted after a crash), trains no batch until released; stopped there, it keeps the checkpoint’s weights', async () => {
    const settings = { ...SETTINGS, epochs: 4 };
    const options = { data: XOR_CONTEXT, settings, seed: 7, train: xor(64, 1) };
    const checkpoints: Checkpoint[] = [];
    const first = mlp(2, 2, 'softmax');
    await trainModel(first, { ...options, checkpoints: { due: () => true, save: (c) => checkpoints.push(c) } });
    const checkpoint = checkpoints[1]!;

    const resumedUntilReleased = async (release: (stop: () => void) => void) => {
      const model = mlp(2, 2, 'softmax');
      const progress: BatchProgress[] = [];
      let gates = 0;
      let stop = false;
      let open!: () => void;
      const outcome = trainModel(model, {
        ...options,
        resume: checkpoint,
        onProgress: (at) => progress.push(at),
        pauseGate: () => (gates++ === 0 ? new Promise<void>((resolve) => (open = resolve)) : undefined),
        shouldStop: () => stop,
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(progress).toEqual([]);
      release(() => (stop = true));
      open();
      const result = await outcome;
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return { result, progress, weights };
    };

    const released = await resumedUntilReleased(() => undefined);
    expect(released.result.ok && released.result.value).toMatchObject({ reason: 'completed', epochsRun: 4 });
    expect(released.progress[0]).toMatchObject({ epoch: 2, batch: 0 });
    // The paused time is not training time.
    expect(released.progress[0]!.elapsedMs - checkpoint.elapsedMs).toBeLessThan(100);

    const stopped = await resumedUntilReleased((stop) => stop());
    expect(stopped.result).toEqual({ ok: true, value: { reason: 'stopped', epochsRun: 2, logs: checkpoint.logs } });
    expect(stopped.progress).toEqual([]);
    expect(stopped.weights).toEqual(checkpoint.weights.map((w) => Array.from(new Float32Array(w.buffer))));
    first.dispose();
  });

  it('refuses a checkpoint that does not fit the model, naming the weight', async () => {
    const checkpoints: Checkpoint[] = [];
    const two = mlp(2, 2, 'softmax');
    const settings = { ...SETTINGS, epochs: 2 };
    await trainModel(two, {
      data: XOR_CONTEXT,
      settings,
      seed: 7,
      train: xor(64, 1),
      checkpoints: { due: () => true, save: (c) => checkpoints.push(c) },
    });
    const three = mlp(2, 3, 'softmax');
    const result = await trainModel(three, {
      data: { ...XOR_CONTEXT, labels: ['a', 'b', 'c'] },
      settings,
      seed: 7,
      train: xor(64, 1),
      resume: checkpoints[0],
    });
    expect(!result.ok && result.error).toMatch(
      /^The checkpoint does not fit this model: .*kernel is float32 \[16, 2\], where .*kernel is float32 \[16, 3\]\.$/,
    );
    two.dispose();
    three.dispose();
  });
});
