/**
 * Every metric against values worked out by hand; the arithmetic is in the comments so that a
 * reader can check it without running anything. Where scikit-learn documents the same example,
 * it agrees (its docs' roc_auc_score, average_precision_score and r2_score examples).
 */
import { describe, expect, it } from 'vitest';
import {
  argmaxRows,
  classificationReport,
  confusionMatrix,
  histogram,
  macroArea,
  oneVsRestCurves,
  precisionRecallCurve,
  regressionMetrics,
  rocCurve,
  thinEvenly,
  type Curve,
} from './metrics';

const areaOf = (curve: Curve): number | null => curve.area.value;

describe('argmaxRows', () => {
  it('picks the most probable class per row, the lowest index on a tie (as tf.argMax)', () => {
    const probabilities = [0.2, 0.5, 0.3, /**/ 0.4, 0.4, 0.2, /**/ 0.1, 0.1, 0.8];
    expect([...argmaxRows(probabilities, 3)]).toEqual([1, 0, 2]);
  });
});

describe('confusionMatrix', () => {
  it('counts [actual][predicted] pairs', () => {
    // pairs: (0,0) (0,1) (1,1) (1,1) (2,2) (2,0) (2,2)
    expect(confusionMatrix([0, 0, 1, 1, 2, 2, 2], [0, 1, 1, 1, 2, 0, 2], 3)).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 2],
    ]);
  });

  it('refuses a class index out of range or arrays of different lengths', () => {
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(RangeError);
    expect(() => confusionMatrix([0, 1], [0, -1], 3)).toThrow(RangeError);
    expect(() => confusionMatrix([0, 1], [0], 3)).toThrow(RangeError);
  });
});

describe('classificationReport', () => {
  const matrix = [
    [1, 1, 0],
    [0, 2, 0],
    [1, 0, 2],
  ];
  const report = classificationReport(matrix, ['a', 'b', 'c']);

  it('accuracy = trace / total', () => {
    expect(report.accuracy).toBeCloseTo(5 / 7, 12); // (1 + 2 + 2) / 7
  });

  it('per class: precision over the column, recall over the row, F1 their harmonic mean', () => {
    // a: TP 1, column 1+0+1 = 2, row 1+1+0 = 2 → P 1/2, R 1/2, F1 1/2
    // b: TP 2, column 1+2+0 = 3, row 2       → P 2/3, R 1,   F1 2·(2/3)·1 / (5/3) = 4/5
    // c: TP 2, column 2,         row 1+0+2 = 3 → P 1, R 2/3, F1 4/5
    const expected = [
      { label: 'a', precision: 1 / 2, recall: 1 / 2, f1: 1 / 2, support: 2, predicted: 2 },
      { label: 'b', precision: 2 / 3, recall: 1, f1: 4 / 5, support: 2, predicted: 3 },
      { label: 'c', precision: 1, recall: 2 / 3, f1: 4 / 5, support: 3, predicted: 2 },
    ];
    report.perClass.forEach((metrics, c) => {
      const want = expected[c]!;
      expect(metrics.label).toBe(want.label);
      expect(metrics.support).toBe(want.support);
      expect(metrics.predicted).toBe(want.predicted);
      expect(metrics.precision).toBeCloseTo(want.precision, 12);
      expect(metrics.recall).toBeCloseTo(want.recall, 12);
      expect(metrics.f1).toBeCloseTo(want.f1, 12);
    });
  });

  it('macro averages are plain means of the per-class values', () => {
    expect(report.macro.precision).toBeCloseTo(13 / 18, 12); // (1/2 + 2/3 + 1) / 3
    expect(report.macro.recall).toBeCloseTo(13 / 18, 12); // (1/2 + 1 + 2/3) / 3
    expect(report.macro.f1).toBeCloseTo(0.7, 12); // (1/2 + 4/5 + 4/5) / 3
  });

  it('weighted averages weigh each class by its support (2, 2, 3 of 7)', () => {
    expect(report.weighted.precision).toBeCloseTo(16 / 21, 12); // (2·1/2 + 2·2/3 + 3·1) / 7
    expect(report.weighted.recall).toBeCloseTo(5 / 7, 12); // (2·1/2 + 2·1 + 3·2/3) / 7 — always equals accuracy
    expect(report.weighted.f1).toBeCloseTo(5 / 7, 12); // (2·1/2 + 2·4/5 + 3·4/5) / 7
  });

  it('a class never predicted has precision 0 by convention (and F1 0), not NaN', () => {
    // y is never predicted: column y sums to 0.
    const [x, y] = classificationReport(
      [
        [2, 0],
        [1, 0],
      ],
      ['x', 'y'],
    ).perClass;
    expect(y).toEqual({ label: 'y', precision: 0, recall: 0, f1: 0, support: 1, predicted: 0 });
    expect(x!.precision).toBeCloseTo(2 / 3, 12);
    expect(x!.recall).toBe(1);
    expect(x!.f1).toBeCloseTo(0.8, 12); // 2 · (2/3) · 1 / (5/3)
  });

  it('a class without examples has recall 0 by the same convention, and still counts in the macro mean', () => {
    const report = classificationReport(
      [
        [1, 1],
        [0, 0],
      ],
      ['x', 'y'],
    );
    expect(report.perClass[1]).toEqual({ label: 'y', precision: 0, recall: 0, f1: 0, support: 0, predicted: 1 });
    expect(report.macro.recall).toBeCloseTo(0.25, 12); // (1/2 + 0) / 2
    expect(report.weighted.recall).toBeCloseTo(0.5, 12); // only x has support
  });

  it('refuses an empty matrix or one that does not match the labels', () => {
    expect(() =>
      classificationReport(
        [
          [0, 0],
          [0, 0],
        ],
        ['x', 'y'],
      ),
    ).toThrow(RangeError);
    expect(() => classificationReport([[1]], ['x', 'y'])).toThrow(RangeError);
  });
});

