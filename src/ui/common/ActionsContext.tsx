import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { actions, type ActionManager, type ActionName, type PlainActionName } from '../../actions';

const ActionsContext = createContext<ActionManager | null>(null);

export function ActionsProvider({ manager, children }: { manager: ActionManager; children: ReactNode }) {
  return <ActionsContext.Provider value={manager}>{children}</ActionsContext.Provider>;
}

export function useActions(): ActionManager {
  const manager = useContext(ActionsContext);
  if (!manager) throw new Error('useActions must be used inside <ActionsProvider>');
  return manager;
}

/** Whether an action can run now (true) or why not; re-renders when any store changes the answer. */
export function useCan(name: ActionName): true | string {
  const manager = useActions();
  const { project, session, runs, sweep, auto } = manager.ctx;
  useStore(project, () => manager.can(name));
  // Undo history lives beside the project; it changes after the project store has notified.
  useStore(project.temporal, () => manager.can(name));
  useStore(session, () => manager.can(name));
  useStore(sweep, () => manager.can(name));
  useStore(auto, () => manager.can(name));
  return useStore(runs, () => manager.can(name));
}

/** A button bound to an action: disabled with the reason as its tooltip when it cannot run. */
function shortcutHint(name: ActionName): string | undefined {
  const action = actions[name];
  return 'shortcut' in action && action.shortcut ? `${action.label} (${action.shortcut})` : undefined;
}

export function ActionButton({
  name,
  className,
  children,
  testId,
}: {
  name: PlainActionName;
  className?: string;
  children?: ReactNode;
  testId?: string;
}) {
  const manager = useActions();
  const can = useCan(name);
  return (
    <button
      type="button"
      className={className}
      data-testid={testId ?? `action-${name}`}
      disabled={can !== true}
      title={can === true ? shortcutHint(name) : can}
      onClick={() => void manager.perform(name)}
    >
      {children ?? actions[name].label}
    </button>
  );
}
