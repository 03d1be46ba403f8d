import { actions } from '../../actions';
import { useSessionStore } from '../../state/StudioProvider';
import { useActions } from './ActionsContext';
import { useModalDialog } from './useModalDialog';

const SHORTCUTS = Object.values(actions).flatMap((a) =>
  'shortcut' in a && a.shortcut ? [{ label: a.label, keys: a.shortcut }] : [],
);

/** Every keyboard shortcut, read from the actions themselves so it can never go stale. */
export function ShortcutsDialog() {
  const open = useSessionStore((s) => s.dialog === 'shortcuts');
  const actions = useActions();
  const dialog = useModalDialog(open);
  return (
    <dialog
      ref={dialog}
      className="shortcuts-dialog"
      data-testid="shortcuts-dialog"
      onClose={() => void actions.perform('closeDialog')}
    >
      <h2>Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map(({ label, keys }) => (
            <tr key={label}>
              <td>{label}</td>
              <td>
                <kbd>{keys}</kbd>
              </td>
            </tr>
          ))}
          <tr>
            <td>Select several layers</td>
            <td>
              <kbd>Shift</kbd>/<kbd>Ctrl</kbd>+click, or <kbd>Shift</kbd>+drag a box
            </td>
          </tr>
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" className="primary">
          Close
        </button>
      </form>
    </dialog>
  );
}
