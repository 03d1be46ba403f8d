import type { StudyConfig } from '../sweep/studyConfig';

/** A small random sweep over the learning rate: three trials, one at a time. */
export const LEARNING_RATE_SWEEP: StudyConfig = {
  space: [{ path: 'training.learningRate', domain: { type: 'float', low: 0.0001, high: 0.1, log: true } }],
  objective: { metric: 'val_loss', direction: 'minimize' },
  sampler: 'random',
  pruner: 'none',
  seed: 1,
  budget: { trials: 3 },
  parallel: 1,
};
