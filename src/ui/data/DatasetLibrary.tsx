import { useEffect } from 'react';
import type { DatasetListing } from '../../data/schema';
import type { StorageUsage } from '../../data/storage';
import { useProjectStore, useSessionStore } from '../../state/StudioProvider';
import { useActions, useCan } from '../common/ActionsContext';
import { formatBytes, formatCount } from '../common/format';

/** The data sets stored in this browser: open one, delete one, and how full storage is. */
export function DatasetLibrary() {
  const actions = useActions();
  const library = useSessionStore((s) => s.library);
  const currentId = useProjectStore((s) => s.project.data.datasetId);
  const currentKnown = useSessionStore((s) => currentId !== null && currentId in s.datasets);
  const canOpen = useCan('openDataset');
  const canDelete = useCan('deleteDataset');
  useEffect(() => {
    void actions.perform('refreshLibrary');
  }, [actions]);
  if (!library) return null;
  const currentDeleted = currentId !== null && !currentKnown && !library.datasets.some((d) => d.id === currentId);
  return (
    <section className="library" data-testid="library" aria-labelledby="library-title">
      <h3 id="library-title">Stored in this browser</h3>
      {currentDeleted && (
        <p className="library-deleted" role="status" data-testid="dataset-deleted">
          The data set this project used was deleted. The graph and training settings are kept: open a data set below,
          load a sample or import a file.
        </p>
      )}
      {library.error && <p className="field-error">{library.error}</p>}
      {library.datasets.length === 0 && !library.error && <p className="hint">No data sets yet.</p>}
      <ul className="library-list">
        {library.datasets.map((listing) => (
          <li key={listing.id} data-testid="library-item" aria-current={listing.id === currentId || undefined}>
            <div className="library-name">
              <strong>{listing.name}</strong>
              {listing.id === currentId && <span className="pill small">in use</span>}
            </div>
            <div className="library-facts">{describe(listing)}</div>
            <div className="library-buttons">
              <button
                type="button"
                disabled={canOpen !== true || listing.id === currentId}
                title={canOpen === true ? undefined : canOpen}
                onClick={() => void actions.perform('openDataset', listing.id)}
              >
                Open
              </button>
              <button
                type="button"
                disabled={canDelete !== true}
                title={canDelete === true ? undefined : canDelete}
                onClick={() => void actions.perform('deleteDataset', listing.id)}
              >
                Delete
              </button>
            </div>
          </li>
        ))}
      </ul>
      <StorageUsageBar usage={library.usage} />
    </section>
  );
}

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/** "table · 150 rows · 4.6 kB · 3 Mar 2026" */
function describe(listing: DatasetListing): string {
  return [
    listing.kind ?? 'table',
    `${formatCount(listing.rowCount)} rows`,
    formatBytes(listing.bytes),
    DATE_FORMAT.format(listing.createdAt),
  ].join(' · ');
}

function StorageUsageBar({ usage }: { usage: StorageUsage | undefined }) {
  if (!usage) return <p className="hint">This browser does not say how much storage is left.</p>;
  return (
    <div className="storage-usage" data-testid="storage-usage">
      <meter
        min={0}
        max={usage.quotaBytes}
        high={usage.quotaBytes * 0.9}
        value={usage.usedBytes}
        aria-label="Storage used"
      />
      <span>
        {formatBytes(usage.usedBytes)} of {formatBytes(usage.quotaBytes)} used
      </span>
    </div>
  );
}
