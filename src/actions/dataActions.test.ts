import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../data/import/csv';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { newProject } from '../model/project';
import { defaultGraph } from '../model/templates';
import { createStudioStores } from '../state/StudioProvider';
import type { CsvImportProgress } from '../data/importProgress';
import { cancelImport } from './dataActions';
import { ActionManager } from './index';
import type { StudioWorkers } from './types';

/** A file that never finishes importing, until cancelled: the import reports one progress and waits. */
const STUCK = 'stuck.csv';

/** The data worker's parsing, run in-process: the actions see exactly what the worker would return. */
function studio() {
  let cancel: (() => void) | undefined;
  const workers: StudioWorkers = {
    importCsv: async (source, onProgress) => {
      if (source.kind !== 'file') throw new Error('files only in this test');
      if (source.file.name === STUCK) {
        onProgress({ pass: 1, bytesRead: 3, totalBytes: 12 });
        return new Promise((_, reject) => (cancel = () => reject(new DOMException('The import was cancelled.', 'AbortError'))));
      }
      const text = await source.file.text();
      const parsed = parseCsvText(text, { id: `file:${source.file.name}`, name: source.file.name, source: 'file', bytes: text.length, createdAt: 0 });
      return parsed.ok ? { ok: true, value: parsed.value.meta } : parsed;
    },
    cancelImport: () => cancel?.(),
    train: async () => undefined,
    stopTraining: () => undefined,
    predict: async () => ({ ok: false, error: 'untrained' }),
    exportModel: async () => ({ ok: false, error: 'untrained' }),
    evaluate: async () => ({ ok: false, error: 'untrained' }),
  };
  const stores = createStudioStores(newProject(defaultGraph(), DEFAULT_DATA_CONFIG));
  return { stores, actions: new ActionManager({ ...stores, workers }) };
}

const iris = new File([readFileSync(new URL('../../public/samples/iris.csv', import.meta.url))], 'iris.csv');

describe('importing a CSV', () => {
  it('switches the project to the new dataset with its last column as target', async () => {
    const { stores, actions } = studio();
    await actions.perform('importCsvFile', iris);
    expect(stores.project.getState().project.data).toMatchObject({ datasetId: 'file:iris.csv', target: 'species' });
    expect(stores.session.getState().notice).toEqual({ kind: 'info', text: 'Loaded iris.csv: 150 rows, 5 columns.' });
  });

  it.each([
    ['an empty file', new File([], 'empty.csv'), /empty/i],
    ['one column', new File(['a\n1\n2\n'], 'one.csv'), /at least two columns/i],
    ['a one-class target', new File(['x,label\n1,a\n2,a\n'], 'one-class.csv'), /only one class/i],
  ])('%s: says why, and keeps the current dataset and project', async (_what, file, message) => {
    const { stores, actions } = studio();
    await actions.perform('importCsvFile', iris);
    const before = stores.project.getState().project;
    await actions.perform('importCsvFile', file);
    expect(stores.project.getState().project).toBe(before);
    expect(stores.session.getState().notice?.kind).toBe('error');
    expect(stores.session.getState().notice?.text).toMatch(message);
    expect(stores.session.getState().notice?.text).toContain(file.name);
  });
});

describe('cancelling an import', () => {
  it('shows progress while importing; Cancel keeps the current dataset and project and says so', async () => {
    const { stores, actions } = studio();
    await actions.perform('importCsvFile', iris);
    const before = stores.project.getState().project;
    expect(cancelImport.predicate?.(actions.ctx)).toBe('No import is running.');

    const importing = actions.perform('importCsvFile', new File(['a,b\n1,2\n'], STUCK));
    const progress: CsvImportProgress = { pass: 1, bytesRead: 3, totalBytes: 12 };
    expect(stores.session.getState().importing).toEqual({ name: STUCK, progress });
    expect(cancelImport.predicate?.(actions.ctx)).toBe(true);
    await cancelImport.perform(actions.ctx);
    await importing;

    expect(stores.session.getState().importing).toBeNull();
    expect(stores.session.getState().notice).toEqual({ kind: 'info', text: `Import of ${STUCK} cancelled.` });
    expect(stores.project.getState().project).toBe(before);
  });

  it('ignores a progress report that arrives after the import ended', () => {
    const { stores } = studio();
    stores.session.getState().setImportProgress({ pass: 2, bytesRead: 1, totalBytes: 1 });
    expect(stores.session.getState().importing).toBeNull();
  });
});

describe('choosing a target', () => {
  it('refuses a target that cannot be learned and keeps the current one', async () => {
    const { stores, actions } = studio();
    await actions.perform('importCsvFile', new File(['x,const,label\n1,k,a\n2,k,b\n3,k,a\n'], 't.csv'));
    await actions.perform('chooseTarget', 'const');
    expect(stores.project.getState().project.data.target).toBe('label');
    expect(stores.session.getState().notice?.text).toMatch(/only one class/);
    await actions.perform('chooseTarget', 'x');
    expect(stores.project.getState().project.data.target).toBe('x');
  });

  it('disables Train with the reason until a dataset is chosen', () => {
    const { actions } = studio();
    expect(actions.can('train')).toBe('Choose a dataset on the Data view.');
  });
});

