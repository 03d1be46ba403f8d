import { zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../data/import/csv';
import { importImageFiles } from '../data/import/images';
import { readZipEntries } from '../data/import/zip';
import { fakeImageBytes, fakeImageDecoder } from '../test/fakeImageDecoder';
import { pngHeader } from '../test/imageHeaders';
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
        return new Promise(
          (_, reject) => (cancel = () => reject(new DOMException('The import was cancelled.', 'AbortError'))),
        );
      }
      const text = await source.file.text();
      const origin = {
        id: `file:${source.file.name}`,
        name: source.file.name,
        source: 'file',
        bytes: text.length,
        createdAt: 0,
      } as const;
      const parsed = parseCsvText(text, origin, { firstRowIsHeader: source.firstRowIsHeader });
      return parsed.ok ? { ok: true, value: parsed.value.meta } : parsed;
    },
    importImages: async (source, settings, onProgress) => {
      if (source.kind !== 'file') throw new Error('zip files only in this test');
      const entries = await readZipEntries(source.file);
      if (!entries.ok) return entries;
      const imported = await importImageFiles(entries.value, {
        origin: {
          id: `file:${source.file.name}`,
          name: source.file.name,
          source: 'file',
          bytes: source.file.size,
          createdAt: 0,
        },
        container: 'zip',
        settings,
        decode: fakeImageDecoder(),
        writeChunk: async () => ({ ok: true, value: undefined }),
        onProgress,
      });
      return imported.ok ? { ok: true, value: imported.value.meta } : imported;
    },
    cancelImport: () => cancel?.(),
    readRows: async () => ({ ok: false, error: 'not in this test' }),
    findInRows: async () => ({ ok: false, error: 'not in this test' }),
    train: async () => undefined,
    stopTraining: () => undefined,
    pauseTraining: () => undefined,
    resumeTraining: () => undefined,
    predict: async () => ({ ok: false, error: 'untrained' }),
    predictTable: async () => ({ ok: false, error: 'untrained' }),
    monitorBatch: async () => ({ ok: false, error: 'untrained' }),
    monitorImages: async () => ({ ok: false, error: 'untrained' }),
    monitorReportZip: async () => ({ ok: false, error: 'untrained' }),
    exportModel: async () => ({ ok: false, error: 'untrained' }),
    exportModelCard: async () => ({ ok: false, error: 'untrained' }),
    previewExport: async () => ({ ok: false, error: 'untrained' }),
    evaluate: async () => ({ ok: false, error: 'untrained' }),
    sweepData: async () => ({ ok: false, error: 'not in this test' }),
    importModel: async () => ({ ok: false, error: 'not in this test' }),
    findLearningRate: async () => ({ ok: false, error: 'not in this test' }),
    stopFindingLearningRate: () => undefined,
    rankFeatures: async () => ({ ok: false, error: 'not in this test' }),
    createTrialPool: () => {
      throw new Error('no sweeps in this test');
    },
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

describe("the data report's suggestions", () => {
  it('are made as one undo step that Undo takes back whole, and said in a notice', async () => {
    const { stores, actions } = studio();
    await actions.perform('importCsvFile', iris);
    const before = stores.project.getState().project;
    await actions.perform('applyDataSuggestions', [
      { kind: 'column', choice: { name: 'sepal_length', use: 'ignore' } },
      { kind: 'classWeights', classWeights: 'balanced' },
    ]);
    expect(stores.project.getState().project.data.columns).toEqual([{ name: 'sepal_length', use: 'ignore' }]);
    expect(stores.project.getState().project.training.classWeights).toBe('balanced');
    expect(stores.session.getState().notice).toEqual({
      kind: 'change',
      text: 'Applied 2 suggestions: left out "sepal_length", balanced class weights. Undo (Ctrl+Z) takes them back.',
    });
    await actions.perform('undo');
    expect(stores.project.getState().project).toEqual(before);
  });
});

