import { createStore } from 'zustand/vanilla';
import { studySlice, type SweepState } from './sweepStore';

/**
 * The finalists' cross-validation once a search has ended: in progress (folds ended of all the finalists'),
 * finished (the comparison is read from the trials' attrs), or skipped or failed with the reason.
 */
export type FinalistsCheck =
  | { readonly status: 'running'; readonly ended: number; readonly folds: number }
  | { readonly status: 'done' }
  | { readonly status: 'skipped' | 'failed'; readonly reason: string };

/**
 * The learning-rate range tests before a search begins: the family being tested (the `index`th of `of`), then
 * the sentences saying which families proposed no rate and why (theirs keep the shared range). The rates
 * found are read from the search's space, so a reload shows them; these sentences last the session.
 */
export type RateFinding =
  | { readonly status: 'running'; readonly family: string; readonly index: number; readonly of: number }
  | { readonly status: 'done'; readonly notFound: readonly string[] };

/**
 * The Auto search in this session: its study (journal and state, as a sweep's, kept apart from the
 * person's sweep). Never undoable, never part of the project (its settings are the project's `auto`).
 */
export interface AutoState extends SweepState {
  /** Why the last change of the settings was refused (they stayed as they were); null after an accepted one. */
  readonly settingsProblem: string | null;
  setSettingsProblem(problem: string | null): void;
  /** Null until a search of this session ends, and after a new one begins or a stored one is restored. */
  readonly finalists: FinalistsCheck | null;
  setFinalists(check: FinalistsCheck): void;
  /** Null until a search of this session starts, and after a stored one is restored. */
  readonly rateFinding: RateFinding | null;
  setRateFinding(finding: RateFinding | null): void;
  /**
   * Why the last step distilled nothing though the limits asked for it (no student fits them, the best's
   * model is no longer kept, Stop); null until then, and after a new search begins or one is restored.
   */
  readonly distilSkipped: string | null;
  setDistilSkipped(reason: string | null): void;
}

export type AutoStore = ReturnType<typeof createAutoStore>;

export function createAutoStore() {
  return createStore<AutoState>()((set, get) => {
    const study = studySlice(set, get);
    return {
      ...study,
      begin: (created) => {
        study.begin(created);
        set({ finalists: null, distilSkipped: null });
      },
      restore: (journal, state) => {
        study.restore(journal, state);
        set({ finalists: null, rateFinding: null, distilSkipped: null });
      },
      rateFinding: null,
      setRateFinding: (finding) => set({ rateFinding: finding }),
      distilSkipped: null,
      setDistilSkipped: (reason) => set({ distilSkipped: reason }),
      finalists: null,
      setFinalists: (check) => set({ finalists: check }),
      settingsProblem: null,
      setSettingsProblem: (problem) => set({ settingsProblem: problem }),
    };
  });
}