describe('rocCurve', () => {
  it('scikit-learn’s example: labels 0 0 1 1, scores 0.1 0.4 0.35 0.8 → AUC 0.75', () => {
    // Descending: 0.8 (+), 0.4 (−), 0.35 (+), 0.1 (−); 2 positives, 2 negatives.
    // Points (FPR, TPR): (0,0) (0,½) (½,½) (½,1) (1,1); trapezoids 0 + ¼ + 0 + ½ = ¾.
    const curve = rocCurve([0.1, 0.4, 0.35, 0.8], [false, false, true, true]);
    expect(curve.points).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 0.5 },
      { x: 0.5, y: 0.5 },
      { x: 0.5, y: 1 },
      { x: 1, y: 1 },
    ]);
    expect(areaOf(curve)).toBeCloseTo(0.75, 12);
  });

  it('tied scores cross the threshold together: a diagonal step worth half a pair', () => {
    // Groups: 0.9 {+}, 0.5 {+, −}, 0.1 {−} → (0,0) (0,½) (½,1) (1,1).
    // Area ½·(½+1)/2 + ½·1 = 3/8 + 1/2 = 7/8; by pairs: (0.9 > 0.5, 0.9 > 0.1, 0.5 = 0.5 → ½, 0.5 > 0.1) = 3.5/4.
    const curve = rocCurve([0.5, 0.5, 0.9, 0.1], [false, true, true, false]);
    expect(curve.points).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 0.5 },
      { x: 0.5, y: 1 },
      { x: 1, y: 1 },
    ]);
    expect(areaOf(curve)).toBeCloseTo(7 / 8, 12);
    // All scores equal: one diagonal from (0,0) to (1,1), the area of a coin toss.
    expect(areaOf(rocCurve([0.3, 0.3, 0.3], [true, false, false]))).toBeCloseTo(0.5, 12);
  });

  it('a perfect ranking scores 1 and a reversed one 0', () => {
    expect(areaOf(rocCurve([0.9, 0.8, 0.2, 0.1], [true, true, false, false]))).toBe(1);
    expect(areaOf(rocCurve([0.9, 0.8, 0.2, 0.1], [false, false, true, true]))).toBe(0);
  });

  it('is undefined, with the reason, when the split has no positives or no negatives', () => {
    expect(rocCurve([0.2, 0.7], [false, false])).toEqual({
      points: [],
      area: { value: null, undefinedBecause: 'the split has no example of this class' },
    });
    expect(rocCurve([0.2, 0.7], [true, true]).area).toEqual({
      value: null,
      undefinedBecause: 'every example in the split is of this class',
    });
  });
});

