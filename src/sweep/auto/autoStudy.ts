/**
 * An Auto search as a study: the person's settings (a time budget, limits on size and latency,
 * workers), checked in words, and the sweep settings they become (TPE over Auto's space, ASHA
 * pruning, the task's validation metric, a time budget).
 */
import type { Task } from '../../model/task';
import type { Aim, Objective, SearchSpace, StudyConfig } from '../studyConfig';

/** The budgets offered, in minutes; any other is a custom one. */
export const AUTO_BUDGET_MINUTES = [1, 3, 10, 30] as const;

/** Below this a search trains too few candidates to be worth starting (half a minute). */
export const MIN_AUTO_MINUTES = 0.5;

/** What a candidate may not exceed to be offered; each absent when the person sets none. */
export interface AutoLimits {
  readonly maxParams?: number;
  /** Kilobytes (1,000 bytes, as the studio writes sizes) of the float32 TF.js export. */
  readonly maxKb?: number;
  /** Milliseconds per prediction at batch 1, measured where the candidate trained. */
  readonly maxLatencyMs?: number;
}

export interface AutoSettings {
  readonly minutes: number;
  /** Candidates training at once. */
  readonly parallel: number;
  readonly seed: number;
  readonly limits: AutoLimits;
  readonly aim: Aim;
}

/** Three minutes, one worker per hardware thread but one (as a sweep proposes), seed 42, no limits, the best metric. */
export function defaultAutoSettings(hardwareThreads: number): AutoSettings {
  return { minutes: 3, parallel: Math.max(1, Math.floor(hardwareThreads) - 1), seed: 42, limits: {}, aim: 'metric' };
}

/**
 * How long Auto's last step (distilling the best candidate when the limits ask for it) may train its
 * student beyond the budget: a quarter of it, at least half a minute. A student stopped there keeps
 * what it learnt.
 */
export function distilTimeLimitMs(minutes: number): number {
  return Math.max(30_000, (minutes * 60_000) / 4);
}

const LIMIT_NAMES: Record<keyof AutoLimits, string> = {
  maxParams: 'The parameter limit',
  maxKb: 'The size limit',
  maxLatencyMs: 'The latency limit',
};

/** What is wrong with these settings, in a sentence; undefined when a search can start with them. */
export function autoSettingsProblem(settings: AutoSettings): string | undefined {
  const { minutes, parallel, seed, limits } = settings;
  if (!Number.isFinite(minutes)) return 'Enter the time budget in minutes.';
  if (minutes <= 0) return `The time budget must be above 0 minutes; it is ${minutes}.`;
  if (minutes < MIN_AUTO_MINUTES)
    return `The time budget must be at least ${MIN_AUTO_MINUTES} minutes (30 seconds), or too few candidates train to compare; it is ${minutes}.`;
  if (!Number.isInteger(parallel) || parallel < 1)
    return `At least 1 candidate must train at a time; it is ${String(parallel)}.`;
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1)
    return 'The seed must be a whole number from 0 to 4294967295.';
  for (const key of Object.keys(LIMIT_NAMES) as (keyof AutoLimits)[]) {
    const limit = limits[key];
    if (limit !== undefined && !(Number.isFinite(limit) && limit > 0))
      return `${LIMIT_NAMES[key]} must be above 0, or left empty for none; it is ${String(limit)}.`;
  }
  return undefined;
}

/** The validation metric a search optimises: accuracy for classification, the loss (mean squared error) for regression. */
export function autoObjective(task: Task): Objective {
  return task === 'regression'
    ? { metric: 'val_loss', direction: 'minimize' }
    : { metric: 'val_acc', direction: 'maximize' };
}

/**
 * The study an Auto search runs over `space`: TPE with ASHA pruning, for the settings' minutes, with their aim; with the
 * feature ranking's order the space's `auto.keepFeatures` keeps the top of.
 */
export function autoStudyConfig(
  space: SearchSpace,
  task: Task,
  settings: AutoSettings,
  featureOrder?: readonly string[],
): StudyConfig {
  return {
    ...(featureOrder && { featureOrder }),
    space,
    objective: autoObjective(task),
    sampler: 'tpe',
    pruner: 'asha',
    seed: settings.seed,
    budget: { minutes: settings.minutes },
    parallel: settings.parallel,
    aim: settings.aim,
  };
}
