/**
 * The training loop, independent of workers: it trains a built model on preprocessed arrays,
 * reports every batch and epoch, and stops within one batch when asked. Runs in Node on the cpu
 * backend (the tests) and in the training worker on any backend.
 *
 * A hand-written loop rather than `model.fit`, so that the shuffle is seeded, a divergent loss
 * stops the run and names the batch it happened at, and stop and pause requests are seen per batch.
 * Each step is written out too (gradients of the loss plus every layer's penalties, clipped, then
 * applied) rather than `trainOnBatch`, which cannot clip gradients. Image training batches can be
 * augmented on the way in (./augment.ts); validation never is.
 *
 * A step never waits for the backend: each batch's loss and metric stay on it and are read a few
 * batches at a time, in one read (./batchMetrics.ts), and the next batch's tensors are made while
 * the backend still works on this one. On WebGPU a read is a round trip that would leave the GPU
 * idle; on cpu and wasm it costs little, but the step no longer pays for it either.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32, shuffleInPlace } from '../data/split';
import { EarlyStopping } from '../model/earlyStopping';
import { balancedClassWeights } from '../model/classWeights';
import type { DistillSettings } from '../model/distillation';
import type { Result } from '../model/result';
import type { Checkpoint, EpochLogs, TrainSettings } from '../model/run';
import { learningRateAt } from '../model/schedule';
import type { DataContext } from '../model/task';
import { batchAugmenter } from './augment';
import { BatchMetrics, type Divergence } from './batchMetrics';
import { loadWeights, saveWeights } from './checkpoint';
import { FusedAdamOptimizer } from './kernels/adam';
import { distillationLoss, distillationTargets, labelsOf } from './distill';
import { categoricalCrossentropy } from './kernels/crossEntropy';
import { derivedSeed, withSeededRandom } from './seededRandom';

/** Preprocessed examples: `x` row-major (count × size of `DataContext.inputShape`); `y` a class index or a value per row. */
export interface Examples {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly count: number;
}

export interface BatchProgress {
  /** 0-based epoch and batch just trained. */
  readonly epoch: number;
  readonly batch: number;
  readonly batchesPerEpoch: number;
  /** Time spent training, pauses excluded. */
  readonly elapsedMs: number;
  /** Examples trained on so far in this run, every epoch counted. */
  readonly samples: number;
}

export interface TrainOptions {
  readonly data: DataContext;
  readonly settings: TrainSettings;
  /** Seeds the per-epoch shuffle and each step's dropout masks; the same seed gives the same batches and masks. */
  readonly seed: number;
  readonly train: Examples;
  readonly validation?: Examples;
  /**
   * Regression: the standard deviation the target was divided by for training. The loss stays in
   * those units, but the mse metric is reported in the target's own (× std²), as evaluation does.
   */
  readonly targetStd?: number;
  /** Called after every batch; the caller throttles what it forwards. */
  readonly onProgress?: (progress: BatchProgress) => void;
  /** Called after every completed epoch with Keras-named logs. */
  readonly onEpoch?: (epoch: number, logs: EpochLogs) => void;
  /** Checked before the first batch and after every batch (after a pause too); true ends the run there, keeping the weights so far. */
  readonly shouldStop?: () => boolean;
  /**
   * Asked before the first batch and after every batch: a promise while the run should pause,
   * which training awaits (using no CPU) before going on; undefined to go on at once. Paused time
   * is left out of `elapsedMs`.
   */
  readonly pauseGate?: () => Promise<void> | undefined;
  /**
   * Goes on from this checkpoint of the same run (same data, settings and seed): its weights are
   * set, the shuffles of the epochs before are replayed, and training starts at `resume.epoch + 1`.
   * With SGD that repeats the uninterrupted run exactly; other optimisers start their slots afresh.
   */
  readonly resume?: Checkpoint;
  /**
   * Asked after every epoch but the last: when `due()`, the epoch's checkpoint is taken (its
   * weights read from the backend) and handed to `save` before training goes on.
   */
  readonly checkpoints?: { readonly due: () => boolean; readonly save: (checkpoint: Checkpoint) => void };
  /**
   * Distils: `model` (the student) learns from a teacher's outputs on the training rows
   * (`teacherOutputs`, row-major, in `train`'s order) as well as from the labels, by
   * distillationLoss, which replaces the task's loss, label smoothing and class weights. The
   * metric and the validation logs compare with the labels only, as a plain run's do.
   */
  readonly distill?: { readonly settings: DistillSettings; readonly teacherOutputs: Float32Array };
}

