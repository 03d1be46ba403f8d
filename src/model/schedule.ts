/**
 * Learning-rate schedules, per epoch as Keras's LearningRateScheduler applies them: an optional
 * linear warm-up, then constant, step decay, exponential decay or cosine decay (optionally with
 * warm restarts). Pure, so the settings form can draw the planned curve before training.
 */

export const SCHEDULES = ['constant', 'step', 'exponential', 'cosine'] as const;
export type ScheduleKind = (typeof SCHEDULES)[number];

export interface ScheduleConfig {
  readonly learningRate: number;
  readonly schedule: ScheduleKind;
  /** Step decay: multiply by `decayRate` every `decayEvery` epochs. */
  readonly decayEvery: number;
  /** Step decay's factor, and exponential decay's factor per epoch. */
  readonly decayRate: number;
  /** Epochs of linear warm-up from lr/warmup to lr before the schedule starts; 0 for none. */
  readonly warmupEpochs: number;
  /** Cosine: restart from the full rate every this many epochs (SGDR); 0 decays once over the run. */
  readonly cosineRestartEvery: number;
  /** Cosine: the floor the rate decays to. */
  readonly minLearningRate: number;
}

/** The learning rate for `epoch` (0-based) of a run of `epochs`. */
export function learningRateAt(config: ScheduleConfig, epoch: number, epochs: number): number {
  const { learningRate: base, warmupEpochs } = config;
  if (epoch < warmupEpochs) return (base * (epoch + 1)) / (warmupEpochs + 1);
  const t = epoch - warmupEpochs;
  switch (config.schedule) {
    case 'constant':
      return base;
    case 'step':
      return base * config.decayRate ** Math.floor(t / Math.max(1, config.decayEvery));
    case 'exponential':
      return base * config.decayRate ** t;
    case 'cosine': {
      const period = config.cosineRestartEvery > 0 ? config.cosineRestartEvery : Math.max(1, epochs - warmupEpochs);
      const progress = (t % period) / period;
      return config.minLearningRate + 0.5 * (base - config.minLearningRate) * (1 + Math.cos(Math.PI * progress));
    }
  }
}
