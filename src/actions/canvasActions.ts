/**
 * What the Design view's canvas reports as the person works on it: layers dragged, and the sizes
 * their cards come out at. Undo records gestures, not events: a drag is one step however many
 * frames it moves through, and the room made for a card that grew belongs to the edit that grew it.
 */
import type { LayerNode } from '../model/graph';
import { layoutGraph, type Size } from '../model/layout';
import { makeRoom } from '../model/makeRoom';
import { amendLastStep, beginGesture, endGesture } from '../state/projectStore';
import type { Action } from './types';

/** Starts dragging layers: the moves until `endDrag` become one undo step. */
export const startDrag: Action = {
  label: 'Start dragging layers',
  perform: ({ project }) => beginGesture(project),
};

/** Ends the drag `startDrag` began, recording it as one undo step (none when nothing moved). */
export const endDrag: Action = {
  label: 'Stop dragging layers',
  perform: ({ project }) => endGesture(project),
};

/** Moves layers to new positions (canvas coordinates); inside a drag, all its moves are one undo step. */
export const moveLayers: Action<ReadonlyMap<string, LayerNode['position']>> = {
  label: 'Move layers',
  perform: ({ project }, positions) => {
    for (const [id, position] of positions) project.getState().moveNode(id, position);
  },
};

/**
 * Keeps the sizes the canvas measured its cards at (never undoable). A card that grew since it was
 * last measured (a wider param, a problem shown on it) moves the cards it now covers, within the
 * undo step of the edit that grew it, so one undo takes both back.
 */
export const measureLayers: Action<ReadonlyMap<string, Size>> = {
  label: 'Measure layer cards',
  perform: ({ project, session }, sizes) => {
    const grown: string[] = [];
    for (const [id, size] of sizes) {
      const before = session.getState().measured[id];
      if (before && (size.width > before.width || size.height > before.height)) grown.push(id);
      session.getState().setMeasured(id, size);
    }
    if (grown.length === 0) return;
    const moved = makeRoom(project.getState().project.graph, session.getState().measured, grown);
    if (moved.size > 0) amendLastStep(project, (state) => state.setPositions(moved));
  },
};

/**
 * Lays the graph out again with its cards' measured sizes, within the last undo step: a template is
 * laid out before any of its cards exists, so this completes it, and one undo takes both back.
 */
export const layOutMeasured: Action = {
  label: 'Lay out with measured sizes',
  perform: ({ project, session }) => {
    const { measured, canvasSize } = session.getState();
    amendLastStep(project, (state) =>
      state.setPositions(layoutGraph(state.project.graph, measured, canvasSize ?? undefined)),
    );
  },
};