export interface TrainOutcome {
  readonly reason: 'completed' | 'stopped';
  /** What the person should know about how the run ended (early stopping, restored weights). */
  readonly note?: string;
  /** Epochs completed in full; a stopped epoch does not count. */
  readonly epochsRun: number;
  /** The last completed epoch's logs; empty when none completed. */
  readonly logs: EpochLogs;
}

/**
 * Trains `model` for the task. Resolves with an error Result when the loss stops
 * being finite (the weights are then useless); throws only on tfjs failures. Leaves no tensors
 * behind but the model's own weights.
 */
export async function trainModel(model: tf.LayersModel, options: TrainOptions): Promise<Result<TrainOutcome>> {
  const { data, settings, train, validation } = options;
  if (train.count === 0)
    return { ok: false, error: 'There are no training rows: every row was held out or incomplete.' };
  const metric = data.task === 'regression' ? 'mse' : 'acc';
  const metricUnits = data.task === 'regression' ? (options.targetStd ?? 1) ** 2 : 1;
  const optimizer = createOptimizer(settings);
  const validationObjective = objectiveFor(data, settings, train);
  const { distill } = options;
  const objective: Objective = distill
    ? {
        loss: distillationLoss(data.task, distill.settings),
        metric: (targets, yPred) => validationObjective.metric(labelsOf(targets), yPred),
      }
    : validationObjective;
  const { resume } = options;
  const earlyStopping = settings.earlyStopping
    ? new EarlyStopping(
        { metric: settings.earlyStoppingMetric, patience: settings.patience, minDelta: settings.minDelta },
        resume?.earlyStopping,
      )
    : undefined;
  let bestWeights: tf.Tensor[] | undefined;

  const random = mulberry32(options.seed);
  const order = Uint32Array.from({ length: train.count }, (_, i) => i);
  const batchesPerEpoch = Math.ceil(train.count / settings.batchSize);
  const firstEpoch = resume ? resume.epoch + 1 : 0;
  // Each epoch shuffles the previous epoch's order: a resumed run replays them to reach its own.
  for (let epoch = 0; epoch < firstEpoch; epoch++) shuffleInPlace(order, random);
  // Elapsed time and samples go on from the checkpoint's, so samples/s and the ETA stay true.
  const startedAt = performance.now() - (resume?.elapsedMs ?? 0);
  let pausedMs = 0;
  let samples = resume?.samples ?? 0;
  let logs: EpochLogs = resume?.logs ?? {};
  const waitWhilePaused = async (): Promise<void> => {
    const gate = options.pauseGate?.();
    if (!gate) return;
    const pausedAt = performance.now();
    await gate;
    pausedMs += performance.now() - pausedAt;
  };
  try {
    if (resume) {
      const restored = resumeFrom(model, resume, settings.earlyStopping && settings.restoreBestWeights);
      if (!restored.ok) return restored;
      bestWeights = restored.value;
    }
    // A run can be paused before it trains anything: a paused run restarted after its worker crashed.
    await waitWhilePaused();
    if (options.shouldStop?.()) return { ok: true, value: { reason: 'stopped', epochsRun: firstEpoch, logs } };
    for (let epoch = firstEpoch; epoch < settings.epochs; epoch++) {
      const learningRate = learningRateAt(settings, epoch, settings.epochs);
      setLearningRate(optimizer, learningRate);
      shuffleInPlace(order, random);
      const augment = batchAugmenter(settings, data, options.seed, epoch);
      const rowsOf = (batch: number) => order.subarray(batch * settings.batchSize, (batch + 1) * settings.batchSize);
      const metrics = new BatchMetrics();
      const batchOf = (batch: number) => prepareBatch(data, train, rowsOf(batch), augment, distill?.teacherOutputs);
      let next: Batch | undefined = batchOf(0);
      try {
        for (let batch = 0; batch < batchesPerEpoch; batch++) {
          const current: Batch = next!;
          next = undefined;
          const seed = derivedSeed(options.seed, `step:${epoch}:${batch}`);
          try {
            metrics.add(
              batch,
              current.rows.length,
              withSeededRandom(seed, () =>
                trainStep(model, { objective, optimizer, clipNorm: settings.clipNorm }, current.x, current.y),
              ),
            );
          } finally {
            tf.dispose([current.x, current.y]);
          }
          if (settings.optimizer === 'adamw') decayWeights(model, learningRate * settings.weightDecay);
          if (batch + 1 < batchesPerEpoch) next = batchOf(batch + 1);
          samples += current.rows.length;
          options.onProgress?.({
            epoch,
            batch,
            batchesPerEpoch,
            elapsedMs: performance.now() - startedAt - pausedMs,
            samples,
          });
          if (metrics.due()) {
            const diverged = await metrics.read();
            if (diverged) return divergedAt(diverged, epoch, learningRate, settings.clipNorm);
          }
          await yieldToEventLoop();
          await waitWhilePaused();
          if (options.shouldStop?.()) {
            // A loss that went bad in the batches not yet read still says so: the weights are no use.
            const diverged = await metrics.readAll();
            if (diverged) return divergedAt(diverged, epoch, learningRate, settings.clipNorm);
            return { ok: true, value: { reason: 'stopped', epochsRun: epoch, logs } };
          }
        }
        const diverged = await metrics.readAll();
        if (diverged) return divergedAt(diverged, epoch, learningRate, settings.clipNorm);
      } finally {
        metrics.dispose();
        if (next) tf.dispose([next.x, next.y]);
      }
      const { lossSum, metricSum } = metrics;
      const trainLogs = { loss: lossSum / train.count, [metric]: (metricSum / train.count) * metricUnits };
      const validationLogs =
        validation && validation.count > 0
          ? await evaluate(model, validationObjective, data, validation, settings.batchSize)
          : undefined;
      logs = {
        ...(validationLogs
          ? { ...trainLogs, val_loss: validationLogs[0], [`val_${metric}`]: validationLogs[1] * metricUnits }
          : trainLogs),
        lr: learningRate,
      };
      options.onEpoch?.(epoch, logs);

      if (earlyStopping) {
        if (!(settings.earlyStoppingMetric in logs)) {
          return {
            ok: false,
            error: `Early stopping watches ${settings.earlyStoppingMetric}, which this run does not report (it reports ${Object.keys(logs).join(', ')}). Pick another metric to watch.`,
          };
        }
        const verdict = earlyStopping.observe(epoch, logs);
        if (verdict.improved && settings.restoreBestWeights) {
          tf.dispose(bestWeights);
          // clone() keeps this epoch's values: the optimiser assigns new tensors to the variables.
          bestWeights = model.getWeights().map((w) => w.clone());
        }
        if (verdict.stop) {
          const note = `Stopped early after epoch ${epoch + 1}: ${settings.earlyStoppingMetric} had not improved for ${settings.patience} epochs.`;
          return {
            ok: true,
            value: {
              reason: 'completed',
              epochsRun: epoch + 1,
              logs,
              note: withRestoredWeights(note, model, bestWeights, earlyStopping, settings),
            },
          };
        }
      }
      if (epoch < settings.epochs - 1 && options.checkpoints?.due()) {
        const elapsedMs = performance.now() - startedAt - pausedMs;
        options.checkpoints.save(
          await checkpointOf(model, { epoch, logs, samples, elapsedMs }, earlyStopping, bestWeights),
        );
      }
    }
    const note = earlyStopping ? withRestoredWeights('', model, bestWeights, earlyStopping, settings) : '';
    return { ok: true, value: { reason: 'completed', epochsRun: settings.epochs, logs, ...(note ? { note } : {}) } };
  } finally {
    disposeOptimizer(optimizer);
    tf.dispose(bestWeights);
  }
}

