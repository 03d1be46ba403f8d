import { describe, expect, it } from 'vitest';
import { crossValidationMetric, describeEstimate } from './crossValidation';

describe('describeEstimate', () => {
  it('writes the metric, mean ± sd with the studio’s metric format, and the folds', () => {
    expect(describeEstimate({ metric: 'val_acc', values: [0.95, 0.93, 0.98], mean: 0.953333, sd: 0.0251661 })).toBe(
      'val_acc 0.953 ± 0.0252 over 3 folds',
    );
    expect(crossValidationMetric('regression')).toBe('val_mse');
    expect(crossValidationMetric('binary')).toBe('val_acc');
  });
});
