/**
 * Tensor shapes as Keras writes them: the batch axis first, `null` where a size is only known at
 * run time (the batch). Shape maths lives here once, pure, so the canvas can infer shapes on every
 * edit without tfjs.
 */
export type Dim = number | null;
export type Shape = readonly Dim[];

/** A one-click repair the canvas can offer: insert a layer of type `insert` just before the node. */
export interface ShapeFix {
  readonly label: string;
  readonly insert: string;
}

/** A shape-inference failure, worded for the person looking at the node, with a fix when one is obvious. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';

  constructor(
    message: string,
    readonly fix?: ShapeFix,
  ) {
    super(message);
  }
}

export function fail(message: string, fix?: ShapeFix): never {
  throw new ShapeError(message, fix);
}

export function formatShape(shape: Shape): string {
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')}${shape.length === 1 ? ',' : ''})`;
}

/** Several shapes for one message, in edge order: "(None, 3), (None, 3) and (None, 4)". */
export function formatShapes(shapes: readonly Shape[]): string {
  const formatted = shapes.map(formatShape);
  return formatted.length < 2 ? formatted.join('') : `${formatted.slice(0, -1).join(', ')} and ${formatted.at(-1)}`;
}

export function requireRank(shape: Shape, min: number, what: string): void {
  if (shape.length < min) fail(`${what} needs an input of rank ≥ ${min}, received ${formatShape(shape)}`);
}

/** The last axis as a known size; features must be known to size weights. */
export function lastDim(shape: Shape, what: string): number {
  const d = shape.at(-1);
  if (d === null || d === undefined) fail(`${what} needs a known last dimension, received ${formatShape(shape ?? [])}`);
  return d;
}

export function withLastDim(shape: Shape, size: number): Shape {
  return [...shape.slice(0, -1), size];
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Number of scalars per example (all axes but the batch); null when any is unknown. */
export function sizePerExample(shape: Shape): number | null {
  let size = 1;
  for (const d of shape.slice(1)) {
    if (d === null) return null;
    size *= d;
  }
  return size;
}

/** Checks the last axis is known and returns it; for layers that work over the features (norms, Dense). */
export function featureWidth(shape: Shape, what: string): number {
  requireRank(shape, 2, what);
  return lastDim(shape, what);
}

/**
 * Checks the input has exactly the axes `layout` names (e.g. batch, height, width, channels).
 * Such layers are usually fed from a flat or differently shaped tensor, so the message points to
 * Reshape, which fixes either case.
 */
export function requireLayout(shape: Shape, layout: readonly string[], what: string): void {
  if (shape.length !== layout.length)
    fail(
      `${what} needs an input of rank ${layout.length} (${layout.join(', ')}), received ${formatShape(shape)}; ` +
        `add a Reshape before it to arrange the values that way`,
    );
}

/** The product of some axes; an unknown length counts once, so FLOPs over it are per step. */
export function knownProduct(dims: readonly Dim[]): number {
  return dims.reduce<number>((n, d) => n * (d ?? 1), 1);
}

export type Padding = 'valid' | 'same';

/** A window slid along the spatial axes: a convolution's kernel or a pooling window. */
export interface SlidingWindow {
  readonly size: number;
  readonly stride: number;
  readonly padding: Padding;
  /** Spacing between the window's taps; 1 for pooling. */
  readonly dilation: number;
}

/** The input length a window covers, its taps spread by the dilation. */
export function windowSpan({ size, dilation }: Pick<SlidingWindow, 'size' | 'dilation'>): number {
  return (size - 1) * dilation + 1;
}

/**
 * Output length along one spatial axis, as Keras's `compute_conv_output_shape` (and tfjs's
 * `convOutputLength`) compute it: "same" pads so that only the stride shrinks the axis, "valid"
 * keeps only the positions where the whole window fits. May be ≤ 0 when it does not fit anywhere.
 */
export function slidingOutputLength(length: Dim, window: SlidingWindow): Dim {
  if (length === null) return null;
  const covered = window.padding === 'same' ? 1 : windowSpan(window);
  return Math.floor((length - covered) / window.stride) + 1;
}

/**
 * Output lengths of a window slid along each spatial axis. Fails when an axis has no position at
 * all: Keras would only reject a negative length, but an empty output is never what was meant.
 */
export function slideWindow(spatial: readonly Dim[], window: SlidingWindow, what: string): Dim[] {
  const lengths = spatial.map((length) => slidingOutputLength(length, window));
  if (lengths.some((length) => length !== null && length < 1))
    fail(
      `${what}'s window spans ${windowSpan(window)} steps but the input's spatial size is ${formatShape(spatial)}, ` +
        `so padding "valid" leaves no output; use padding "same", a smaller window or a larger input`,
    );
  return lengths;
}

/**
 * Output length of a transposed convolution along one axis (Keras's
 * `compute_conv_transpose_output_shape` with no output padding and no dilation): each input step
 * moves the output by the stride, and "valid" adds what the last kernel overhangs.
 */
export function transposedOutputLength(length: Dim, window: Omit<SlidingWindow, 'dilation'>): Dim {
  if (length === null) return null;
  const overhang = window.padding === 'valid' ? Math.max(window.size - window.stride, 0) : 0;
  return length * window.stride + overhang;
}