/** The run after `at.epoch`: the model's weights, and early stopping's rule and best weights when on. */
async function checkpointOf(
  model: tf.LayersModel,
  at: Pick<Checkpoint, 'epoch' | 'logs' | 'samples' | 'elapsedMs'>,
  earlyStopping: EarlyStopping | undefined,
  bestWeights: tf.Tensor[] | undefined,
): Promise<Checkpoint> {
  const weights = await saveWeights(model);
  if (!earlyStopping) return { ...at, weights };
  // The best epoch's weights travel only when they are not this epoch's.
  const best =
    bestWeights && earlyStopping.bestSoFar?.epoch !== at.epoch
      ? { bestWeights: await saveWeights(model, bestWeights) }
      : {};
  return { ...at, weights, earlyStopping: earlyStopping.state, ...best };
}

/** Sets a checkpoint's weights on `model`; resolves with the best weights to restore at the end, when `keepBest`. */
function resumeFrom(model: tf.LayersModel, checkpoint: Checkpoint, keepBest: boolean): Result<tf.Tensor[] | undefined> {
  const weights = loadWeights(model, checkpoint.weights);
  if (!weights.ok) return weights;
  model.setWeights(weights.value);
  const bestEpoch = checkpoint.earlyStopping?.best?.epoch;
  if (keepBest && checkpoint.bestWeights) {
    tf.dispose(weights.value);
    return loadWeights(model, checkpoint.bestWeights);
  }
  // Best weights omitted from a checkpoint are its own: keep the tensors just set as them.
  if (keepBest && bestEpoch === checkpoint.epoch) return weights;
  tf.dispose(weights.value);
  return { ok: true, value: undefined };
}

