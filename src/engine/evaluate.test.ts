import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvDataset, sampleDataset } from '../test/csvDataset';
import { evaluationInput, trainedOn } from '../test/training';
import { evaluateModel } from './evaluate';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('evaluateModel', () => {
  it('Iris: accuracy equals the val_acc training reported; the matrix holds the whole split; examples show their raw cells', async () => {
    const iris = sampleDataset('iris.csv');
    const { model, prepared, logs } = await trainedOn(iris, 'species', 5);
    const before = tf.memory().numTensors;
    const result = await evaluateModel(model, evaluationInput(iris, prepared));
    expect(tf.memory().numTensors).toBe(before);
    if (!result.ok) throw new Error(result.error);
    const evaluation = result.value;
    if (evaluation.task === 'regression') throw new Error('expected a classification');

    expect(evaluation).toMatchObject({ runId: 'run-1', split: 'validation', count: 30, task: 'multiclass' });
    expect(evaluation.report.accuracy).toBeCloseTo(logs.val_acc!, 6);
    expect(evaluation.confusion.flat().reduce((a, b) => a + b, 0)).toBe(30);
    expect(evaluation.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([10, 10, 10]);
    expect(evaluation.curves).toHaveLength(3);
    expect(evaluation.rocAuc.value).toBeGreaterThan(0.5);

    // Each cell lists its examples (Iris's cells are far below the cap), each with the CSV's own text.
    const lines = readFileSync(new URL('../../public/samples/iris.csv', import.meta.url), 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(evaluation.columns).toEqual(lines[0]!.split(',').slice(0, 4));
    evaluation.confusion.forEach((row, actual) =>
      row.forEach((count, predicted) => {
        const listed = evaluation.examples[actual]![predicted]!;
        expect(listed).toHaveLength(count);
        for (const example of listed) {
          const cells = lines[example.row + 1]!.split(',');
          expect(example.values.map(Number)).toEqual(cells.slice(0, 4).map(Number));
          expect(cells[4]).toBe(evaluation.labels[actual]);
          expect(example.probabilities.indexOf(Math.max(...example.probabilities))).toBe(predicted);
        }
      }),
    );
    model.dispose();
  });

  it('binary: accuracy equals val_acc with the sigmoid thresholded at 0.5; one ROC curve, for the positive class', async () => {
    // Two overlapping clouds: "high" when x + y > 0, with some rows flipped so the fit is imperfect.
    const rows = Array.from({ length: 120 }, (_, i) => {
      const x = Math.sin(i * 12.9898) * 2;
      const y = Math.cos(i * 78.233) * 2;
      const high = x + y > 0 !== (i % 9 === 0);
      return `${x.toFixed(3)},${y.toFixed(3)},${high ? 'high' : 'low'}`;
    });
    const data = csvDataset('clouds.csv', ['x,y,level', ...rows].join('\n'));
    const { model, prepared, logs } = await trainedOn(data, 'level', 5);
    const result = await evaluateModel(model, evaluationInput(data, prepared));
    if (!result.ok) throw new Error(result.error);
    const evaluation = result.value;
    if (evaluation.task !== 'binary') throw new Error('expected a binary classification');
    expect(evaluation.report.accuracy).toBeCloseTo(logs.val_acc!, 6);
    expect(evaluation.labels).toEqual(['high', 'low']);
    expect(evaluation.curves.map((c) => c.label)).toEqual(['low']);
    expect(evaluation.rocAuc).toEqual(evaluation.curves[0]!.roc.area);
    const probabilities = evaluation.examples.flat(2).map((e) => e.probabilities);
    expect(probabilities.every(([no, yes]) => Math.abs(no! + yes! - 1) < 1e-6)).toBe(true);
    model.dispose();
  });

  it('US macro (regression): MSE equals the val_mse training reported; R², pairs and residuals cover the split', async () => {
    const macro = sampleDataset('us-macro.csv');
    const { model, prepared, logs } = await trainedOn(macro, 'unemp', 5);
    const result = await evaluateModel(model, evaluationInput(macro, prepared));
    if (!result.ok) throw new Error(result.error);
    const evaluation = result.value;
    if (evaluation.task !== 'regression') throw new Error('expected a regression');
    expect(evaluation).toMatchObject({ target: 'unemp', count: prepared.validation.count });
    // Training sees the target standardised; its mse metric and evaluation report the target's own units.
    const { std, mean } = prepared.pipeline.target.scale!;
    expect(std).toBeGreaterThan(1);
    expect(relativeError(evaluation.metrics.mse, logs.val_mse!)).toBeLessThan(1e-4);
    expect(evaluation.metrics.r2.value).not.toBeNull();
    expect(evaluation.pairs).toHaveLength(prepared.validation.count);
    const actual = Array.from(prepared.validation.y, (y) => y * std + mean);
    evaluation.pairs.forEach((pair, i) => expect(pair.actual).toBeCloseTo(actual[i]!, 3));
    const unemp = macro.columns.find((c) => c.name === 'unemp')!;
    if (unemp.type !== 'numeric') throw new Error('unemp should be numeric');
    expect(evaluation.pairs[0]!.actual).toBeCloseTo(unemp.values[prepared.validationRows[0]!]!, 4);
    expect(evaluation.residuals.reduce((n, bin) => n + bin.count, 0)).toBe(prepared.validation.count);
    model.dispose();
  });

  it('evaluates the test split the run never saw, its rows and counts its own', async () => {
    const iris = sampleDataset('iris.csv');
    const { model, prepared } = await trainedOn(iris, 'species', 3, 0.1);
    const result = await evaluateModel(model, evaluationInput(iris, prepared, 'test'));
    if (!result.ok) throw new Error(result.error);
    expect(result.value).toMatchObject({ split: 'test', count: 15 });
    if (result.value.task === 'regression') throw new Error('expected a classification');
    expect(result.value.confusion.flat().reduce((a, b) => a + b, 0)).toBe(15);
    model.dispose();
  });

  it('says what to do when there is no validation split', async () => {
    const iris = sampleDataset('iris.csv');
    const { model, prepared } = await trainedOn(iris, 'species', 1);
    const none = { ...prepared.validation, x: new Float32Array(0), y: new Float32Array(0), count: 0 };
    const result = await evaluateModel(model, {
      ...evaluationInput(iris, prepared),
      examples: none,
      rows: new Uint32Array(0),
    });
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/no validation split.*validation share above 0/),
    });
    model.dispose();
  });
});

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}
