/**
 * Tensor shapes as Keras writes them: the batch axis first, `null` where a size is only known at
 * run time (the batch). Shape maths lives here once, pure, so the canvas can infer shapes on every
 * edit without tfjs.
 */
export type Dim = number | null;
export type Shape = readonly Dim[];

/** A shape-inference failure, worded for the person looking at the node. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

export function fail(message: string): never {
  throw new ShapeError(message);
}

export function formatShape(shape: Shape): string {
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')}${shape.length === 1 ? ',' : ''})`;
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
