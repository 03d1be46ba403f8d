/**
 * An Auto search's candidates as its leaderboard reads them: each finished trial with its label,
 * metric, measures (from the trial's attrs) and cross-validated score; which meet the person's
 * limits, and when none do, which come closest; the finalists and whether the best beats the runner-up beyond
 * noise; and the Pareto front of metric against size or latency.
 */
import type { ModelMeasures } from '../../model/measures';
import { meanAndSd } from '../../model/statistics';
import { compareOnFolds, describeComparison } from '../compareOnFolds';
import { paretoFront } from '../pareto';
import type { Params } from '../space';
import { isBetter, type Trial, type TrialAttrs } from '../study';
import type { Direction } from '../studyConfig';
import type { AutoLimits } from './autoStudy';

/** What a candidate's run measured when it ended (`train/done`), recorded as its trial's attrs under these names. */
export type CandidateMeasures = Pick<ModelMeasures, 'params' | 'float32Bytes' | 'uint8Bytes' | 'latencyMs'>;

/** A finalist's k-fold cross-validation, recorded as attrs: the score per fold, and why k was reduced (if it was). */
export interface CandidateFolds {
  readonly cvFolds: readonly number[];
  readonly cvNote?: string;
}

export interface Candidate {
  readonly trial: Trial;
  readonly label: string;
  readonly measures: Partial<CandidateMeasures>;
  /** Mean and sample standard deviation over the folds, once cross-validated. */
  readonly cv?: {
    readonly mean: number;
    readonly sd: number;
    readonly folds: readonly number[];
    readonly note?: string;
  };
  /** How long it trained; null while it runs. */
  readonly ms: number | null;
}

const numberAttr = (attrs: TrialAttrs | undefined, key: string): number | undefined => {
  const value = attrs?.[key];
  return typeof value === 'number' ? value : undefined;
};

function foldsOf(attrs: TrialAttrs | undefined): Candidate['cv'] {
  const folds = attrs?.cvFolds;
  if (!Array.isArray(folds) || folds.length < 2) return undefined;
  const { mean, sd } = meanAndSd(folds);
  const note = attrs?.cvNote;
  return { mean, sd, folds, ...(typeof note === 'string' ? { note } : {}) };
}

const MEASURE_KEYS = ['params', 'float32Bytes', 'uint8Bytes', 'latencyMs'] as const;

/**
 * Every trial as a candidate: complete ones best first (by their metric; among equals, the one with
 * fewer parameters, the smaller model to ship), then those still running, then the pruned and failed,
 * each group by trial number.
 */
export function candidates(
  trials: readonly Trial[],
  direction: Direction,
  labelOf: (params: Params) => string,
): Candidate[] {
  const rank = (t: Trial) => (t.state === 'complete' ? 0 : t.state === 'running' || t.state === 'waiting' ? 1 : 2);
  return [...trials]
    .sort((a, b) => {
      if (rank(a) !== rank(b)) return rank(a) - rank(b);
      if (rank(a) === 0 && a.value !== b.value) return isBetter(a.value!, b.value!, direction) ? -1 : 1;
      const size = (t: Trial) => numberAttr(t.attrs, 'params') ?? Infinity;
      if (rank(a) === 0 && size(a) !== size(b)) return size(a) - size(b);
      return a.number - b.number;
    })
    .map((trial) => {
      const measures = Object.fromEntries(
        MEASURE_KEYS.flatMap((key) => {
          const value = numberAttr(trial.attrs, key);
          return value === undefined ? [] : [[key, value]];
        }),
      ) as Partial<CandidateMeasures>;
      const cv = foldsOf(trial.attrs);
      return {
        trial,
        label: labelOf(trial.params),
        measures,
        ...(cv ? { cv } : {}),
        ms: trial.endedAt === null ? null : trial.endedAt - trial.startedAt,
      };
    });
}

/** Each limit, the measure it bounds, and the measure's units in one of the limit's (a kB is 1,000 bytes, as formatBytes writes sizes). */
const LIMITED: readonly {
  readonly limit: keyof AutoLimits;
  readonly measure: keyof CandidateMeasures;
  readonly per: number;
}[] = [
  { limit: 'maxParams', measure: 'params', per: 1 },
  { limit: 'maxKb', measure: 'float32Bytes', per: 1000 },
  { limit: 'maxLatencyMs', measure: 'latencyMs', per: 1 },
];

/**
 * How far a candidate is beyond the limits: the sum, over the limits set, of how much its measure
 * exceeds each as a share of it (0.5: half as large again); 0 when it meets them all. A measure not
 * taken counts as beyond the limit by 1 (it cannot be shown to meet it).
 */
export function excess(candidate: Candidate, limits: AutoLimits): number {
  return LIMITED.reduce((total, { limit, measure, per }) => {
    const bound = limits[limit];
    if (bound === undefined) return total;
    const value = candidate.measures[measure];
    return total + (value === undefined ? 1 : Math.max(0, value / per / bound - 1));
  }, 0);
}

export const hasLimits = (limits: AutoLimits): boolean => LIMITED.some(({ limit }) => limits[limit] !== undefined);

/** How many of the nearest candidates are shown when none meets the limits. */
export const CLOSEST_SHOWN = 3;

