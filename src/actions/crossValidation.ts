/**
 * k-fold cross-validation on a pool of training workers: the project trained once per fold (up to the pool's
 * size at a time), each run validating on its fold of the non-test rows, summarised as mean ± sd.
 */
import type { FoldsMade } from '../data/folds';
import type { CrossValidationEstimate } from '../model/crossValidation';
import type { Project } from '../model/project';
import type { Result } from '../model/result';
import { meanAndSd } from '../model/statistics';
import type { TrialPool } from '../workers/trialPool';

export interface CrossValidateOptions {
  /** Folds asked for (≥ 2); fewer are made when a class is too small, and the estimate says why. */
  readonly folds: number;
  /** The validation metric to estimate, as the training logs name it (val_acc, val_loss …). */
  readonly metric: string;
  /** Aborting stops every fold run after its batch in progress; the estimate then fails with "stopped". */
  readonly signal?: AbortSignal;
  /** Called as each fold run ends, with how many have ended of how many were started. */
  readonly onFoldEnded?: (ended: number, started: number) => void;
}

export const CROSS_VALIDATION_STOPPED = 'Cross-validation was stopped.';

/** One fold run's end: its final metric and the folds made, or why it failed. */
type FoldOutcome = Result<{ readonly value: number; readonly folds: FoldsMade }>;

/**
 * Trains `project` (its graph, data and training settings as they are) once per fold on `pool`. Every fold run
 * makes the same folds from the data's seed, so when fewer than `folds` can be made the runs beyond them fail
 * at once and are left out, and `reduced` says why. Resolves, never rejects: a failed fold fails the estimate
 * with its sentence.
 */
export async function crossValidate(
  pool: TrialPool,
  { graph, data, training }: Pick<Project, 'graph' | 'data' | 'training'>,
  { folds, metric, signal, onFoldEnded }: CrossValidateOptions,
): Promise<Result<CrossValidationEstimate>> {
  if (signal?.aborted) return { ok: false, error: CROSS_VALIDATION_STOPPED };
  const id = crypto.randomUUID();
  let ended = 0;
  const outcomes = await Promise.all(
    Array.from({ length: folds }, (_, index) =>
      foldRun(
        pool,
        { runId: `fold-${id}-${index + 1}`, graph, data, settings: training, fold: { folds, index } },
        metric,
        signal,
      ).then((outcome) => {
        onFoldEnded?.(++ended, folds);
        return outcome;
      }),
    ),
  );
  if (signal?.aborted) return { ok: false, error: CROSS_VALIDATION_STOPPED };
  const made = outcomes.find((outcome) => outcome.ok)?.value.folds;
  // No fold trained: they all failed alike (no data, a class with one row), so the first says why.
  if (made === undefined) return outcomes[0] as Extract<FoldOutcome, { ok: false }>;
  const kept = outcomes.slice(0, made.count);
  const failed = kept.findIndex((outcome) => !outcome.ok);
  if (failed >= 0) {
    const { error } = kept[failed] as Extract<FoldOutcome, { ok: false }>;
    return { ok: false, error: `Fold ${failed + 1} of ${made.count} failed: ${error}` };
  }
  const values = kept.map((outcome) => (outcome.ok ? outcome.value.value : NaN));
  return { ok: true, value: { metric, values, ...meanAndSd(values), ...(made.reduced && { reduced: made.reduced }) } };
}

function foldRun(
  pool: TrialPool,
  request: Parameters<TrialPool['train']>[0],
  metric: string,
  signal: AbortSignal | undefined,
): Promise<FoldOutcome> {
  return new Promise((resolve) => {
    let outcome: FoldOutcome = { ok: false, error: 'The run ended without a word.' };
    const run = pool.train(request, (event) => {
      if (event.type === 'train/done') {
        const value = event.logs[metric];
        outcome =
          value === undefined || event.folds === undefined
            ? { ok: false, error: `The run logged no ${metric}.` }
            : { ok: true, value: { value, folds: event.folds } };
      } else if (event.type === 'train/error') {
        outcome = { ok: false, error: event.message };
      }
    });
    const stop = () => run.stop();
    signal?.addEventListener('abort', stop, { once: true });
    void run.finished
      .then(
        () => resolve(outcome),
        (error: unknown) => resolve({ ok: false, error: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => signal?.removeEventListener('abort', stop));
  });
}
