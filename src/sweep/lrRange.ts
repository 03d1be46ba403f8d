/**
 * The learning-rate range test (Smith, "Cyclical learning rates", 2017; as fastai's lr_find): train a few hundred
 * steps with the rate growing exponentially from tiny to large, record the loss at each, and propose the rate
 * where the loss falls fastest. The engine runs the steps; this is the schedule and the reading of the curve.
 */
import type { DataConfig } from '../data/schema';
import { formatValue } from '../model/format';
import type { Graph } from '../model/graph';
import type { Result } from '../model/result';
import type { TrainSettings } from '../model/run';

/** Weight of the past in the loss's moving average: batch losses are noisy, the curve's slope is what matters. */
const SMOOTHING = 0.9;
/** The test stops reading the curve once the smoothed loss exceeds its minimum so far by this factor. */
const DIVERGED = 4;
/**
 * The moving average's first steps, which stand for a batch or two rather than the trend (its memory is
 * 1 / (1 − SMOOTHING) steps): no slope is read from them.
 */
const WARM_UP = Math.round(1 / (1 - SMOOTHING));
/** A curve whose lowest point is within this share of where it started has not fallen: it is flat, bar noise. */
const FLAT = 0.01;

/** Where a range test starts and ends, and in how many steps (one batch each). */
export interface LrRange {
  readonly min: number;
  readonly max: number;
  readonly steps: number;
}

/**
 * Seven decades in 100 steps (fastai's lr_find takes 100 from 1e-7 to 10): wide enough for every optimiser's useful
 * rates, and short, since the loss diverges well before the end for most models and the test stops there.
 */
export const DEFAULT_LR_RANGE: LrRange = { min: 1e-6, max: 10, steps: 100 };

/** A range test on the project as it stands: its graph, data and training settings, as a run with them would train. */
export interface LrRangeRequest {
  readonly graph: Graph;
  readonly data: DataConfig;
  readonly settings: TrainSettings;
  /** DEFAULT_LR_RANGE when absent. */
  readonly range?: LrRange;
}

/** How far a range test has gone: `step` of `steps` batches trained. */
export interface LrRangeProgress {
  readonly step: number;
  readonly steps: number;
}

/** A range test's curve and what it proposes. */
export interface LrRangeResult {
  /** The rates tried, in order: the range's, up to the one at which the loss diverged and the test stopped. */
  readonly rates: readonly number[];
  /** The batch's loss (penalties included) at each rate. */
  readonly losses: readonly number[];
  /** The rate to train at, or the sentence saying why the curve proposes none. */
  readonly proposal: Result<LrProposal>;
}

/** `steps` rates from `min` to `max`, evenly spaced on a log scale. */
export function lrRangeRates(min: number, max: number, steps: number): number[] {
  if (!(min > 0 && max > min && Number.isInteger(steps) && steps >= 2)) {
    throw new RangeError(`lrRangeRates: need 0 < min < max and 2 or more steps, received ${min}, ${max}, ${steps}`);
  }
  const ratio = Math.log(max / min) / (steps - 1);
  return Array.from({ length: steps }, (_, i) => min * Math.exp(ratio * i));
}

export interface LrProposal {
  /**
   * The rate proposed: where the smoothed loss falls fastest against log(rate), to two significant digits (the
   * curve is noisy: more digits would claim a precision it does not have).
   */
  readonly rate: number;
  /** The smoothed loss at each rate read, up to where it diverged. */
  readonly smoothed: readonly number[];
  /** The rate at which the loss diverged (exceeded DIVERGED × its minimum, or stopped being a number), if it did. */
  readonly divergedAt?: number;
}

/** A range test's curve as read: the smoothed loss until it diverged, and where it did. */
export type SmoothedLoss = Omit<LrProposal, 'rate'>;

/**
 * The bias-corrected exponential moving average of `losses` (one per rate in `rates`), read until it diverges: a loss
 * that is not a number, or a smoothed loss above DIVERGED × its minimum so far. The engine stops the test there.
 */
export function smoothedLoss(rates: readonly number[], losses: readonly number[]): SmoothedLoss {
  if (rates.length !== losses.length) throw new RangeError('smoothedLoss: one loss per rate');
  const smoothed: number[] = [];
  let average = 0;
  let lowest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < losses.length; i++) {
    const loss = losses[i]!;
    if (!Number.isFinite(loss)) return { smoothed, divergedAt: rates[i]! };
    average = SMOOTHING * average + (1 - SMOOTHING) * loss;
    const value = average / (1 - SMOOTHING ** (i + 1));
    if (value > DIVERGED * lowest) return { smoothed, divergedAt: rates[i]! };
    smoothed.push(value);
    lowest = Math.min(lowest, value);
  }
  return { smoothed };
}

/**
 * The steps over which the curve's slope is read: half a decade of rates. Between neighbouring steps the
 * batch-to-batch noise outweighs any trend (a regression's squared errors on a few rows differ by tens of
 * per cent), and the moving average alone is noisiest where it starts, so a step-by-step slope proposes
 * the first wobble at the tiniest rates.
 */
function slopeSpan(rates: readonly number[]): number {
  if (rates.length < 2) return 1;
  return Math.max(1, Math.round(Math.log(Math.sqrt(10)) / Math.log(rates[1]! / rates[0]!)));
}

/**
 * Reads a range test's curve: `losses[i]` was the batch loss at `rates[i]`, rates increasing. The smoothed loss
 * is read until it diverges (`smoothedLoss`); the proposal is the middle of the steepest half-decade of descent
 * before the lowest point. A curve that never falls gets a sentence instead.
 */
export function proposeLearningRate(rates: readonly number[], losses: readonly number[]): Result<LrProposal> {
  const curve = smoothedLoss(rates, losses);
  const { smoothed } = curve;
  const lowest = smoothed.indexOf(Math.min(...smoothed));
  const span = slopeSpan(rates);
  let steepest = -1;
  let steepestSlope = 0;
  // A curve too short to warm up still has its last fall read.
  for (let i = Math.max(span, Math.min(WARM_UP + span, lowest)); i <= lowest; i++) {
    const slope = (smoothed[i]! - smoothed[i - span]!) / Math.log(rates[i]! / rates[i - span]!);
    if (slope < steepestSlope) [steepest, steepestSlope] = [i - Math.floor(span / 2), slope];
  }
  if (steepest < 0 || smoothed[lowest]! > smoothed[0]! * (1 - FLAT)) {
    return {
      ok: false,
      error:
        smoothed.length < 2
          ? 'The loss diverged at the first rates tried: start the range test from a smaller rate.'
          : `The loss did not fall at any rate from ${formatValue(rates[0]!)} to ${formatValue(rates[smoothed.length - 1]!)}: the model may not be able to learn this data as it is, or the range needs to be wider.`,
    };
  }
  return { ok: true, value: { rate: Number(rates[steepest]!.toPrecision(2)), ...curve } };
}
