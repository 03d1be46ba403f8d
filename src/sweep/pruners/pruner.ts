/** The Pruner contract: whether a running trial should stop early, judged after each report. */
import type { Direction, Trial } from '../study';

export interface Pruner {
  /**
   * Whether to stop `trial` after its latest report. `trials` is every trial of the study, this
   * one included as it stands after the report. Pure: the decision follows from the history alone,
   * so a replayed study judges as it did.
   */
  shouldPrune(trial: Trial, trials: readonly Trial[], direction: Direction): boolean;
}

/** Never prunes: every trial runs all its epochs. */
export const noPruner: Pruner = { shouldPrune: () => false };
