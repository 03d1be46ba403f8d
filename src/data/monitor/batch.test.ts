import { describe, expect, it } from 'vitest';
import { AGE_CITY_PIPELINE } from '../../test/monitorPipeline';
import type { FittedPipeline } from '../preprocess';
import { readMonitorBatch } from './batch';

const pipeline = AGE_CITY_PIPELINE;

describe('readMonitorBatch', () => {
  it('reads rows by header, says which columns it ignores and whether the target is there', () => {
    const read = readMonitorBatch('city,age,note,bought\nOslo,31,x,yes\nRome,40,y,no', pipeline);
    expect(read).toMatchObject({ ok: true, value: { ignored: ['note'], hasTarget: true } });
    if (read.ok) expect(read.value.rows[1]).toEqual({ city: 'Rome', age: '40', note: 'y', bought: 'no' });
  });

  it('names the missing columns', () => {
    const read = readMonitorBatch('city,note\nOslo,x', pipeline);
    expect(read).toEqual({ ok: false, error: 'The batch lacks the column age, which the model reads.' });
  });

  it('refuses an empty batch and a header-only batch', () => {
    expect(readMonitorBatch('  \n', pipeline)).toMatchObject({ ok: false, error: expect.stringMatching(/empty/) });
    expect(readMonitorBatch('age,city\n', pipeline)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/empty/),
    });
  });

  it('asks for a header when the first row holds data, and names the columns of a batch for another model', () => {
    expect(readMonitorBatch('31,40\n40,50', pipeline)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^The batch's first row holds numbers, not column names: it needs a header row/),
    });
    expect(readMonitorBatch('sepal_length,species\n5.1,setosa', pipeline)).toEqual({
      ok: false,
      error:
        "The batch's header (sepal_length, species) names none of the model's columns (age, city): is it a batch for another model?",
    });
  });

  it("reads a spreadsheet's batch as the import reads a training file: BOM, semicolons, decimal commas, quotes", () => {
    const read = readMonitorBatch('\uFEFFage;city;bought\r\n31,5;"Oslo";yes\r\n40;"Rome; centre";no\r\n', pipeline);
    expect(read).toMatchObject({ ok: true, value: { header: ['age', 'city', 'bought'], hasTarget: true } });
    if (read.ok)
      expect(read.value.rows).toEqual([
        { age: '31.5', city: 'Oslo', bought: 'yes' },
        { age: '40', city: 'Rome; centre', bought: 'no' },
      ]);
  });

  it('reads a batch of the one column a model reads', () => {
    const ageOnly: FittedPipeline = { ...pipeline, features: [pipeline.features[0]!] };
    expect(readMonitorBatch('age\n31\n40', ageOnly)).toMatchObject({
      ok: true,
      value: { rows: [{ age: '31' }, { age: '40' }] },
    });
  });

  it('refuses a categorical column that holds numbers where training had words, naming it', () => {
    expect(readMonitorBatch('age,city\n31,1\n40,2', pipeline)).toEqual({
      ok: false,
      error:
        '"city" holds numbers (such as "1") where the model reads categories (Oslo, Rome): is it the right column?',
    });
  });

  it("refuses a file that is not a table, with the import's sentence", () => {
    expect(readMonitorBatch('age,city\n31,Oslo\n40', pipeline)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Every row needs 2 fields, like the header, but row 3 has 1/),
    });
  });

  it('refuses a numeric column that holds text, naming it', () => {
    const read = readMonitorBatch('age,city\nold,Oslo\nyoung,Rome\n31,Rome', pipeline);
    expect(read).toMatchObject({ ok: false, error: expect.stringMatching(/^"age" holds text \(such as "old"\)/) });
  });

  it('lets a few unreadable numbers through, for their rows alone to fail', () => {
    expect(readMonitorBatch('age,city\nold,Oslo\n40,Rome\n31,Rome', pipeline).ok).toBe(true);
  });

  it('refuses a table for an image model', () => {
    const images: FittedPipeline = {
      ...pipeline,
      features: [{ kind: 'image', name: 'image', height: 8, width: 8, channels: 1 }],
    };
    expect(readMonitorBatch('image\na.png', images)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/reads images/),
    });
  });
});
