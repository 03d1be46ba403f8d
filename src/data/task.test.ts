import { describe, expect, it } from 'vitest';
import type { ColumnSummary } from './schema';
import { describeTarget, inferTask, MAX_CLASSES } from './task';

function categorical(name: string, counts: Record<string, number>): ColumnSummary {
  const valueCounts = { values: Object.keys(counts), counts: Object.values(counts) };
  return {
    name,
    type: 'categorical',
    missing: 0,
    unique: valueCounts.values.length,
    topValues: Object.entries(counts)
      .map(([value, count]) => ({ value, count }))
      .slice(0, 10),
    ...(valueCounts.values.length <= MAX_CLASSES && { valueCounts }),
  };
}

function numeric(name: string, counts: Record<string, number>, unique = Object.keys(counts).length): ColumnSummary {
  const valueCounts = { values: Object.keys(counts), counts: Object.values(counts) };
  return { name, type: 'numeric', missing: 0, unique, ...(unique <= MAX_CLASSES && { valueCounts }) };
}

describe('inferTask', () => {
  it('two categories → binary, labels in vocabulary order', () => {
    expect(inferTask(categorical('spam', { ham: 8, spam: 2 }))).toEqual({
      ok: true,
      value: { task: 'binary', labels: ['ham', 'spam'] },
    });
  });

  it('more categories → multiclass', () => {
    expect(inferTask(categorical('species', { setosa: 50, versicolor: 50, virginica: 50 }))).toEqual({
      ok: true,
      value: { task: 'multiclass', labels: ['setosa', 'versicolor', 'virginica'] },
    });
  });

  it('more than MAX_CLASSES categories → an error that suggests regression', () => {
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`c${i}`, 1]));
    expect(inferTask(categorical('word', many))).toEqual({
      ok: false,
      error:
        'The target column "word" has 101 distinct values: too many classes; pick a numeric target for regression.',
    });
  });

  it('a number with exactly two values → binary, labelled with the values as text', () => {
    expect(inferTask(numeric('survived', { '0': 60, '1': 40 }))).toEqual({
      ok: true,
      value: { task: 'binary', labels: ['0', '1'] },
    });
  });

  it('other numbers → regression, with no labels', () => {
    expect(inferTask(numeric('unemp', {}, 150))).toEqual({ ok: true, value: { task: 'regression', labels: [] } });
    expect(inferTask(numeric('grade', { '1': 5, '2': 5, '3': 5 }))).toEqual({
      ok: true,
      value: { task: 'regression', labels: [] },
    });
  });

  it('one class → an error naming the column and the value', () => {
    expect(inferTask(categorical('x', { a: 10 }))).toEqual({
      ok: false,
      error: 'The target column "x" has only one class ("a"): a model cannot learn anything from it.',
    });
    expect(inferTask(numeric('y', { '5': 10 }))).toMatchObject({ ok: false, error: expect.stringContaining('("5")') });
  });

  it('no values → an error', () => {
    expect(inferTask(numeric('empty', {}))).toEqual({ ok: false, error: 'The target column "empty" has no values.' });
  });
});

describe('describeTarget', () => {
  it('counts rows per class in class order', () => {
    const result = describeTarget(categorical('spam', { ham: 8, spam: 2 }));
    expect(result.ok && result.value.classCounts).toEqual([
      { label: 'ham', count: 8 },
      { label: 'spam', count: 2 },
    ]);
  });

  it('has no class counts for regression', () => {
    const result = describeTarget(numeric('unemp', {}, 150));
    expect(result.ok && result.value.classCounts).toEqual([]);
  });
});