describe('a table whose only input is free text', () => {
  const sentences = Array.from(
    { length: 240 },
    (_, i) => `"A ${['short', 'plain', 'long', 'odd'][i % 4]} note about item ${i} and more",s${i % 8}`,
  );
  const textTable = new File([`description,section\n${sentences.join('\n')}\n`], 'notes.csv');

  it('imports with the text tokenised and the model switched to the text template, undoable', async () => {
    const { stores, actions } = studio();
    await actions.perform('importCsvFile', iris);
    const tabularGraph = stores.project.getState().project.graph;
    await actions.perform('importCsvFile', textTable);
    expect(stores.project.getState().project.data).toMatchObject({ datasetId: 'file:notes.csv', target: 'section' });
    expect(stores.session.getState().notice?.text).toMatch(/The model now starts from the Text CNN template/);
    expect(stores.project.getState().project.graph.nodes.some((n) => n.type === 'Embedding')).toBe(true);
    stores.project.temporal.getState().undo();
    expect(stores.project.getState().project.graph).toEqual(tabularGraph);
  });

  it('a column made text by hand brings the text template, with a notice', async () => {
    const { stores, actions } = studio();
    await actions.perform('importCsvFile', iris);
    // The sentences as plain categories first: a table the MLP takes.
    await actions.perform('importCsvFile', textTable);
    await actions.perform('chooseColumn', { name: 'description', use: 'categorical', encode: 'ordinal' });
    stores.project.getState().replaceGraph(defaultGraph());
    expect(stores.project.getState().project.graph.nodes.some((n) => n.type === 'Embedding')).toBe(false);
    await actions.perform('chooseColumn', { name: 'description', use: 'text' });
    expect(stores.project.getState().project.graph.nodes.some((n) => n.type === 'Embedding')).toBe(true);
    expect(stores.session.getState().notice).toEqual({
      kind: 'change',
      text: expect.stringMatching(/^The model now starts from the Text CNN template/),
    });
  });

  it('a data set whose columns all need a choice still loads, the problem shown rather than the file refused', async () => {
    const { stores, actions } = studio();
    const ids = new File(
      [`code,label\n${Array.from({ length: 150 }, (_, i) => `c${i},${i % 2}`).join('\n')}\n`],
      'codes.csv',
    );
    await actions.perform('importCsvFile', ids);
    expect(stores.project.getState().project.data).toMatchObject({ datasetId: 'file:codes.csv', target: 'label' });
    expect(stores.session.getState().notice?.kind).toBe('info');
  });
});

describe('a CSV without a header row', () => {
  it('is read as data, and "first row is a header" reads the same file again with names', async () => {
    const { stores, actions } = studio();
    const years = new File(['2019,2020,2021\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n'], 'years.csv');
    await actions.perform('importCsvFile', years);
    const detected = stores.session.getState().datasets['file:years.csv']!;
    expect(detected).toMatchObject({ firstRowIsHeader: false, rowCount: 5 });
    expect(stores.project.getState().project.data.target).toBe('column_3');
    expect(actions.can('setFirstRowIsHeader')).toBe(true);
    await actions.perform('setFirstRowIsHeader', true);
    const named = stores.session.getState().datasets['file:years.csv']!;
    expect(named).toMatchObject({ firstRowIsHeader: true, rowCount: 4 });
    expect(named.columns.map((c) => c.name)).toEqual(['2019', '2020', '2021']);
    expect(stores.project.getState().project.data.target).toBe('2021');
  });

  it('cannot be read again once the file is no longer at hand (a data set from the library, after a reload)', () => {
    const { actions } = studio();
    expect(actions.can('setFirstRowIsHeader')).toBe('Import the file again to change how its first row is read.');
  });
});