function divergedAt({ loss, batch }: Divergence, epoch: number, learningRate: number, clipNorm: number): Result<never> {
  return { ok: false, error: divergenceMessage(loss, epoch, batch, learningRate, clipNorm) };
}

/**
 * What the person reads when the loss stops being finite: where, the likely cause (steps too large
 * for the loss surface), and what to change.
 */
function divergenceMessage(loss: number, epoch: number, batch: number, learningRate: number, clipNorm: number): string {
  const clipping =
    clipNorm > 0
      ? `or lower the gradient clipping norm (it is ${clipNorm})`
      : 'or turn on gradient clipping (a clip norm of 1 suits most models)';
  return (
    `Training diverged: the loss became ${loss} at epoch ${epoch + 1}, batch ${batch + 1}. ` +
    `The likely cause is a learning rate too large for this model (it is ${learningRate}): the updates overshoot until the numbers overflow. ` +
    `Lower the learning rate (try ${Math.min(learningRate / 10, 0.01)}), ${clipping}, and check that the inputs are scaled.`
  );
}

/** Restores the best epoch's weights (Keras's restore_best_weights) and says so. */
function withRestoredWeights(
  note: string,
  model: tf.LayersModel,
  best: tf.Tensor[] | undefined,
  rule: EarlyStopping,
  settings: TrainSettings,
): string {
  const bestEpoch = rule.bestSoFar;
  if (!best || !bestEpoch) return note;
  model.setWeights(best);
  return `${note} Kept the weights of epoch ${bestEpoch.epoch + 1} (${settings.earlyStoppingMetric} ${bestEpoch.value.toPrecision(3)}).`.trim();
}

