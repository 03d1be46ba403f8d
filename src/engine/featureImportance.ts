/**
 * Permutation importance (data/featureRanking.ts has the arithmetic): a quick MLP, fitted on the
 * training rows, is scored on the validation rows as they are and then with each column shuffled.
 * An MLP rather than a cheaper model (a tree, a linear fit) because it is the model the studio
 * trains on tables: a column it can use through an interaction, or a curve, ranks as it will for
 * the models the person trains; and it sees the columns encoded exactly as they will.
 */
import * as tf from '@tensorflow/tfjs';
import {
  importanceOf,
  rankByImportance,
  rankingScore,
  withSpanShuffled,
  type FeatureRanking,
} from '../data/featureRanking';
import { dataContextFor, featureSpans, type FittedPipeline } from '../data/preprocess';
import { mulberry32 } from '../data/split';
import type { Graph } from '../model/graph';
import { DEFAULT_TRAINING } from '../model/project';
import type { Result } from '../model/result';
import type { TrainSettings } from '../model/run';
import { mlp } from '../sweep/auto/families/mlp';
import { buildModel } from './build';
import { derivedSeed } from './seededRandom';
import { trainModel, yieldToEventLoop, type Examples } from './train';

/** Shuffles per column: enough for a spread, few enough that a wide table ranks in seconds. */
export const RANKING_REPEATS = 5;

/**
 * The quick model: one hidden layer of 32, no dropout, Adam for about 400 steps (5 to 100 epochs) on at most
 * 4,000 training rows, scored on at most 2,000 validation rows. A few seconds on a CPU for the sample tables;
 * a rough model still tells the columns it needs from those it ignores, and a small table gets the steps it
 * needs to learn at all.
 */
const QUICK_MODEL = { depth: 1, width: 32, dropout: 0 } as const;
const QUICK_STEPS = 400;
const QUICK_EPOCHS = { min: 5, max: 100 } as const;
const QUICK_SETTINGS: TrainSettings = { ...DEFAULT_TRAINING, batchSize: 32, earlyStopping: false };
const MAX_TRAIN_ROWS = 4_000;
const MAX_VALIDATION_ROWS = 2_000;

/** The quick model's graph for the pipeline's data (the backend is chosen for it before it is built); refused for images and text. */
export function quickModelGraph(pipeline: FittedPipeline): Result<Graph> {
  const notTabular = pipeline.features.find((feature) => feature.kind === 'image' || feature.kind === 'text');
  if (notTabular)
    return {
      ok: false,
      error: `Columns are ranked for tables; "${notTabular.name}" holds ${notTabular.kind === 'image' ? 'images' : 'text'}.`,
    };
  return mlp.build(dataContextFor(pipeline), QUICK_MODEL);
}

export interface PermutationImportanceOptions {
  readonly pipeline: FittedPipeline;
  readonly train: Examples;
  readonly validation: Examples;
  /** Seeds the model's weights, its batches and the shuffles: the same seed ranks the same. */
  readonly seed: number;
  /** Called after the model is fitted (step 1) and after each column (one step each). */
  readonly onStep?: (done: number, steps: number) => void;
}

/**
 * Ranks the pipeline's features by how much shuffling each one costs the quick model on the validation
 * rows. Fails with a sentence for data that is not a table, too few rows, or a model that could not be
 * scored; throws only on tfjs failures; leaves no tensors behind.
 */
export async function permutationImportance(
  options: PermutationImportanceOptions,
): Promise<Result<Omit<FeatureRanking, 'datasetId' | 'target' | 'rows' | 'split'>>> {
  const { pipeline, seed } = options;
  const train = firstRows(options.train, pipeline.inputSize, MAX_TRAIN_ROWS);
  const validation = firstRows(options.validation, pipeline.inputSize, MAX_VALIDATION_ROWS);
  if (validation.count < 2) return { ok: false, error: 'Ranking the columns needs at least 2 validation rows.' };
  const data = dataContextFor(pipeline);
  const graph = quickModelGraph(pipeline);
  if (!graph.ok) return graph;
  const built = buildModel(graph.value, data, { seed });
  if (!built.ok) return built;
  const model = built.value;
  try {
    const batchesPerEpoch = Math.ceil(train.count / QUICK_SETTINGS.batchSize);
    const epochs = Math.min(QUICK_EPOCHS.max, Math.max(QUICK_EPOCHS.min, Math.ceil(QUICK_STEPS / batchesPerEpoch)));
    const fitted = await trainModel(model, { data, settings: { ...QUICK_SETTINGS, epochs }, seed, train });
    if (!fitted.ok) return fitted;
    const spans = featureSpans(pipeline);
    const steps = spans.length + 1;
    options.onStep?.(1, steps);
    const scoreOf = (x: Float32Array) => {
      const outputs = tf.tidy(() => model.predict(tf.tensor2d(x, [validation.count, pipeline.inputSize])) as tf.Tensor);
      const values = outputs.dataSync() as Float32Array;
      outputs.dispose();
      return rankingScore(data.task, validation.y, values, data.labels.length);
    };
    const baseline = scoreOf(validation.x);
    if (!baseline.ok) return baseline;
    const features = [];
    for (const [index, span] of spans.entries()) {
      const random = mulberry32(derivedSeed(seed, `shuffle:${span.name}`));
      const scores: number[] = [];
      for (let repeat = 0; repeat < RANKING_REPEATS; repeat++) {
        const shuffled = scoreOf(withSpanShuffled(validation.x, validation.count, pipeline.inputSize, span, random));
        if (!shuffled.ok) return shuffled;
        scores.push(shuffled.value.value);
      }
      features.push(importanceOf(span.name, baseline.value.value, scores));
      options.onStep?.(index + 2, steps);
      await yieldToEventLoop();
    }
    return {
      ok: true,
      value: {
        score: baseline.value.score,
        baseline: baseline.value.value,
        repeats: RANKING_REPEATS,
        features: rankByImportance(features),
      },
    };
  } finally {
    model.dispose();
  }
}

/** The first `max` examples: a split's rows are already in random order (or time order, which a ranking may keep). */
function firstRows(examples: Examples, inputSize: number, max: number): Examples {
  if (examples.count <= max) return examples;
  return { x: examples.x.subarray(0, max * inputSize), y: examples.y.subarray(0, max), count: max };
}
