import { ActionButton, useActions } from './ActionsContext';
import { usePopover } from './usePopover';

/**
 * Save, open and share the project (the graph and settings, never the data). In a narrow window the
 * top bar has no room for them side by side: the stylesheet folds them behind a "Project" button.
 */
export function ProjectMenu() {
  const actions = useActions();
  const { open, setOpen, popoverId, root, button } = usePopover();
  return (
    <div className="project-menu" ref={root} data-open={open}>
      <button
        ref={button}
        type="button"
        className="project-menu-toggle"
        aria-expanded={open}
        aria-controls={popoverId}
        onClick={() => setOpen(!open)}
      >
        Project
      </button>
      {/* A choice made closes the folded menu; a file chooser opened from it still reports to its input. */}
      <div
        id={popoverId}
        className="project-menu-items"
        role="group"
        aria-label="Project"
        onClick={() => setOpen(false)}
      >
        <ActionButton name="saveProjectFile" testId="save-project">
          Save
        </ActionButton>
        <label className="button-like" title="Open a .tensorloom.json project file">
          Open
          <input
            type="file"
            accept=".json,application/json"
            data-testid="open-project-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void actions.perform('openProjectFile', file);
            }}
          />
        </label>
        <label
          className="button-like"
          title="Import a trained model: the zip the studio exports, or model.json with its weight files (.bin). Dropping them on the canvas works too."
        >
          Import model…
          <input
            type="file"
            multiple
            accept=".zip,.json,.bin,application/zip,application/json"
            data-testid="import-model-input"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              if (files.length > 0) void actions.perform('importModel', files);
            }}
          />
        </label>
        <ActionButton name="copyShareLink" testId="share-project">
          Share link
        </ActionButton>
      </div>
    </div>
  );
}
