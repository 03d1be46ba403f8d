import { useSessionStore } from '../../state/StudioProvider';
import { useModalDialog } from './useModalDialog';

/** The question an action is waiting on (`session.confirm`); Escape and Cancel answer no. */
export function ConfirmDialog() {
  const confirmation = useSessionStore((s) => s.confirmation);
  const dialog = useModalDialog(confirmation !== null);
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      data-testid="confirm-dialog"
      aria-labelledby="confirm-title"
      onClose={() => confirmation?.answer(false)}
    >
      <h2 id="confirm-title">{confirmation?.title}</h2>
      <p>{confirmation?.text}</p>
      <div className="dialog-buttons">
        {/* Focused first: Enter on a destructive question should not destroy. */}
        <button type="button" autoFocus onClick={() => confirmation?.answer(false)}>
          Cancel
        </button>
        <button type="button" className="danger" data-testid="confirm-yes" onClick={() => confirmation?.answer(true)}>
          {confirmation?.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