export function createOptimizer(settings: TrainSettings): tf.Optimizer {
  const lr = settings.learningRate;
  switch (settings.optimizer) {
    case 'adam':
    case 'adamw':
      // tf.train.adam's defaults; one fused kernel per weight where the backend has it, the same numbers.
      return new FusedAdamOptimizer(lr, 0.9, 0.999);
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, settings.momentum, settings.nesterov);
    case 'rmsprop':
      return tf.train.rmsprop(lr);
    case 'adagrad':
      return tf.train.adagrad(lr);
  }
}

/**
 * Frees the optimiser's slots (Adam's moments), which are its user's to free. tfjs 4.22's momentum
 * optimiser forgets the −lr scalar it inherits from SGD (disposing a tensor twice is harmless).
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  (optimizer as unknown as { c?: tf.Tensor }).c?.dispose();
}

/** SGD-family optimisers cache −lr in a scalar; the others read the field on every step. */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  const settable = optimizer as unknown as { setLearningRate?: (lr: number) => void; learningRate: number };
  if (settable.setLearningRate) settable.setLearningRate(learningRate);
  else settable.learningRate = learningRate;
}

/**
 * AdamW's decoupled weight decay (Loshchilov & Hutter): after the Adam step, w ← w − lr·λ·w for
 * kernels only; biases and normalisation parameters are not decayed.
 */
export function decayWeights(model: tf.LayersModel, rate: number): void {
  if (rate === 0) return;
  for (const weight of model.trainableWeights) {
    if (!weight.name.includes('kernel')) continue;
    // The variable keeps its own reference to the new values; the product itself is freed.
    tf.tidy(() => void weight.write(weight.read().mul(1 - rate)));
  }
}

/** Per example (or, for Huber, already averaged): the loss, or the metric, of a batch's predictions. */
type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** What a step minimises and what it reports beside the loss. */
export interface Objective {
  readonly loss: LossFn;
  /** Keras's `acc` (categorical or binary) for classification, `mse` for regression. */
  readonly metric: LossFn;
}

/** How one step updates the weights. */
export interface Step {
  readonly objective: Objective;
  readonly optimizer: tf.Optimizer;
  /** The gradients' largest global norm; 0 for no clipping. */
  readonly clipNorm: number;
}

function metricFor(data: DataContext): LossFn {
  if (data.task === 'regression') return tf.metrics.meanSquaredError;
  return data.task === 'multiclass' ? tf.metrics.categoricalAccuracy : tf.metrics.binaryAccuracy;
}

/** What a run with `settings` minimises on `train`: the loss, weighted by class when asked, and the metric. */
export function objectiveFor(data: DataContext, settings: TrainSettings, train: Examples): Objective {
  const classWeights =
    settings.classWeights === 'balanced' && data.task !== 'regression'
      ? balancedClassWeights(train.y, data.task === 'binary' ? 2 : data.labels.length)
      : undefined;
  return { loss: lossFor(data, settings, classWeights), metric: metricFor(data) };
}

/**
 * Cross-entropy for classification (with optional label smoothing, applied inside the loss so
 * accuracy still compares against the true labels, and optional class weights, which scale each
 * example's loss by its true class's weight), the chosen loss for regression.
 */
