/**
 * The learning-rate range test (Smith, "Cyclical learning rates", 2017; as fastai's lr_find): train a few hundred
 * steps with the rate growing exponentially from tiny to large, record the loss at each, and propose the rate
 * where the loss falls fastest. The engine runs the steps; this is the schedule and the reading of the curve.
 */
import { formatValue } from '../model/format';
import type { Result } from '../model/result';

/** Weight of the past in the loss's moving average: batch losses are noisy, the curve's slope is what matters. */
const SMOOTHING = 0.9;
/** The test stops reading the curve once the smoothed loss exceeds its minimum so far by this factor. */
const DIVERGED = 4;
/** A curve whose lowest point is within this share of where it started has not fallen: it is flat, bar noise. */
const FLAT = 0.01;

/** `steps` rates from `min` to `max`, evenly spaced on a log scale. */
export function lrRangeRates(min: number, max: number, steps: number): number[] {
  if (!(min > 0 && max > min && Number.isInteger(steps) && steps >= 2)) {
    throw new RangeError(`lrRangeRates: need 0 < min < max and 2 or more steps, received ${min}, ${max}, ${steps}`);
  }
  const ratio = Math.log(max / min) / (steps - 1);
  return Array.from({ length: steps }, (_, i) => min * Math.exp(ratio * i));
}

export interface LrProposal {
  /** The rate proposed: where the smoothed loss falls fastest against log(rate). */
  readonly rate: number;
  /** The smoothed loss at each rate read, up to where it diverged. */
  readonly smoothed: readonly number[];
  /** The rate at which the loss diverged (exceeded DIVERGED × its minimum, or stopped being a number), if it did. */
  readonly divergedAt?: number;
}

/**
 * Reads a range test's curve: `losses[i]` was the batch loss at `rates[i]`, rates increasing. The smoothed loss
 * (a bias-corrected exponential moving average) is read until it diverges; the proposal is the steepest descent
 * before the lowest point. A curve that never falls gets a sentence instead.
 */
export function proposeLearningRate(rates: readonly number[], losses: readonly number[]): Result<LrProposal> {
  if (rates.length !== losses.length) throw new RangeError('proposeLearningRate: one loss per rate');
  const smoothed: number[] = [];
  let average = 0;
  let divergedAt: number | undefined;
  for (let i = 0; i < losses.length; i++) {
    const loss = losses[i]!;
    if (!Number.isFinite(loss)) {
      divergedAt = rates[i];
      break;
    }
    average = SMOOTHING * average + (1 - SMOOTHING) * loss;
    const value = average / (1 - SMOOTHING ** (i + 1));
    if (smoothed.length > 0 && value > DIVERGED * Math.min(...smoothed)) {
      divergedAt = rates[i];
      break;
    }
    smoothed.push(value);
  }
  const lowest = smoothed.indexOf(Math.min(...smoothed));
  let steepest = -1;
  let steepestSlope = 0;
  for (let i = 1; i <= lowest; i++) {
    const slope = (smoothed[i]! - smoothed[i - 1]!) / Math.log(rates[i]! / rates[i - 1]!);
    if (slope < steepestSlope) [steepest, steepestSlope] = [i, slope];
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
  return { ok: true, value: { rate: rates[steepest]!, smoothed, ...(divergedAt !== undefined && { divergedAt }) } };
}
