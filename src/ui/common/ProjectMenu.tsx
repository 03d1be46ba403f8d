import { ActionButton, useActions } from './ActionsContext';

/** Save, open and share the project (the graph and settings, never the data). */
export function ProjectMenu() {
  const actions = useActions();
  return (
    <div className="project-menu" role="group" aria-label="Project">
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
      <ActionButton name="copyShareLink" testId="share-project">
        Share link
      </ActionButton>
    </div>
  );
}
