import { useCallback, useEffect } from 'react';
import { importFraction } from '../../data/importProgress';
import { noticeLifetimeMs } from '../../state/sessionStore';
import { useSessionStore } from '../../state/StudioProvider';
import { useActions } from './ActionsContext';

/**
 * The one place messages about the person's last action appear. It floats over the view, so the page
 * does not move when a notice comes or goes.
 */
export function NoticeBar() {
  const notice = useSessionStore((s) => s.notice);
  const importing = useSessionStore((s) => s.importing);
  const actions = useActions();
  const dismiss = useCallback(() => void actions.perform('dismissNotice'), [actions]);
  useEffect(() => {
    const lifetime = notice ? noticeLifetimeMs(notice) : undefined;
    if (lifetime === undefined) return;
    const timer = setTimeout(dismiss, lifetime);
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
      <button type="button" className="notice-close" aria-label="Dismiss" onClick={dismiss}>
        ×
      </button>
    </div>
  );
}
