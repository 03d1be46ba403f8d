/**
 * What an Auto search keeps of each candidate beyond its measures, as its trial's attrs: its curves
 * (every epoch's logs, so the view can draw them and a used candidate's run has them) and the key
 * of its trained model's files in storage (kept for the best few only, so storage stays bounded).
 */
import type { EpochLogs, FinishedEpoch } from '../../model/run';
import type { Trial, TrialAttrs } from '../study';
import type { AutoLimits } from './autoStudy';
import { applyLimits, type Candidate } from './leaderboard';

/** Each logged metric's values by epoch are one attr, named after it: `curve.val_loss`. */
const CURVE_PREFIX = 'curve.';

/** The attr naming where the candidate's trained model is kept (storage's run weights, under this key). */
export const MODEL_KEY_ATTR = 'modelKey';

/** How many of the best candidates keep their trained model; the rest are trained again when used. */
export const KEPT_CANDIDATE_MODELS = 10;

/**
 * A run's epochs as attrs, one list of values per metric. Only metrics every epoch logged as a number:
 * the journal's schema holds no gaps and no NaN.
 */
export function curveAttrs(history: readonly FinishedEpoch[]): TrialAttrs {
  const names = [...new Set(history.flatMap(({ logs }) => Object.keys(logs)))].filter((name) =>
    history.every(({ logs }) => logs[name] !== undefined && !Number.isNaN(logs[name])),
  );
  return Object.fromEntries(names.map((name) => [`${CURVE_PREFIX}${name}`, history.map(({ logs }) => logs[name]!)]));
}

/**
 * A candidate's epochs as its run logged them, from its curve attrs; a trial journalled before they
 * were recorded has only its objective (`metric`) per epoch, from its reports.
 */
export function candidateHistory(trial: Trial, metric: string): FinishedEpoch[] {
  const curves = Object.entries(trial.attrs ?? {}).flatMap(([key, values]) =>
    key.startsWith(CURVE_PREFIX) && Array.isArray(values) ? [[key.slice(CURVE_PREFIX.length), values] as const] : [],
  );
  if (curves.length === 0)
    return trial.intermediate.map(({ step, value }) => ({ epoch: step - 1, logs: { [metric]: value } }));
  const epochs = Math.min(...curves.map(([, values]) => values.length));
  return Array.from({ length: epochs }, (_, epoch) => ({
    epoch,
    logs: Object.fromEntries(curves.map(([name, values]) => [name, values[epoch] as number])) as EpochLogs,
  }));
}

/** Where the candidate's trained model is kept, when it was. */
export function candidateModelKey(trial: Trial): string | undefined {
  const key = trial.attrs?.[MODEL_KEY_ATTR];
  return typeof key === 'string' ? key : undefined;
}

/**
 * The candidates whose trained models stay kept: the `count` best complete ones, and the `count` best of
 * those meeting the limits (what the leaderboard offers first either way); `list` ranked as `candidates` ranks.
 */
export function candidatesKeepingModels(
  list: readonly Candidate[],
  limits: AutoLimits,
  count = KEPT_CANDIDATE_MODELS,
): Set<number> {
  const complete = list.filter((c) => c.trial.state === 'complete');
  const { meeting } = applyLimits(list, limits);
  return new Set([...complete.slice(0, count), ...meeting.slice(0, count)].map((c) => c.trial.number));
}

/**
 * The kept models' keys of the complete candidates that no longer earn a place among those keeping theirs.
 * A trial not yet complete keeps its model: it records the key just before it completes.
 */
export function modelKeysToDrop(list: readonly Candidate[], limits: AutoLimits): string[] {
  const keeping = candidatesKeepingModels(list, limits);
  return list.flatMap(({ trial }) => {
    const key = candidateModelKey(trial);
    return key !== undefined && trial.state === 'complete' && !keeping.has(trial.number) ? [key] : [];
  });
}
