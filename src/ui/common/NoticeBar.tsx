import { useEffect } from 'react';
import { importFraction } from '../../data/importProgress';
import { useSessionStore } from '../../state/StudioProvider';

/** Confirmations fade on their own; errors and warnings stay until the person dismisses them. */
const INFO_VISIBLE_MS = 5_000;

/** The one place messages about the person's last action appear. */
export function NoticeBar() {
  const notice = useSessionStore((s) => s.notice);
  const importing = useSessionStore((s) => s.importing);
  const dismiss = useSessionStore((s) => s.notify);
  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const timer = setTimeout(() => dismiss(null), INFO_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [notice, dismiss]);
  if (importing) {
    return (
      <div className="notice info" role="status" data-testid="notice">
        Importing {importing.name}…{importing.progress && ` ${Math.floor(importFraction(importing.progress) * 100)}%`}
      </div>
    );
  }
  if (!notice) return null;
  return (
    <div className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      <span>
        {notice.text}
        {notice.details && (
          <details className="notice-details">
            <summary>Details</summary>
            <code data-testid="notice-details">{notice.details}</code>
          </details>
        )}
      </span>
      <button type="button" className="notice-close" aria-label="Dismiss" onClick={() => dismiss(null)}>
        ×
      </button>
    </div>
  );
}
