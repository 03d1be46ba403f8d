/**
 * The drawing pad an image model is tried on, in the studio's Predict view and in the exported
 * web app: the same size, brush and inks, so a digit drawn on either shrinks to the same pixels.
 */

/** The pad's own pixels, square. */
export const PAD_SIZE = 160;
/** A stroke about a tenth of the pad: a digit drawn on it survives the shrink to 8×8 or 28×28. */
export const BRUSH = PAD_SIZE / 10;
export const INKS = {
  light: { ink: '#fff', paper: '#000', label: 'light ink on dark (like the digits sample)' },
  dark: { ink: '#000', paper: '#fff', label: 'dark ink on light' },
} as const;
export type Ink = keyof typeof INKS;
