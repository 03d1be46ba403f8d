import { ActionButton } from '../common/ActionsContext';

/** Editing commands over the canvas; each button shows its shortcut in its tooltip. */
export function CanvasToolbar() {
  return (
    <div className="canvas-toolbar" role="toolbar" aria-label="Canvas">
      <ActionButton name="undo" testId="undo" />
      <ActionButton name="redo" testId="redo" />
      <ActionButton name="duplicateSelection" testId="duplicate" />
      <ActionButton name="autoLayout" testId="auto-layout" />
      <ActionButton name="showShortcuts" testId="show-shortcuts" />
    </div>
  );
}
