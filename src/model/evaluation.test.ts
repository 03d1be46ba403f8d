import { describe, expect, it } from 'vitest';
import {
  classificationEvaluation,
  MAX_CURVE_POINTS,
  MAX_EXAMPLES_PER_CELL,
  MAX_SCATTER_PAIRS,
  regressionEvaluation,
  type RowDescriber,
} from './evaluation';
import { rocCurve } from './metrics';

const SUBJECT = { runId: 'run-1', split: 'validation' } as const;

/** Row r's single feature is "r·10", so a listed example shows where it came from. */
function describer(): RowDescriber & { described: number[] } {
  const described: number[] = [];
  return {
    described,
    columns: ['x'],
    valuesOf: (row) => {
      described.push(row);
      return [String(row * 10)];
    },
  };
}

describe('classificationEvaluation', () => {
  it('binary: the report, the matrix, the positive class’s curves, and every example under its cell', () => {
    // Rows 100…103; probabilities [no, yes]; true: no, yes, yes, no → predicted: no, yes, no, yes.
    const describeRows = describer();
    const evaluation = classificationEvaluation(
      SUBJECT,
      {
        labels: ['no', 'yes'],
        probabilities: [0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.3, 0.7],
        actual: [0, 1, 1, 0],
        rows: [100, 101, 102, 103],
      },
      describeRows,
    );
    expect(evaluation).toMatchObject({ runId: 'run-1', split: 'validation', count: 4, task: 'binary', columns: ['x'] });
    expect(evaluation.confusion).toEqual([
      [1, 1],
      [1, 1],
    ]);
    expect(evaluation.report.accuracy).toBe(0.5);
    expect(evaluation.curves.map((c) => c.label)).toEqual(['yes']);
    // Scores for "yes": 0.1 (−) 0.8 (+) 0.4 (+) 0.7 (−) → pairs (0.8 > 0.1, 0.8 > 0.7, 0.4 > 0.1, 0.4 < 0.7) = 3/4.
    expect(evaluation.rocAuc.value).toBeCloseTo(0.75, 12);
    expect(evaluation.curves[0]!.roc.area.value).toBeCloseTo(0.75, 12);
    expect(evaluation.examples[1]![0]).toEqual([{ row: 102, values: ['1020'], probabilities: [0.6, 0.4] }]);
    expect(evaluation.examples[0]![1]).toEqual([{ row: 103, values: ['1030'], probabilities: [0.3, 0.7] }]);
  });

  it('multiclass: one curve per class; a cell lists at most MAX_EXAMPLES_PER_CELL examples and describes only those', () => {
    const n = MAX_EXAMPLES_PER_CELL + 10;
    // Every example is class 0 and predicted 0, but for one of class 2 predicted as class 1.
    const actual = [...new Array<number>(n).fill(0), 2];
    const probabilities = [...Array.from({ length: n }, () => [0.8, 0.1, 0.1]).flat(), 0.2, 0.5, 0.3];
    const describeRows = describer();
    const evaluation = classificationEvaluation(
      SUBJECT,
      { labels: ['a', 'b', 'c'], probabilities, actual, rows: actual.map((_, i) => i) },
      describeRows,
    );
    expect(evaluation.task).toBe('multiclass');
    expect(evaluation.confusion).toEqual([
      [n, 0, 0],
      [0, 0, 0],
      [0, 1, 0],
    ]);
    expect(evaluation.examples[0]![0]).toHaveLength(MAX_EXAMPLES_PER_CELL);
    expect(evaluation.examples[2]![1]!.map((e) => e.row)).toEqual([n]);
    expect(describeRows.described).toHaveLength(MAX_EXAMPLES_PER_CELL + 1);
    expect(evaluation.curves.map((c) => c.label)).toEqual(['a', 'b', 'c']);
    // Class b has no examples: its AUC is undefined, and the macro AUC averages a and c only.
    expect(evaluation.curves[1]!.roc.area.value).toBeNull();
    const defined = [evaluation.curves[0]!, evaluation.curves[2]!].map((c) => c.roc.area.value!);
    expect(evaluation.rocAuc.value).toBeCloseTo((defined[0]! + defined[1]!) / 2, 12);
  });

  it('thins long curves to MAX_CURVE_POINTS, keeping both ends and the area of the full curve', () => {
    const n = 1000;
    // Distinct scores, alternating classes: ~n ROC points before thinning.
    const probabilities = Array.from({ length: n }, (_, i) => [1 - i / n, i / n]).flat();
    const actual = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const evaluation = classificationEvaluation(
      SUBJECT,
      { labels: ['no', 'yes'], probabilities, actual, rows: actual.map((_, i) => i) },
      describer(),
    );
    const { roc, pr } = evaluation.curves[0]!;
    expect(roc.points).toHaveLength(MAX_CURVE_POINTS);
    expect(pr.points.length).toBeLessThanOrEqual(MAX_CURVE_POINTS);
    expect(roc.points[0]).toEqual({ x: 0, y: 0 });
    expect(roc.points.at(-1)).toEqual({ x: 1, y: 1 });
    const full = rocCurve(
      probabilities.filter((_, j) => j % 2 === 1),
      actual.map((c) => c === 1),
    );
    expect(full.points.length).toBeGreaterThan(MAX_CURVE_POINTS);
    expect(roc.area).toEqual(full.area);
  });
});

describe('regressionEvaluation', () => {
  it('gives the metrics, residuals actual − predicted in bins that hold every example, and (actual, predicted) pairs', () => {
    const evaluation = regressionEvaluation(SUBJECT, 'y', [3, -0.5, 2, 7], [2.5, 0, 2, 8]);
    expect(evaluation).toMatchObject({ task: 'regression', target: 'y', count: 4 });
    expect(evaluation.metrics.mse).toBeCloseTo(0.375, 12);
    expect(evaluation.pairs).toEqual([
      { actual: 3, predicted: 2.5 },
      { actual: -0.5, predicted: 0 },
      { actual: 2, predicted: 2 },
      { actual: 7, predicted: 8 },
    ]);
    // Residuals 0.5 −0.5 0 −1: range −1…0.5 in 5 bins (the minimum) of width 0.3.
    expect(evaluation.residuals).toHaveLength(5);
    expect(evaluation.residuals[0]!.from).toBe(-1);
    expect(evaluation.residuals.at(-1)!.to).toBe(0.5);
    expect(evaluation.residuals.map((b) => b.count)).toEqual([1, 1, 0, 1, 1]);
  });

  it('sends at most MAX_SCATTER_PAIRS pairs and at most 30 bins for a large split', () => {
    const n = 2500;
    const actual = Array.from({ length: n }, (_, i) => i);
    const predicted = actual.map((v) => v + ((v % 7) - 3));
    const evaluation = regressionEvaluation(SUBJECT, 'y', actual, predicted);
    expect(evaluation.pairs).toHaveLength(MAX_SCATTER_PAIRS);
    expect(evaluation.pairs[0]).toEqual({ actual: 0, predicted: -3 });
    expect(evaluation.pairs.at(-1)).toEqual({ actual: n - 1, predicted: n - 1 + (((n - 1) % 7) - 3) });
    expect(evaluation.residuals).toHaveLength(30); // √2500 = 50, capped
    expect(evaluation.residuals.reduce((sum, b) => sum + b.count, 0)).toBe(n);
  });
});
