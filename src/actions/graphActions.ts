import type { Action } from './types';

function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  return !!target && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
}

export const deleteSelection: Action = {
  label: 'Delete selection',
  keyTest: (e) => (e.key === 'Delete' || e.key === 'Backspace') && !isTyping(e),
  predicate: ({ session }) => {
    const { view, selectedNodeIds, selectedEdgeIds } = session.getState();
    return view === 'design' && selectedNodeIds.length + selectedEdgeIds.length > 0 ? true : 'Nothing is selected.';
  },
  perform: ({ project, session }) => {
    const { selectedNodeIds, selectedEdgeIds } = session.getState();
    project.getState().removeElements(selectedNodeIds, selectedEdgeIds);
    session.getState().select([], []);
  },
};
