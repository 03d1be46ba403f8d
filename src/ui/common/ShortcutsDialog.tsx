import { actions } from '../../actions';
import { StudioDialog } from './StudioDialog';

const SHORTCUTS = Object.values(actions).flatMap((a) =>
  'shortcut' in a && a.shortcut ? [{ label: a.label, keys: a.shortcut }] : [],
);

/** Every keyboard shortcut, read from the actions themselves so it can never go stale. */
export function ShortcutsDialog() {
  return (
    <StudioDialog name="shortcuts" title="Keyboard shortcuts" className="shortcuts-dialog" testId="shortcuts-dialog">
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
    </StudioDialog>
  );
}
