import { readFileSync } from 'node:fs';
import { parseCsvText } from '../data/import/csv';
import { DEFAULT_DATA_CONFIG } from '../data/schema';
import { newProject } from '../model/project';
import { defaultGraph } from '../model/templates';
import { createStudioStores, type StudioStores } from '../state/StudioProvider';

/** A studio's stores on the Iris sample (target: species) with the default graph, its meta in the session as after loading it. */
export function irisStudioStores(): StudioStores {
  const text = readFileSync(new URL('../../public/samples/iris.csv', import.meta.url), 'utf8');
  const iris = parseCsvText(text, {
    id: 'sample:iris',
    name: 'iris.csv',
    source: 'sample',
    bytes: text.length,
    createdAt: 0,
  });
  if (!iris.ok) throw new Error(iris.error);
  const stores = createStudioStores(
    newProject(defaultGraph(), { ...DEFAULT_DATA_CONFIG, datasetId: 'sample:iris', target: 'species' }),
  );
  stores.session.getState().putDataset(iris.value.meta);
  return stores;
}
