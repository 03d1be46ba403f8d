/**
 * The learning-rate range test (src/sweep/lrRange.ts has the schedule and the reading of the curve): a freshly built
 * model trains one batch per step while the rate grows exponentially, and the batch losses are read until they
 * diverge. The batches, loss, optimiser and dropout masks are a run's own (./train.ts), so the rate it proposes
 * suits a run with the same settings; only the rate differs, set step by step in place of the run's schedule.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32, shuffleInPlace } from '../data/split';
import type { Graph } from '../model/graph';
import type { Result } from '../model/result';
import type { TrainSettings } from '../model/run';
import type { DataContext } from '../model/task';
import {
  DEFAULT_LR_RANGE,
  lrRangeRates,
  proposeLearningRate,
  smoothedLoss,
  type LrRange,
  type LrRangeResult,
} from '../sweep/lrRange';
import { batchAugmenter } from './augment';
import { buildModel } from './build';
import { derivedSeed, withSeededRandom } from './seededRandom';
import {
  createOptimizer,
  decayWeights,
  disposeOptimizer,
  objectiveFor,
  prepareBatch,
  setLearningRate,
  trainStep,
  yieldToEventLoop,
  type Batch,
  type Examples,
} from './train';

export interface LrRangeTestOptions {
  /** Built afresh, seeded with `seed`, as a run builds it; disposed at the end. */
  readonly graph: Graph;
  readonly data: DataContext;
  /** A run's settings: the batch size, optimiser, loss (class weights, label smoothing), clipping and augmentation. */
  readonly settings: TrainSettings;
  /** A run's seed: the model's initial weights, the batches and the dropout masks are that run's first ones. */
  readonly seed: number;
  readonly train: Examples;
  /** DEFAULT_LR_RANGE when absent. */
  readonly range?: LrRange;
  /** Called after every step with the steps done and the range's steps (the test may end before them). */
  readonly onStep?: (done: number, steps: number) => void;
  /** Checked after every step: true ends the test there, with an error saying it was stopped. */
  readonly shouldStop?: () => boolean;
}

/**
 * Trains `graph` for one batch per rate of `range`, cycling through the training rows (reshuffled each pass, as
 * a run's epochs), and stops at the first step the smoothed loss diverges. Resolves with the rates tried, their
 * losses and the proposal; with an error when there are no training rows, the graph does not build, or it was
 * stopped. Throws only on tfjs failures; leaves no tensors behind.
 */
export async function lrRangeTest(options: LrRangeTestOptions): Promise<Result<LrRangeResult>> {
  const { data, settings, seed, train, range = DEFAULT_LR_RANGE } = options;
  if (train.count === 0)
    return { ok: false, error: 'There are no training rows: every row was held out or incomplete.' };
  const built = buildModel(options.graph, data, { seed });
  if (!built.ok) return built;
  const model = built.value;
  const optimizer = createOptimizer(settings);
  const objective = objectiveFor(data, settings, train);
  const schedule = lrRangeRates(range.min, range.max, range.steps);
  const rates: number[] = [];
  const losses: number[] = [];

  const random = mulberry32(seed);
  const order = Uint32Array.from({ length: train.count }, (_, i) => i);
  const batchesPerEpoch = Math.ceil(train.count / settings.batchSize);
  let augment: ReturnType<typeof batchAugmenter>;
  const batchAt = (step: number): Batch => {
    const [epoch, batch] = [Math.floor(step / batchesPerEpoch), step % batchesPerEpoch];
    if (batch === 0) {
      shuffleInPlace(order, random);
      augment = batchAugmenter(settings, data, seed, epoch);
    }
    return prepareBatch(
      data,
      train,
      order.subarray(batch * settings.batchSize, (batch + 1) * settings.batchSize),
      augment,
    );
  };
  try {
    for (const [step, rate] of schedule.entries()) {
      setLearningRate(optimizer, rate);
      const { x, y } = batchAt(step);
      const stepSeed = derivedSeed(seed, `step:${Math.floor(step / batchesPerEpoch)}:${step % batchesPerEpoch}`);
      let scalars: tf.Scalar[];
      try {
        scalars = withSeededRandom(stepSeed, () =>
          trainStep(model, { objective, optimizer, clipNorm: settings.clipNorm }, x, y),
        );
      } finally {
        tf.dispose([x, y]);
      }
      if (settings.optimizer === 'adamw') decayWeights(model, rate * settings.weightDecay);
      const [loss] = await scalars[0]!.data();
      tf.dispose(scalars);
      rates.push(rate);
      losses.push(loss!);
      options.onStep?.(step + 1, schedule.length);
      if (smoothedLoss(rates, losses).divergedAt !== undefined) break;
      await yieldToEventLoop();
      if (options.shouldStop?.()) return { ok: false, error: 'The learning-rate test was stopped.' };
    }
    return { ok: true, value: { rates, losses, proposal: proposeLearningRate(rates, losses) } };
  } finally {
    disposeOptimizer(optimizer);
    model.dispose();
  }
}