/**
 * The complete candidates that meet the limits, in the order given; when none does (and some are
 * complete), `closest` holds those that miss them by least.
 */
export function applyLimits(
  list: readonly Candidate[],
  limits: AutoLimits,
): { readonly meeting: Candidate[]; readonly closest: Candidate[] } {
  const complete = list.filter((c) => c.trial.state === 'complete');
  const meeting = complete.filter((c) => excess(c, limits) === 0);
  const closest =
    meeting.length > 0 || complete.length === 0
      ? []
      : [...complete].sort((a, b) => excess(a, limits) - excess(b, limits)).slice(0, CLOSEST_SHOWN);
  return { meeting, closest };
}

/**
 * How far below the best candidate's metric one that meets the limits may score for Auto to offer it
 * rather than distil the best into a student that meets them: 1 % of the best's value, about the
 * noise of a validation split of a few hundred rows.
 */
export const DISTILL_TOLERANCE = 0.01;

/**
 * Auto's last step: the candidate to distil into a student that meets the limits, or undefined when
 * none is needed: no limits or no finished candidate, the best meets the limits, or one that meets
 * them scores within DISTILL_TOLERANCE of it. `list` is ranked as `candidates` ranks it.
 */
export function teacherToDistil(list: readonly Candidate[], limits: AutoLimits): Candidate | undefined {
  const best = list.find((c) => c.trial.state === 'complete' && !c.trial.followUp);
  if (!best || !hasLimits(limits) || excess(best, limits) === 0) return undefined;
  const bar = DISTILL_TOLERANCE * Math.abs(best.trial.value!);
  const closeEnough = applyLimits(list, limits).meeting.some(
    (c) => Math.abs(c.trial.value! - best.trial.value!) <= bar,
  );
  return closeEnough ? undefined : best;
}

/** Bytes per parameter in a float32 export: the weights' share of it, model.json aside. */
const FLOAT32_BYTES = 4;

/**
 * The most parameters a student may have to meet `limits`: the parameter limit, or as many float32
 * weights as the size limit holds, whichever is less. Undefined when neither is set: latency cannot be
 * told before a model is measured, so a student for it alone is narrowed by the usual share.
 */
export function studentParamLimit(limits: AutoLimits): number | undefined {
  const bounds = [
    limits.maxParams,
    limits.maxKb === undefined ? undefined : Math.floor((limits.maxKb * 1000) / FLOAT32_BYTES),
  ].filter((bound) => bound !== undefined);
  return bounds.length > 0 ? Math.min(...bounds) : undefined;
}

/** How many finalists are cross-validated once a search ends: the best and the runner-up, to compare. */
export const FINALIST_COUNT = 2;

/**
 * The best complete candidates of `list` (ranked as `candidates` ranks them): among those meeting the limits when some do.
 * The search's own: a follow-up (the distilled student) comes after the finalists were cross-validated.
 */
export function finalists(list: readonly Candidate[], limits: AutoLimits): Candidate[] {
  const searched = list.filter((c) => !c.trial.followUp);
  const { meeting } = applyLimits(searched, limits);
  const eligible = meeting.length > 0 ? meeting : searched.filter((c) => c.trial.state === 'complete');
  return eligible.slice(0, FINALIST_COUNT);
}

/**
 * Whether `best` beats `runnerUp` beyond noise, in a sentence, from their scores on the same folds; undefined
 * until both are cross-validated on as many folds. A difference under 1 % of the best's mean (at least 0.01,
 * a point of accuracy) counts as none in practice.
 */
export function compareFinalists(
  best: Candidate,
  runnerUp: Candidate,
  { metric, direction }: { readonly metric: string; readonly direction: Direction },
): string | undefined {
  if (!best.cv || !runnerUp.cv || best.cv.folds.length !== runnerUp.cv.folds.length) return undefined;
  // Two significant digits: the band is a judgement, and the sentence quotes it.
  const rope = Number((0.01 * Math.max(1, Math.abs(best.cv.mean))).toPrecision(2));
  const comparison = compareOnFolds(best.cv.folds, runnerUp.cv.folds, {
    rope,
    higherIsBetter: direction === 'maximize',
  });
  const name = (c: Candidate) => `${c.label} (candidate ${c.trial.number})`;
  return describeComparison(comparison, { first: name(best), second: name(runnerUp) }, { rope, metric });
}

/** Which cost the Pareto chart sets the metric against. */
export type CostAxis = 'size' | 'latency';

export const COST_MEASURE: Record<CostAxis, keyof CandidateMeasures> = { size: 'float32Bytes', latency: 'latencyMs' };

/** The candidates (complete, with the measure) no other beats on both the metric and the cost; in cost order. */
export function costFront(list: readonly Candidate[], axis: CostAxis, direction: Direction): Candidate[] {
  const measure = COST_MEASURE[axis];
  const measured = list.filter((c) => c.trial.state === 'complete' && c.measures[measure] !== undefined);
  return paretoFront(measured, [
    { value: (c) => c.trial.value!, goal: direction === 'maximize' ? 'max' : 'min' },
    { value: (c) => c.measures[measure]!, goal: 'min' },
  ])
    .map((i) => measured[i]!)
    .sort((a, b) => a.measures[measure]! - b.measures[measure]!);
}
