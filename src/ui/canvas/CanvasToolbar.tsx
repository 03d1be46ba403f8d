import { TEMPLATES, templateMismatch } from '../../model/templates';
import { useAnalysis } from '../../state/analysis';
import { ActionButton, useActions } from '../common/ActionsContext';

/** Editing commands over the canvas; each button shows its shortcut in its tooltip. */
export function CanvasToolbar() {
  return (
    <div className="canvas-toolbar" role="toolbar" aria-label="Canvas">
      <TemplatePicker />
      <ActionButton name="undo" testId="undo" />
      <ActionButton name="redo" testId="redo" />
      <ActionButton name="duplicateSelection" testId="duplicate" />
      <ActionButton name="autoLayout" testId="auto-layout" />
      <ActionButton name="showShortcuts" testId="show-shortcuts" />
    </div>
  );
}

/** Templates that fit the current data can be picked; the others say what data they need. */
function TemplatePicker() {
  const actions = useActions();
  const { data } = useAnalysis();
  return (
    <select
      aria-label="Start from a template"
      data-testid="template-picker"
      value=""
      onChange={(e) => void actions.perform('applyTemplate', e.target.value)}
    >
      <option value="" disabled>
        Templates…
      </option>
      {TEMPLATES.map((template) => {
        const mismatch = templateMismatch(template, data);
        return (
          <option
            key={template.id}
            value={template.id}
            disabled={mismatch !== undefined}
            title={mismatch ?? template.description}
          >
            {template.name}
            {mismatch ? ` (needs ${template.dataKind} data)` : ''}
          </option>
        );
      })}
    </select>
  );
}