describe('precisionRecallCurve', () => {
  it('scikit-learn’s example: labels 0 0 1 1, scores 0.1 0.4 0.35 0.8 → AP 5/6', () => {
    // After 0.8: TP 1 FP 0 → (R ½, P 1); 0.4: TP 1 FP 1 → (½, ½); 0.35: TP 2 FP 1 → (1, ⅔); 0.1: (1, ½).
    // AP = ½·1 + 0·½ + ½·⅔ + 0·½ = 5/6.
    const curve = precisionRecallCurve([0.1, 0.4, 0.35, 0.8], [false, false, true, true]);
    expect(curve.points.map(({ x, y }) => [x, y])).toEqual([
      [0, 1],
      [0.5, 1],
      [0.5, 0.5],
      [1, 2 / 3],
      [1, 0.5],
    ]);
    expect(areaOf(curve)).toBeCloseTo(5 / 6, 12);
  });

  it('tied scores form one step: an uninformative scorer’s AP is the share of positives', () => {
    // One group {+, −, −}: TP 1 FP 2 → (R 1, P ⅓); AP = 1 · ⅓.
    const curve = precisionRecallCurve([0.3, 0.3, 0.3], [true, false, false]);
    expect(curve.points).toEqual([
      { x: 0, y: 1 },
      { x: 1, y: 1 / 3 },
    ]);
    expect(areaOf(curve)).toBeCloseTo(1 / 3, 12);
  });

  it('is undefined, with the reason, without positives', () => {
    expect(precisionRecallCurve([0.2, 0.7], [false, false]).area).toEqual({
      value: null,
      undefinedBecause: 'the split has no example of this class',
    });
  });
});

describe('oneVsRestCurves and macroArea', () => {
  // Rows (probabilities of classes 0, 1, 2) and true class:
  const probabilities = [0.7, 0.2, 0.1, /**/ 0.2, 0.6, 0.2, /**/ 0.3, 0.3, 0.4, /**/ 0.5, 0.1, 0.4];
  const actual = [0, 1, 2, 1];
  const curves = [0, 1, 2].map((k) => oneVsRestCurves(probabilities, actual, 3, k));

  it('scores each class by its own column against all the others', () => {
    // Class 0: scores 0.7 0.2 0.3 0.5, only the top one positive → AUC 1, AP 1.
    expect(areaOf(curves[0]!.roc)).toBe(1);
    expect(areaOf(curves[0]!.pr)).toBe(1);
    // Class 1: scores 0.2 0.6 0.3 0.1, positives 0.6 and 0.1. ROC (0,0) (0,½) (½,½) (1,½) (1,1) → ½.
    // PR: (½,1) (½,½) (½,⅓) (1,½) → AP ½·1 + ½·½ = ¾.
    expect(areaOf(curves[1]!.roc)).toBeCloseTo(0.5, 12);
    expect(areaOf(curves[1]!.pr)).toBeCloseTo(0.75, 12);
    // Class 2: scores 0.1 0.2 0.4 0.4, positive 0.4 (tied with a negative): pairs 1 + 1 + ½ of 3 → 5/6.
    expect(areaOf(curves[2]!.roc)).toBeCloseTo(5 / 6, 12);
  });

  it('the macro AUC is the mean over the classes whose AUC is defined', () => {
    expect(macroArea(curves.map((c) => c.roc)).value).toBeCloseTo(7 / 9, 12); // (1 + ½ + 5/6) / 3
    const absent = oneVsRestCurves(probabilities, [0, 1, 1, 1], 3, 2).roc; // class 2 has no example
    expect(absent.area.value).toBeNull();
    expect(macroArea([curves[0]!.roc, absent]).value).toBe(1);
    expect(macroArea([absent]).value).toBeNull();
  });
});

