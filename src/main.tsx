import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ActionManager } from './actions';
import { createStudioWorkers } from './actions/studioWorkers';
import { DEFAULT_DATA_CONFIG } from './data/schema';
import * as storage from './data/storage';
import { newProject } from './model/project';
import { defaultGraph } from './model/templates';
import { restoreProject, startAutosave } from './state/persistence';
import { createStudioStores, StudioProvider } from './state/StudioProvider';
import { App } from './ui/App';
import { ActionsProvider } from './ui/common/ActionsContext';
import { followColourScheme } from './ui/common/colourScheme';
import './ui/styles.css';

const stores = createStudioStores(newProject(defaultGraph(), DEFAULT_DATA_CONFIG));
const actions = new ActionManager({ ...stores, workers: createStudioWorkers() });
followColourScheme(stores.session);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StudioProvider stores={stores}>
      <ActionsProvider manager={actions}>
        <App />
      </ActionsProvider>
    </StudioProvider>
  </StrictMode>,
);

// Restore the last project, or start with the Iris sample so Train works at once.
void (async () => {
  void actions.perform('loadRuns');
  const restored = await restoreProject(stores, storage);
  if (!restored) await actions.perform('loadSample', 'iris');
  if (location.hash) {
    // A share link wins over what was saved; the hash is dropped so a reload keeps later edits.
    await actions.perform('openShareLink', location.hash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  // What the person did not do themselves (restoring, the first sample) is not undoable.
  stores.project.temporal.getState().clear();
  stores.session.getState().markRestored();
  const autosave = startAutosave(stores, storage);
  // An edit made just before a reload or a closed tab is written then, not lost with its delay.
  addEventListener('pagehide', autosave.flush);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && autosave.flush());
  // A sweep cut off by the reload goes on; a finished one shows its results again.
  // The sweep and the Auto search resume side by side, each on its own trial pool.
  await Promise.all([
    actions.perform('restoreSweep', await storage.loadSweepJournal().catch(() => undefined)),
    actions.perform('restoreAuto', await storage.loadSweepJournal('auto').catch(() => undefined)),
  ]);
})();
