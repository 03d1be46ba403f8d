import { cyclesOf } from '../model/infer';
import { layoutGraph } from '../model/layout';
import { TEMPLATES, templateMismatch } from '../model/templates';
import { analyseCached } from '../state/analysis';
import type { Graph, LayerNode } from '../model/graph';
import type { Action, ActionContext } from './types';

/** Where pasted layers land relative to the copies: below them by about a card's height, so none is hidden. */
const PASTE_OFFSET = { x: 40, y: 110 };

function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  return !!target && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
}

const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;
const onCanvas = ({ session }: ActionContext): true | string =>
  session.getState().view === 'design' ? true : 'Open the Design view first.';
const withSelection = (ctx: ActionContext): true | string =>
  onCanvas(ctx) === true && ctx.session.getState().selectedNodeIds.length > 0
    ? true
    : 'Select one or more layers first.';

/** The selected layers and the edges between them. */
function selectedFragment({ project, session }: ActionContext): Graph {
  const ids = new Set(session.getState().selectedNodeIds);
  const { nodes, edges } = project.getState().project.graph;
  return {
    nodes: nodes.filter((n) => ids.has(n.id)),
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  };
}

/**
 * Pastes a copy of the fragment and selects it. A fragment with a cycle (copied from a project
 * file that had one) is refused whole, so a paste never adds a cycle to the graph.
 */
function pasteFragment({ project, session }: ActionContext, fragment: Graph) {
  const [cycle] = cyclesOf(fragment);
  if (cycle)
    return session.getState().notify({
      kind: 'error',
      text: `Nothing was pasted: the copied layers form a cycle (${[...cycle, cycle[0]].join(' → ')}), and a layer cannot take its own output as input. Remove an edge of the cycle, then copy again.`,
    });
  const ids = project.getState().insertFragment(fragment, PASTE_OFFSET);
  session.getState().select(ids, []);
}

/** Adds a layer of `type` with its default params at `position` (canvas coordinates) and selects it. */
export const addLayer: Action<{ readonly type: string; readonly position: LayerNode['position'] }> = {
  label: 'Add layer',
  perform: ({ project, session }, { type, position }) =>
    session.getState().select([project.getState().addNode(type, position)], []),
};

/**
 * Connects `source` to `target`. A connection that would be invalid (a cycle, a layer's inputs full)
 * changes nothing and says why; a valid one withdraws an earlier such notice.
 */
export const connectLayers: Action<{ readonly source: string; readonly target: string }> = {
  label: 'Connect layers',
  perform: ({ project, session }, { source, target }) => {
    const problem = project.getState().connect(source, target);
    session.getState().notify(problem ? { kind: 'error', text: problem } : null);
  },
};

/**
 * Sets some of a layer's params, as typed: a value out of range is kept (the Inspector shows
 * why it is wrong) rather than refused, so what the person typed is never lost.
 */
export const setLayerParams: Action<{ readonly nodeId: string; readonly params: Readonly<Record<string, unknown>> }> = {
  label: 'Change layer settings',
  perform: ({ project }, { nodeId, params }) => project.getState().setParams(nodeId, params),
};

/** Freezes a layer (training leaves its weights) or lets it train again. */
export const setLayerTrainable: Action<{ readonly nodeId: string; readonly trainable: boolean }> = {
  label: 'Train this layer’s weights',
  perform: ({ project }, { nodeId, trainable }) => project.getState().setTrainable(nodeId, trainable),
};

/** Selects exactly these layers and edges (a click, a box drawn on the canvas); never an undo step. */
export const select: Action<{ readonly nodeIds: readonly string[]; readonly edgeIds: readonly string[] }> = {
  label: 'Select',
  perform: ({ session }, { nodeIds, edgeIds }) => session.getState().select(nodeIds, edgeIds),
};

export const deleteSelection: Action = {
  label: 'Delete selection',
  shortcut: 'Delete',
  keyTest: (e) => (e.key === 'Delete' || e.key === 'Backspace') && !isTyping(e),
  predicate: (ctx) => {
    const { selectedNodeIds, selectedEdgeIds } = ctx.session.getState();
    return onCanvas(ctx) === true && selectedNodeIds.length + selectedEdgeIds.length > 0
      ? true
      : 'Nothing is selected.';
  },
  perform: ({ project, session }) => {
    const { selectedNodeIds, selectedEdgeIds } = session.getState();
    project.getState().removeElements(selectedNodeIds, selectedEdgeIds);
    session.getState().select([], []);
  },
};

