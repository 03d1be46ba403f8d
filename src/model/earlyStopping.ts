/**
 * Keras's EarlyStopping rule: stop when the monitored metric has not improved by more than
 * `minDelta` for `patience` epochs. Accuracy-like metrics improve upwards, losses downwards.
 */
export interface EarlyStoppingConfig {
  readonly metric: string;
  readonly patience: number;
  readonly minDelta: number;
}

export interface EarlyStoppingVerdict {
  /** This epoch is the best so far (keep its weights). */
  readonly improved: boolean;
  /** Patience has run out: end training after this epoch. */
  readonly stop: boolean;
}

/** Where the rule is after some epochs: enough to go on from there (a run resumed from a checkpoint). */
export interface EarlyStoppingState {
  readonly best?: { readonly epoch: number; readonly value: number };
  /** Epochs since the last improvement. */
  readonly waited: number;
}

export function improvesUpwards(metric: string): boolean {
  return /acc|auc|r2|precision|recall|f1/i.test(metric);
}

export class EarlyStopping {
  private best: number | undefined;
  private bestEpoch = -1;
  private waited = 0;

  constructor(
    private readonly config: EarlyStoppingConfig,
    from?: EarlyStoppingState,
  ) {
    if (!from) return;
    this.waited = from.waited;
    if (from.best) {
      this.best = from.best.value;
      this.bestEpoch = from.best.epoch;
    }
  }

  /** Feeds one epoch's logs; an epoch without the metric (no validation rows) never improves. */
  observe(epoch: number, logs: Readonly<Record<string, number>>): EarlyStoppingVerdict {
    const value = logs[this.config.metric];
    const sign = improvesUpwards(this.config.metric) ? 1 : -1;
    const improved =
      value !== undefined &&
      Number.isFinite(value) &&
      (this.best === undefined || sign * (value - this.best) > this.config.minDelta);
    if (improved) {
      this.best = value;
      this.bestEpoch = epoch;
      this.waited = 0;
    } else {
      this.waited++;
    }
    return { improved, stop: this.waited >= this.config.patience };
  }

  get bestSoFar(): { readonly epoch: number; readonly value: number } | undefined {
    return this.best === undefined ? undefined : { epoch: this.bestEpoch, value: this.best };
  }

  get state(): EarlyStoppingState {
    const best = this.bestSoFar;
    return best ? { best, waited: this.waited } : { waited: this.waited };
  }
}
