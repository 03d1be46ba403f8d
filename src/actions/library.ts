import { estimateStorage, listDatasets } from '../data/storage';
import type { LibraryListing, SessionStore } from '../state/sessionStore';

/** Each session's latest refresh: an earlier one that resolves after it must not overwrite its list. */
const latestRefresh = new WeakMap<SessionStore, number>();

/**
 * Re-reads the data sets stored in this browser and how full its storage is. Never rejects: when
 * storage cannot be read, the library says so.
 */
export async function readLibrary(session: SessionStore): Promise<void> {
  const refresh = (latestRefresh.get(session) ?? 0) + 1;
  latestRefresh.set(session, refresh);
  let listing: LibraryListing;
  try {
    const [datasets, usage] = await Promise.all([listDatasets(), estimateStorage()]);
    listing = usage ? { datasets, usage } : { datasets };
  } catch (error) {
    listing = { datasets: [], error: error instanceof Error ? error.message : String(error) };
  }
  if (latestRefresh.get(session) === refresh) session.getState().setLibrary(listing);
}