export const undo: Action = {
  label: 'Undo',
  shortcut: 'Ctrl+Z',
  keyTest: (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === 'z' && !isTyping(e),
  predicate: ({ project }) => (project.temporal.getState().pastStates.length > 0 ? true : 'Nothing to undo.'),
  perform: ({ project }) => project.temporal.getState().undo(),
};

export const redo: Action = {
  label: 'Redo',
  shortcut: 'Ctrl+Shift+Z',
  keyTest: (e) =>
    mod(e) && ((e.shiftKey && e.key.toLowerCase() === 'z') || e.key.toLowerCase() === 'y') && !isTyping(e),
  predicate: ({ project }) => (project.temporal.getState().futureStates.length > 0 ? true : 'Nothing to redo.'),
  perform: ({ project }) => project.temporal.getState().redo(),
};

export const selectAll: Action = {
  label: 'Select all layers',
  shortcut: 'Ctrl+A',
  keyTest: (e) => mod(e) && e.key.toLowerCase() === 'a' && !isTyping(e),
  predicate: onCanvas,
  perform: ({ project, session }) => {
    const { nodes, edges } = project.getState().project.graph;
    session.getState().select(
      nodes.map((n) => n.id),
      edges.map((e) => e.id),
    );
  },
};

export const copySelection: Action = {
  label: 'Copy',
  shortcut: 'Ctrl+C',
  keyTest: (e) => mod(e) && e.key.toLowerCase() === 'c' && !isTyping(e),
  predicate: withSelection,
  perform: (ctx) => ctx.session.getState().setClipboard(selectedFragment(ctx)),
};

export const paste: Action = {
  label: 'Paste',
  shortcut: 'Ctrl+V',
  keyTest: (e) => mod(e) && e.key.toLowerCase() === 'v' && !isTyping(e),
  predicate: (ctx) => (onCanvas(ctx) === true && ctx.session.getState().clipboard ? true : 'Copy some layers first.'),
  perform: (ctx) => {
    const clipboard = ctx.session.getState().clipboard;
    if (clipboard) pasteFragment(ctx, clipboard);
  },
};

export const duplicateSelection: Action = {
  label: 'Duplicate',
  shortcut: 'Ctrl+D',
  keyTest: (e) => mod(e) && e.key.toLowerCase() === 'd' && !isTyping(e),
  predicate: withSelection,
  perform: (ctx) => pasteFragment(ctx, selectedFragment(ctx)),
};

export const autoLayout: Action = {
  label: 'Tidy up layout',
  shortcut: 'Shift+L',
  keyTest: (e) => e.shiftKey && !mod(e) && e.key.toLowerCase() === 'l' && !isTyping(e),
  predicate: onCanvas,
  perform: ({ project, session }) => {
    const { measured, canvasSize } = session.getState();
    project.getState().setPositions(layoutGraph(project.getState().project.graph, measured, canvasSize ?? undefined));
    session.getState().requestFitView();
  },
};

export const showShortcuts: Action = {
  label: 'Keyboard shortcuts',
  shortcut: '?',
  keyTest: (e) => e.key === '?' && !isTyping(e),
  perform: ({ session }) => session.getState().openDialog('shortcuts'),
};

/** Replaces the graph with a template built for the current data (undo brings the old one back). */
export const applyTemplate: Action<string> = {
  label: 'Start from a template',
  perform: ({ project, session }, templateId) => {
    const template = TEMPLATES.find((t) => t.id === templateId);
    if (!template) return;
    const { graph, data } = project.getState().project;
    const meta = data.datasetId ? session.getState().datasets[data.datasetId] : undefined;
    const context = analyseCached(graph, meta, data).data;
    const mismatch = templateMismatch(template, context);
    if (mismatch) return session.getState().notify({ kind: 'error', text: mismatch });
    project.getState().replaceGraph(template.build(context ?? undefined));
    session.getState().select([], []);
    session.getState().requestLayout();
    session.getState().notify({
      kind: 'change',
      text: `Started from ${template.name}. Undo (Ctrl+Z) brings your previous graph back.`,
    });
  },
};

/** Applies the one-click repair a node's shape error suggests (e.g. insert a Flatten before it). */
export const applyFix: Action<string> = {
  label: 'Fix',
  perform: ({ project, session }, nodeId) => {
    const { graph, data } = project.getState().project;
    const meta = data.datasetId ? session.getState().datasets[data.datasetId] : undefined;
    const fix = analyseCached(graph, meta, data).inference.nodes[nodeId]?.fix;
    const inserted = fix && project.getState().insertBefore(nodeId, fix.insert);
    if (inserted) session.getState().select([inserted], []);
  },
};
