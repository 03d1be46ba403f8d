/** What the person looks at: the view, dialogs, notices, the colour scheme. Session only: never undoable. */
import type { ColourScheme, View } from '../state/sessionStore';
import type { Action } from './types';

export const openView: Action<View> = {
  label: 'Open a view',
  perform: ({ session }, view) => session.getState().setView(view),
};

export const closeDialog: Action = {
  label: 'Close',
  perform: ({ session }) => session.getState().openDialog(null),
};

/** Withdraws the notice shown (the person closed it, or it faded). */
export const dismissNotice: Action = {
  label: 'Dismiss',
  perform: ({ session }) => session.getState().dismissNotice(),
};

/** This browser's colour scheme (ui/common/colourScheme.ts remembers it), not the project's. */
export const setColourScheme: Action<ColourScheme> = {
  label: 'Colour scheme',
  perform: ({ session }, colourScheme) => session.getState().setColourScheme(colourScheme),
};
