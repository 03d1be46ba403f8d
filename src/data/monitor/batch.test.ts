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

  it('asks for a header when the first row names none of the columns', () => {
    expect(readMonitorBatch('31,Oslo\n40,Rome', pipeline)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/header row/),
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
