import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { irisRanking } from '../test/irisRanking';
import { DEFAULT_DATA_CONFIG, type DatasetMeta } from '../data/schema';
import { DEFAULT_TRAINING, newProject, type Project } from '../model/project';
import { defaultGraph } from '../model/templates';
import { AUTOSAVE_DELAY_MS, restoreProject, startAutosave, type ProjectStorage } from './persistence';
import { createStudioStores } from './StudioProvider';

const META: DatasetMeta = {
  id: 'sample:iris',
  name: 'Iris',
  source: 'sample',
  rowCount: 150,
  bytes: 1,
  createdAt: 1,
  columns: [],
  preview: [],
};

function memoryStorage(saved?: unknown, metas: DatasetMeta[] = []) {
  const writes: unknown[] = [];
  const storage: ProjectStorage = {
    loadProject: async () => saved,
    saveProject: async (doc) => {
      writes.push(doc);
      return { ok: true, value: undefined };
    },
    getDatasetMeta: async (id) => metas.find((m) => m.id === id),
  };
  return { storage, writes };
}

const fresh = () => createStudioStores(newProject(defaultGraph(), DEFAULT_DATA_CONFIG));

describe('restoreProject', () => {
  it('has nothing to restore on a first visit', async () => {
    const stores = fresh();
    expect(await restoreProject(stores, memoryStorage().storage)).toBe(false);
    expect(stores.session.getState().notice).toBeNull();
  });

  it('brings back the graph, dataset and settings of a saved project', async () => {
    const saved: Project = {
      ...newProject({ nodes: [], edges: [] }, { ...DEFAULT_DATA_CONFIG, datasetId: 'sample:iris', target: 'species' }),
      training: { ...DEFAULT_TRAINING, epochs: 7, batchSize: 8, learningRate: 0.1, optimizer: 'sgd' },
    };
    const stores = fresh();
    expect(await restoreProject(stores, memoryStorage(saved, [META]).storage)).toBe(true);
    expect(stores.project.getState().project).toEqual(saved);
    expect(stores.session.getState().datasets['sample:iris']).toEqual(META);
  });

  it('brings back the Auto settings and a feature ranking of the same data, and drops one of other data, saying so', async () => {
    const data = { ...DEFAULT_DATA_CONFIG, datasetId: 'sample:iris', target: 'species' };
    const featureRanking = irisRanking([{ name: 'petal_width', mean: 0.3, sd: 0.02 }], data);
    const saved: Project = {
      ...newProject({ nodes: [], edges: [] }, data),
      auto: { minutes: 10, parallel: 2, seed: 3, limits: { maxKb: 20 }, aim: 'trade-off' },
      featureRanking,
    };
    const same = fresh();
    await restoreProject(same, memoryStorage(saved, [META]).storage);
    expect(same.project.getState().project).toEqual(saved);
    expect(same.session.getState().notice).toBeNull();

    const reread = fresh();
    await restoreProject(reread, memoryStorage(saved, [{ ...META, rowCount: 149 }]).storage);
    expect(reread.project.getState().project).toEqual({ ...saved, featureRanking: null });
    expect(reread.session.getState().notice).toMatchObject({
      kind: 'warning',
      text: 'The feature ranking was made when the data set had 150 rows; it has 149 now. It was dropped; rank the features again to keep the top columns.',
    });
  });

  it('reports a damaged document and keeps the current project', async () => {
    const stores = fresh();
    const before = stores.project.getState().project;
    expect(await restoreProject(stores, memoryStorage({ format: 'tensorloom-project', version: 99 }).storage)).toBe(
      false,
    );
    expect(stores.project.getState().project).toBe(before);
    expect(stores.session.getState().notice?.text).toMatch(/could not be restored/);
  });
});

describe('startAutosave', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes once after a burst of edits (a drag is one save, not one per frame)', async () => {
    const stores = fresh();
    const { storage, writes } = memoryStorage();
    const autosave = startAutosave(stores, storage);
    for (let x = 0; x < 30; x++) stores.project.getState().moveNode('dense_1', { x, y: 0 });
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS + 10);
    expect(writes).toHaveLength(1);
    expect((writes[0] as Project).graph.nodes.find((n) => n.id === 'dense_1')?.position).toEqual({ x: 29, y: 0 });
    autosave.stop();
  });

  it('writes an edit still waiting for its delay when the page goes away, and only once', async () => {
    const stores = fresh();
    const { storage, writes } = memoryStorage();
    const autosave = startAutosave(stores, storage);
    autosave.flush();
    expect(writes).toHaveLength(0);
    stores.project.getState().moveNode('dense_1', { x: 7, y: 0 });
    autosave.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(writes).toHaveLength(1);
    expect((writes[0] as Project).graph.nodes.find((n) => n.id === 'dense_1')?.position).toEqual({ x: 7, y: 0 });
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS + 10);
    expect(writes).toHaveLength(1);
    autosave.stop();
  });
});