export function lossFor(data: DataContext, settings: TrainSettings, classWeights?: Float32Array): LossFn {
  if (data.task === 'regression') {
    if (settings.regressionLoss === 'huber') return (yTrue, yPred) => tf.losses.huberLoss(yTrue, yPred);
    return settings.regressionLoss === 'mae' ? tf.metrics.meanAbsoluteError : tf.metrics.meanSquaredError;
  }
  const crossEntropy = data.task === 'multiclass' ? categoricalCrossentropy : tf.metrics.binaryCrossentropy;
  const epsilon = settings.labelSmoothing;
  if (epsilon === 0 && !classWeights) return crossEntropy;
  const classes = data.task === 'multiclass' ? data.labels.length : 2;
  return (yTrue, yPred) =>
    tf.tidy(() => {
      const perExample = crossEntropy(epsilon === 0 ? yTrue : yTrue.mul(1 - epsilon).add(epsilon / classes), yPred);
      if (!classWeights) return perExample;
      // Multiclass targets are one-hot: the dot with the weights picks the true class's; binary ones are 0 or 1.
      const weights =
        data.task === 'multiclass'
          ? yTrue.mul(tf.tensor1d(classWeights)).sum(-1)
          : yTrue
              .reshape([-1])
              .mul(classWeights[1]! - classWeights[0]!)
              .add(classWeights[0]!);
      return perExample.mul(weights);
    });
}

/** A training batch's tensors, made before its step: its inputs as `augment` transformed them, and its targets. */
export interface Batch {
  readonly rows: Uint32Array;
  readonly x: tf.Tensor;
  readonly y: tf.Tensor;
}

export function prepareBatch(
  data: DataContext,
  examples: Examples,
  rows: Uint32Array,
  augment?: (x: tf.Tensor) => tf.Tensor,
  teacherOutputs?: Float32Array,
): Batch {
  const [x, y] = batchTensors(data, examples, rows, teacherOutputs);
  if (!augment) return { rows, x, y };
  let augmented: tf.Tensor;
  try {
    augmented = augment(x);
  } catch (error) {
    tf.dispose([x, y]);
    throw error;
  }
  if (augmented !== x) x.dispose();
  return { rows, x: augmented, y };
}

/**
 * The step `trainOnBatch` takes, written out so the gradients can be clipped: the batch's mean
 * loss plus every layer's penalties (L1/L2) is differentiated with respect to the trainable
 * weights, the gradients are clipped to `clipNorm` (0: not at all) and the optimiser applies them.
 * Returns [loss, metric], which the caller disposes; nothing else outlives the step.
 */
export function trainStep(
  model: tf.LayersModel,
  { objective, optimizer, clipNorm }: Step,
  x: tf.Tensor,
  y: tf.Tensor,
): tf.Scalar[] {
  return tf.tidy(() => {
    let yPred: tf.Tensor | undefined;
    const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => {
      // Kept past the gradient's own scope, which frees everything f makes but its result, so
      // the metric is computed off the tape: it needs no gradient.
      yPred = tf.keep(model.apply(x, { training: true }) as tf.Tensor);
      const penalties = model.calculateLosses();
      const loss = tf.mean(objective.loss(y, yPred));
      return (penalties.length > 0 ? tf.addN([loss, ...penalties]) : loss) as tf.Scalar;
    }, weights);
    const metric = tf.mean(objective.metric(y, yPred!)) as tf.Scalar;
    yPred!.dispose();
    optimizer.applyGradients(clipNorm > 0 ? clipByGlobalNorm(grads, clipNorm) : grads);
    return [value, metric];
  });
}

/**
 * Scales every gradient by clipNorm / ‖g‖ when the global norm ‖g‖ (over all of them together)
 * exceeds clipNorm, so the step keeps its direction (Keras's `global_clipnorm`). Call in a tidy.
 */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, clipNorm: number): tf.NamedTensorMap {
  const names = Object.keys(grads);
  const norm = tf.sqrt(tf.addN(names.map((name) => tf.sum(tf.square(grads[name]!)))));
  // 1 while the norm is within bounds.
  const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
  return Object.fromEntries(names.map((name) => [name, tf.mul(grads[name]!, scale)]));
}

/**
 * [val_loss, val_metric] over all examples, batch by batch so the worker stays responsive. As in
 * Keras, val_loss includes the layers' penalties, so it compares with the training loss.
 */
