/**
 * A sweep's settings (what to search, for which objective, with which sampler and pruner, for how
 * long) and the search space they hold: the types that the project document, the journal, the
 * samplers and the Sweep view share. Here, apart from space.ts and study.ts, so that
 * model/project.ts names them without importing the sweep's code, which imports the project.
 */
import type { AIMS, PRUNERS, SAMPLERS } from './configSchema';

export type ParamValue = number | string | boolean;

/**
 * A range of numbers. `log` searches the logarithm uniformly (both ends positive); `step`
 * keeps values on low + k·step (ints always have one, 1 when omitted; a log range has none
 * but an int's 1).
 */
export interface FloatDomain {
  readonly type: 'float';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step?: number;
}

export interface IntDomain {
  readonly type: 'int';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number;
}

export interface CategoricalDomain {
  readonly type: 'categorical';
  readonly choices: readonly ParamValue[];
}

export type Domain = FloatDomain | IntDomain | CategoricalDomain;

/** A param searched only while another took one of some values (a model family's knobs). */
export interface Condition {
  /** A param earlier in the space. */
  readonly path: string;
  readonly values: readonly ParamValue[];
}

export interface SearchParam {
  readonly path: string;
  readonly domain: Domain;
  /** Absent: always searched. Present: only while the param at `when.path` is active and took one of `when.values`. */
  readonly when?: Condition;
}

/**
 * Parameters in a fixed order: samplers and journals rely on it. A conditional param comes after
 * the param its condition names (`conditionProblems` in conditions.ts says so otherwise).
 */
export type SearchSpace = readonly SearchParam[];

export type Direction = 'minimize' | 'maximize';

/** The validation metric a sweep optimises, as the training logs name it (val_loss, val_acc …). */
export interface Objective {
  readonly metric: string;
  readonly direction: Direction;
}

export type SamplerName = (typeof SAMPLERS)[number];
export type PrunerName = (typeof PRUNERS)[number];

/** What the budget is spent on: the single best metric, or the front of metric against size (Auto's choice). */
export type Aim = (typeof AIMS)[number];

/** When the sweep stops asking for trials: whichever comes first; at least one is set. */
export interface Budget {
  readonly trials?: number;
  /** Active time (paused time does not count), in minutes. */
  readonly minutes?: number;
}

export interface StudyConfig {
  readonly space: SearchSpace;
  readonly objective: Objective;
  readonly sampler: SamplerName;
  readonly pruner: PrunerName;
  readonly seed: number;
  readonly budget: Budget;
  /** Trials in flight at once. */
  readonly parallel: number;
  /**
   * Auto only: the data report's feature ranking when the search started, most important column first;
   * `auto.keepFeatures` keeps the top k of them. Kept here so a resumed search keeps the same columns.
   */
  readonly featureOrder?: readonly string[];
  /**
   * 'trade-off': ASHA promotes the trials on or near the front of the metric against each trial's
   * parameter count, which whoever runs the study supplies (Auto does). Absent: 'metric'.
   */
  readonly aim?: Aim;
}