describe('regressionMetrics', () => {
  it('scikit-learn’s example: y 3 −0.5 2 7, ŷ 2.5 0 2 8', () => {
    // Errors 0.5 −0.5 0 −1: MSE (¼ + ¼ + 0 + 1)/4 = 0.375, MAE (½ + ½ + 0 + 1)/4 = 0.5.
    // Mean y 2.875; SS_tot 0.015625 + 11.390625 + 0.765625 + 17.015625 = 29.1875; R² 1 − 1.5/29.1875.
    const metrics = regressionMetrics([3, -0.5, 2, 7], [2.5, 0, 2, 8]);
    expect(metrics.mse).toBeCloseTo(0.375, 12);
    expect(metrics.rmse).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(metrics.mae).toBeCloseTo(0.5, 12);
    expect(metrics.r2.value).toBeCloseTo(0.9486081370449679, 12);
  });

  it('R² is negative when predicting worse than the mean', () => {
    // SS_res 4 + 0 + 4 = 8, SS_tot 1 + 0 + 1 = 2 → 1 − 4 = −3.
    expect(regressionMetrics([1, 2, 3], [3, 2, 1]).r2.value).toBeCloseTo(-3, 12);
  });

  it('R² is undefined, with the reason, when every target is the same; the errors are still defined', () => {
    const metrics = regressionMetrics([2, 2, 2], [1, 2, 3]);
    expect(metrics.mse).toBeCloseTo(2 / 3, 12);
    expect(metrics.mae).toBeCloseTo(2 / 3, 12);
    expect(metrics.r2).toEqual({
      value: null,
      undefinedBecause: 'every target in the split has the same value, so there is no variance to explain',
    });
    // Even a perfect fit: scikit-learn reports 1.0 here, which would hide the division by zero.
    expect(regressionMetrics([2, 2], [2, 2]).r2.value).toBeNull();
  });

  it('refuses no examples or arrays of different lengths', () => {
    expect(() => regressionMetrics([], [])).toThrow(RangeError);
    expect(() => regressionMetrics([1, 2], [1])).toThrow(RangeError);
  });
});

describe('histogram', () => {
  it('cuts the range into equal bins, the last one closed', () => {
    // Range 0…10 in 5 bins of width 2: {0, 1} {2, 3} {4} {} {10}.
    expect(histogram([0, 1, 2, 3, 4, 10], 5)).toEqual([
      { from: 0, to: 2, count: 2 },
      { from: 2, to: 4, count: 2 },
      { from: 4, to: 6, count: 1 },
      { from: 6, to: 8, count: 0 },
      { from: 8, to: 10, count: 1 },
    ]);
  });

  it('equal values make one bin of zero width; no values make none', () => {
    expect(histogram([3, 3], 4)).toEqual([{ from: 3, to: 3, count: 2 }]);
    expect(histogram([], 4)).toEqual([]);
    expect(() => histogram([1], 0)).toThrow(RangeError);
  });
});

describe('thinEvenly', () => {
  it('keeps at most max items, evenly spaced, first and last included', () => {
    const items = [...Array(10).keys()];
    expect(thinEvenly(items, 4)).toEqual([0, 3, 6, 9]); // round(i · 9/3)
    expect(thinEvenly(items, 2)).toEqual([0, 9]);
    expect(thinEvenly(items, 10)).toEqual(items);
    expect(thinEvenly(items, 200)).not.toBe(items);
    expect(() => thinEvenly(items, 1)).toThrow(RangeError);
  });
});