describe('importing images', () => {
  const zipFile = (name: string, files: Record<string, Uint8Array>) => new File([zipSync(files)], name);
  const settings = { size: 8, color: 'grayscale' } as const;

  it('switches the project to the images with target "label", says what was skipped, and starts a graph that fits images', async () => {
    const { stores, actions } = studio();
    const file = zipFile('shapes.zip', {
      'shapes/cat/a.png': fakeImageBytes(pngHeader(8, 8), 10),
      'shapes/dog/b.png': fakeImageBytes(pngHeader(8, 8), 20),
      'shapes/dog/notes.txt': new TextEncoder().encode('not an image'),
    });
    await actions.perform('importImageZip', { file, settings });
    expect(stores.project.getState().project.data).toMatchObject({ datasetId: 'file:shapes.zip', target: 'label' });
    expect(stores.session.getState().notice).toEqual({
      kind: 'change',
      text:
        'Loaded shapes.zip: 2 images in 2 classes, 8×8; 1 file was skipped (listed below). ' +
        'The model now starts from the CNN (LeNet-like) template, made for image data; Undo (Ctrl+Z) brings your graph back.',
    });
    expect(stores.project.getState().project.graph.nodes.map((n) => n.type)).toContain('Conv2D');
    stores.project.temporal.getState().undo();
    expect(stores.project.getState().project.graph.nodes.map((n) => n.type)).not.toContain('Conv2D');
  });

  it.each([
    [
      'a zip with no sub-folders',
      zipFile('flat.zip', { 'a.png': fakeImageBytes(pngHeader(8, 8), 1) }),
      /no sub-folders/,
    ],
    ['a file that is not a zip', new File(['x,y\n1,2\n'], 'fake.zip'), /not a zip archive/],
  ])('%s: says why, and keeps the current dataset and project', async (_what, file, message) => {
    const { stores, actions } = studio();
    await actions.perform('importCsvFile', iris);
    const before = stores.project.getState().project;
    await actions.perform('importImageZip', { file, settings });
    expect(stores.project.getState().project).toBe(before);
    expect(stores.session.getState().notice).toMatchObject({ kind: 'error', text: expect.stringMatching(message) });
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

describe('setSplit', () => {
  /** A studio whose split is 20 % validation, 10 % test, seed 42, random. */
  function split() {
    const stores = createStudioStores(newProject(defaultGraph(), DEFAULT_DATA_CONFIG));
    const actions = new ActionManager({ ...stores, workers: {} as StudioWorkers });
    const data = () => stores.project.getState().project.data;
    const steps = () => stores.project.temporal.getState().pastStates.length;
    return { actions, data, steps };
  }

  it('sets each part of the split, one undo step a change', async () => {
    const { actions, data, steps } = split();
    await actions.perform('setSplit', { validationPercent: 30 });
    await actions.perform('setSplit', { testPercent: 0 });
    await actions.perform('setSplit', { splitOrder: 'sequential' });
    await actions.perform('setSplit', { seed: 2 ** 32 - 1 });
    expect(data()).toMatchObject({
      validationFraction: 0.3,
      testFraction: 0,
      splitOrder: 'sequential',
      seed: 2 ** 32 - 1,
    });
    expect(steps()).toBe(4);
  });

  it('changes nothing for a share out of range or not whole, or one that leaves training under 20 %', async () => {
    const { actions, data, steps } = split();
    const before = data();
    for (const change of [
      { validationPercent: 4 },
      { validationPercent: 51 },
      { validationPercent: 12.5 },
      { testPercent: -1 },
      { testPercent: 51 },
      // 50 % + 10 % would do; 50 % + 31 % leaves training 19 %.
      { validationPercent: 50, testPercent: 31 },
      { validationPercent: Number.NaN },
    ])
      await actions.perform('setSplit', change);
    await actions.perform('setSplit', { validationPercent: 50 });
    await actions.perform('setSplit', { testPercent: 31 });
    expect(data()).toEqual({ ...before, validationFraction: 0.5 });
    expect(steps()).toBe(1);
  });

  it('changes nothing for a seed that is not an integer in [0, 2³²)', async () => {
    const { actions, data } = split();
    const before = data();
    for (const seed of [-1, 1.5, 2 ** 32, Number.NaN]) await actions.perform('setSplit', { seed });
    expect(data()).toBe(before);
  });
});
