import { useState } from 'react';
import type { Trial } from '../../sweep/study';

/** The charts of finished trials redraw at most this often; a trial finishing is what changes them. */
export const FINISHED_CHART_INTERVAL_MS = 2000;

/** Each chart redraws this long after the one before it, so that each draws in a task of its own. */
const CHART_STAGGER_MS = 120;

/** The redraw offset of the `index`th chart of the Sweep view. */
export const chartOffsetMs = (index: number): number => index * CHART_STAGGER_MS;

/** A param's name as people read it ("Learning rate", "dense_1 · Units"). */
export type LabelOf = (path: string) => string;

const isDone = (t: Trial) => t.state === 'complete' && t.value !== null;

/**
 * The complete trials (with a value), as the same array until one more completes: the charts
 * drawn from them skip the many epoch reports in between. A complete trial never changes again.
 */
export function useCompleteTrials(trials: readonly Trial[]): readonly Trial[] {
  const [complete, setComplete] = useState<readonly Trial[]>(() => trials.filter(isDone));
  const next = trials.filter(isDone);
  if (next.length !== complete.length || next.some((t, i) => t !== complete[i])) {
    setComplete(next);
    return next;
  }
  return complete;
}
