import { sampleOfDataset } from '../data/samples';
import type { DatasetMeta } from '../data/schema';
import * as storage from '../data/storage';
import { switchToDataset } from './dataActions';
import { whyHeld, whyHeldHere } from './datasetsInUse';
import { readLibrary } from './library';
import type { Action, ActionContext } from './types';

/** Opening or deleting while an import writes could race with it (a re-imported sample keeps its id). */
const noImportRunning = ({ session }: ActionContext) =>
  session.getState().importing === null || 'Wait for the import to finish.';

export const refreshLibrary: Action = {
  label: 'Refresh the data set library',
  perform: ({ session }) => readLibrary(session),
};

/** Makes a stored data set the project's; its target is chosen as when it was imported. */
export const openDataset: Action<string> = {
  label: 'Open data set',
  predicate: noImportRunning,
  perform: async (ctx, id) => {
    const { session } = ctx;
    let meta: DatasetMeta | undefined;
    try {
      // Read afresh: another tab may have deleted it since the list was read.
      meta = await storage.getDatasetMeta(id);
    } catch (error) {
      return session.getState().notify({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    }
    if (!meta) {
      session.getState().notify({ kind: 'error', text: 'That data set is no longer in this browser.' });
      return readLibrary(session);
    }
    await switchToDataset(ctx, meta, meta.name, sampleOfDataset(meta.id)?.target);
  },
};

/**
 * Deletes a stored data set once the person confirms. Deleting the project's own data set keeps
 * the graph and the training settings; the Data view then offers the library. One a training run
 * or a sweep still needs is not deleted: a notice says why and when it can be.
 */
export const deleteDataset: Action<string> = {
  label: 'Delete data set',
  predicate: noImportRunning,
  perform: async ({ session, project }, id) => {
    const { library, datasets } = session.getState();
    const meta = library?.datasets.find((d) => d.id === id) ?? datasets[id];
    const name = meta?.name ?? 'this data set';
    const removed = meta
      ? `Its ${meta.rowCount.toLocaleString('en-US')} rows are removed from this browser.`
      : 'Its rows are removed from this browser.';
    const refuse = (why: string | undefined): boolean => {
      if (why) session.getState().notify({ kind: 'error', text: `${name} cannot be deleted now: ${why}` });
      return why !== undefined;
    };
    if (refuse(whyHeldHere(session, id))) return;
    const inUse = project.getState().project.data.datasetId === id;
    const confirmed = await session.getState().confirm({
      title: `Delete ${name}?`,
      text: inUse
        ? `${removed} This project uses it: the graph and the training settings stay, and you can open another data set.`
        : removed,
      confirmLabel: 'Delete',
    });
    // A run may have started while the question was open, here or in another tab.
    if (!confirmed || refuse(await whyHeld(session, id))) return;
    const deleted = await storage.deleteDataset(id);
    if (deleted.ok) {
      session.getState().forgetDataset(id);
      session.getState().notify({ kind: 'info', text: `Deleted ${name}.` });
    } else {
      session.getState().notify({ kind: 'error', text: `Could not delete ${name}: ${deleted.error}` });
    }
    await readLibrary(session);
  },
};