async function evaluate(
  model: tf.LayersModel,
  objective: Objective,
  data: DataContext,
  examples: Examples,
  batchSize: number,
): Promise<[number, number]> {
  // Larger than a training batch: no gradients are kept, and fewer round trips are cheaper.
  const chunk = Math.max(batchSize, 1024);
  let lossSum = 0;
  let metricSum = 0;
  for (let start = 0; start < examples.count; start += chunk) {
    const rows = Uint32Array.from({ length: Math.min(chunk, examples.count - start) }, (_, i) => start + i);
    const [x, y] = batchTensors(data, examples, rows);
    const scalars = tf.tidy(() => {
      const yPred = model.predict(x) as tf.Tensor;
      return [tf.mean(objective.loss(y, yPred)), tf.mean(objective.metric(y, yPred))];
    });
    try {
      const [loss, metricValue] = await Promise.all(scalars.map(async (s) => (await s.data())[0]!));
      lossSum += loss! * rows.length;
      metricSum += metricValue! * rows.length;
    } finally {
      tf.dispose([x, y, ...scalars]);
    }
    await yieldToEventLoop();
  }
  const penalty = tf.tidy(() => tf.addN([tf.scalar(0), ...model.calculateLosses()]));
  const penaltyValue = (await penalty.data())[0]!;
  penalty.dispose();
  return [lossSum / examples.count + penaltyValue, metricSum / examples.count];
}

/**
 * The rows as tensors: x shaped [n, ...inputShape]; y one-hot for multiclass, [n, 1] otherwise,
 * followed on its last axis by the rows' `teacherOutputs` when given (distillationTargets).
 */
function batchTensors(
  data: DataContext,
  examples: Examples,
  rows: Uint32Array,
  teacherOutputs?: Float32Array,
): [tf.Tensor, tf.Tensor] {
  const size = data.inputShape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(rows.length * size);
  const y = new Float32Array(rows.length);
  rows.forEach((row, i) => {
    x.set(examples.x.subarray(row * size, (row + 1) * size), i * size);
    y[i] = examples.y[row]!;
  });
  const xs = tf.tensor(x, [rows.length, ...data.inputShape]);
  const ys =
    data.task === 'multiclass'
      ? tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), data.labels.length).cast('float32'))
      : tf.tensor2d(y, [rows.length, 1]);
  if (!teacherOutputs) return [xs, ys];
  const width = teacherOutputs.length / examples.count;
  const taught = new Float32Array(rows.length * width);
  rows.forEach((row, i) => taught.set(teacherOutputs.subarray(row * width, (row + 1) * width), i * width));
  const targets = tf.tidy(() => distillationTargets(ys, tf.tensor2d(taught, [rows.length, width])));
  ys.dispose();
  return [xs, targets];
}

/**
 * Lets queued messages (a `stop()` call, a pause) run between batches: on the cpu and wasm
 * backends a batch is synchronous and `await data()` only queues a microtask. At most every
 * YIELD_INTERVAL_MS, so a run of sub-millisecond batches does not spend its time handing over
 * (a yield costs a message round trip, and a new channel cost more); stop and pause still land
 * within that time and a batch. A MessageChannel task, unlike `setTimeout`, is not clamped to
 * ≥ 4 ms when nested.
 */
export function yieldToEventLoop(): Promise<void> {
  const now = performance.now();
  if (now - lastYieldAt < YIELD_INTERVAL_MS) return Promise.resolve();
  lastYieldAt = now;
  if (!yieldChannel) {
    yieldChannel = new MessageChannel();
    yieldChannel.port1.onmessage = () => yieldWaiters.shift()?.();
    // In Node a listening port keeps the process alive; the channel lives for the worker's life.
    (yieldChannel.port1 as unknown as { unref?: () => void }).unref?.();
  }
  const port = yieldChannel.port2;
  return new Promise((resolve) => {
    yieldWaiters.push(resolve);
    port.postMessage(null);
  });
}

const YIELD_INTERVAL_MS = 10;
let lastYieldAt = -Infinity;
let yieldChannel: MessageChannel | undefined;
const yieldWaiters: (() => void)[] = [];
