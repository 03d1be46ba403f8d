/** No pruning: every trial runs all its epochs. */
import type { Pruner, PrunerKind } from './pruner';

export const noPruner: Pruner = { shouldPrune: () => false };

export const none: PrunerKind = {
  id: 'none',
  label: 'no pruning',
  help: 'Every trial trains all its epochs.',
  create: () => noPruner,
  optuna: () => 'optuna.pruners.NopPruner()',
  ray: { scheduler: 'FIFOScheduler', create: () => 'FIFOScheduler()' },
};
