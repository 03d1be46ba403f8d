import { describe, expect, it } from 'vitest';
import type { ImageFilesSource } from '../data/import/imageFiles';
import type { MonitorReport } from '../data/monitor/report';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { newProject } from '../model/project';
import type { Result } from '../model/result';
import { defaultGraph } from '../model/templates';
import { createStudioStores } from '../state/StudioProvider';
import { testWorkers } from '../test/testWorkers';
import { ActionManager } from './index';

const REPORT: MonitorReport = {
  rows: 2,
  referenceRows: 100,
  columns: [],
  predictions: { psi: 0, level: 'stable', sentence: 'The predictions are stable: PSI 0 < 0.1', bins: [] },
  ignored: [],
  failedRows: 0,
};

/** A studio whose training worker answers `monitorBatch` and `monitorImages` with `answer`, recording what it was given. */
function studio(answer: Result<MonitorReport>) {
  const asked: string[] = [];
  const askedImages: ImageFilesSource[] = [];
  const workers = testWorkers({
    monitorBatch: async (text) => {
      asked.push(text);
      return answer;
    },
    monitorImages: async (source) => {
      askedImages.push(source);
      return answer;
    },
  });
  const stores = createStudioStores(newProject(defaultGraph(), DEFAULT_DATA_CONFIG));
  stores.runs.getState().startRun('run-1');
  stores.runs.getState().apply({ type: 'train/done', runId: 'run-1', reason: 'completed', epochsRun: 1, logs: {} });
  return { stores, asked, askedImages, actions: new ActionManager({ ...stores, workers }) };
}

const csv = (name: string, text: string) => new File([text], name, { type: 'text/csv' });

describe('monitorBatch', () => {
  it('needs a trained model', () => {
    const stores = createStudioStores(newProject(defaultGraph(), DEFAULT_DATA_CONFIG));
    const actions = new ActionManager({ ...stores, workers: testWorkers({}) });
    expect(actions.can('monitorBatch')).toBe('Train a model first.');
    expect(actions.can('downloadMonitorReport')).toBe('Check a batch first.');
  });

  it('keeps the report of the batch, named by its file, saying meanwhile that it is being checked', async () => {
    const { stores, asked, actions } = studio({ ok: true, value: REPORT });
    const checking = actions.perform('monitorBatch', [csv('june.csv', 'x\n1')]);
    await expect
      .poll(() => stores.session.getState().notice?.text)
      .toBe('Checking june.csv against the training data…');
    await checking;
    expect(stores.session.getState().notice).toBeNull();
    expect(asked).toEqual(['x\n1']);
    expect(stores.runs.getState().monitoring).toEqual({ batchName: 'june.csv', report: REPORT });
    expect(actions.can('downloadMonitorReport')).toBe(true);
  });

  it('says why a batch is refused, and shows no report for it', async () => {
    const { stores, actions } = studio({ ok: false, error: 'The batch lacks the column age, which the model reads.' });
    await actions.perform('monitorBatch', [csv('june.csv', 'city\nOslo')]);
    expect(stores.session.getState().notice).toMatchObject({
      kind: 'error',
      text: 'The batch lacks the column age, which the model reads.',
    });
    expect(stores.runs.getState().monitoring).toBeNull();
  });

  it('sends image files, a zip or a folder to be read as images, named for the report', async () => {
    const { stores, asked, askedImages, actions } = studio({ ok: true, value: REPORT });
    const [cat, dog] = ['cat.png', 'dog.jpg'].map((name) => new File([new Uint8Array(4)], name));
    await actions.perform('monitorBatch', [cat!, dog!]);
    expect(askedImages.at(-1)).toEqual({
      kind: 'files',
      files: [
        { path: 'cat.png', file: cat },
        { path: 'dog.jpg', file: dog },
      ],
    });
    expect(stores.runs.getState().monitoring?.batchName).toBe('2 images');
    const zip = new File([new Uint8Array(4)], 'june.zip');
    await actions.perform('monitorBatch', [zip]);
    expect(askedImages.at(-1)).toEqual({ kind: 'zip', file: zip });
    const files = [{ path: 'june/cat/1.png', file: cat! }];
    await actions.perform('monitorFolder', { name: 'june', files });
    expect(askedImages.at(-1)).toEqual({ kind: 'files', files });
    expect(stores.runs.getState().monitoring?.batchName).toBe('june');
    expect(asked).toEqual([]);
  });

  it('refuses several tables, or tables mixed with images, before reading them', async () => {
    const { stores, asked, askedImages, actions } = studio({ ok: true, value: REPORT });
    await actions.perform('monitorBatch', [csv('a.csv', 'x\n1'), csv('b.csv', 'x\n2')]);
    expect(stores.session.getState().notice?.text).toBe(
      'Choose one CSV file, one zip, or image files only: 2 files were given, and "a.csv", "b.csv" are not images.',
    );
    await actions.perform('monitorBatch', [csv('a.csv', 'x\n1'), new File([], 'cat.png')]);
    expect(stores.session.getState().notice?.text).toMatch(/"a\.csv" is not an image\.$/);
    expect(asked).toEqual([]);
    expect(askedImages).toEqual([]);
  });
});
