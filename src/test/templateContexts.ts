import type { DataContext } from '../model/task';
import type { TEMPLATES } from '../model/templates';

/** A small data context of each kind a template is made for. */
export const TEMPLATE_CONTEXTS: Record<(typeof TEMPLATES)[number]['dataKind'], DataContext> = {
  tabular: { inputShape: [4], task: 'multiclass', labels: ['a', 'b', 'c'] },
  image: { inputShape: [8, 8, 1], task: 'multiclass', labels: ['0', '1'] },
  text: { inputShape: [6], task: 'multiclass', labels: ['0', '1'], vocabularySize: 20 },
};
