/** The Pruner contract, and the PrunerKind a pruner is offered as. */
import type { Trial } from '../study';
import type { Direction, PrunerName, StudyConfig } from '../studyConfig';

export interface Pruner {
  /**
   * Whether to stop `trial` after its latest report. `trials` is every trial of the study, this
   * one included as it stands after the report. Pure: the decision follows from the history alone,
   * so a replayed study judges as it did.
   */
  shouldPrune(trial: Trial, trials: readonly Trial[], direction: Direction): boolean;
}

/**
 * Everything the studio knows about a pruner, in one object in one file of this folder, listed
 * in `index.ts`. The Sweep view, the scheduler and the Python export ask it; none of them
 * switches on `id`. It answers for any history (`pruners.test.ts` gives each kind generated ones).
 */
export interface PrunerKind {
  /** Stored in sweep journals and project files (`PRUNERS` in ../configSchema.ts): never rename it. */
  readonly id: PrunerName;
  /** Its name in the Sweep view's Pruner list. */
  readonly label: string;
  /** When it stops a trial, in a sentence or two (the Pruner list's tooltip). */
  readonly help: string;
  /** The pruner a sweep with `config` runs. */
  create(config: StudyConfig): Pruner;
  /** The same rule in Optuna, as a Python expression: the export passes it to `optuna.create_study(pruner=…)`. */
  optuna(config: StudyConfig): string;
  /** Its Ray Tune counterpart, a trial scheduler. */
  readonly ray: {
    /** The class it makes, which the Ray script imports from `ray.tune.schedulers`. */
    readonly scheduler: string;
    /** The expression that makes it; `maxEpochs` is the most epochs a trial can train. */
    create(config: StudyConfig, maxEpochs: number): string;
  };
}
