import type { ReactNode } from 'react';
import type { SessionState } from '../../state/sessionStore';
import { useSessionStore } from '../../state/StudioProvider';
import { useActions } from './ActionsContext';
import { useModalDialog } from './useModalDialog';

/**
 * One of the studio's modal dialogs, open while the session store names it: a native <dialog> (focus
 * trapped, Escape closes) whose closing, however it happens, goes through the closeDialog action.
 * Its content is rendered only while it is open, so a form starts afresh each time.
 */
export function StudioDialog({
  name,
  title,
  className,
  testId,
  children,
}: {
  name: NonNullable<SessionState['dialog']>;
  title: string;
  className: string;
  testId?: string;
  children: ReactNode;
}) {
  const open = useSessionStore((s) => s.dialog === name);
  const actions = useActions();
  const dialog = useModalDialog(open);
  return (
    <dialog
      ref={dialog}
      className={className}
      data-testid={testId}
      aria-labelledby={`${name}-title`}
      onClose={() => void actions.perform('closeDialog')}
    >
      <h2 id={`${name}-title`}>{title}</h2>
      {open && children}
    </dialog>
  );
}
