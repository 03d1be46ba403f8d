import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from './import/csv';
import { deleteDataset, getDataset, getDatasetMeta, listDatasets, loadProject, putDataset, saveProject } from './storage';

function iris() {
  const text = readFileSync(new URL('../../public/samples/iris.csv', import.meta.url), 'utf8');
  const parsed = parseCsvText(text, { id: 'sample:iris', name: 'Iris', source: 'sample', bytes: text.length, createdAt: 1 });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe('storage', () => {
  it('keeps a dataset as typed arrays across a round trip', async () => {
    const dataset = iris();
    expect(await putDataset(dataset)).toEqual({ ok: true, value: undefined });
    const back = await getDataset('sample:iris');
    expect(back?.meta).toEqual(dataset.meta);
    const petal = back?.columns.find((c) => c.name === 'petal_length');
    expect(petal?.type === 'numeric' && petal.values).toBeInstanceOf(Float32Array);
    expect(back?.columns).toEqual(dataset.columns);
  });

  it('lists, reads the summary of, and deletes datasets', async () => {
    await putDataset(iris());
    expect((await listDatasets()).map((m) => m.id)).toContain('sample:iris');
    expect((await getDatasetMeta('sample:iris'))?.rowCount).toBe(150);
    await deleteDataset('sample:iris');
    expect(await getDataset('sample:iris')).toBeUndefined();
    expect(await getDatasetMeta('sample:iris')).toBeUndefined();
  });

  it('saves and loads the current project document', async () => {
    expect(await loadProject()).toBeUndefined();
    await saveProject({ format: 'x', graph: { nodes: [1, 2] } });
    expect(await loadProject()).toEqual({ format: 'x', graph: { nodes: [1, 2] } });
  });
});
