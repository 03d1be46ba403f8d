/** Seeded, optionally stratified train / validation split. */

/**
 * mulberry32, Tommy Ettinger's tiny 32-bit PRNG (public domain): fast, well mixed, and the same
 * sequence on every JavaScript engine, which Math.random cannot promise. Returns floats in [0, 1).
 * The seed is taken as an unsigned 32-bit integer (fractions are dropped).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle in place, drawing from `random`. */
export function shuffleInPlace(items: Uint32Array, random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = items[i]!;
    items[i] = items[j]!;
    items[j] = swap;
  }
}

export interface SplitOptions {
  readonly seed: number;
  /** Share of items held out for validation, in [0, 1). */
  readonly validationFraction: number;
  /**
   * One stratum per item (a class index for classification). Each stratum is split in
   * proportion, and every stratum with at least two items gives at least one to validation
   * and keeps at least one for training.
   */
  readonly stratifyBy?: Int32Array;
}

export interface Split {
  /** Positions in [0, n), ascending. Together the two arrays hold every position once. */
  readonly train: Uint32Array;
  readonly validation: Uint32Array;
}

/**
 * Splits positions 0 … n-1 (for example into an array of complete rows) into train and
 * validation. The same seed and inputs give the same split; a different seed shuffles differently.
 * Throws RangeError when the options are out of range: callers validate what people type.
 */
export function splitRows(n: number, options: SplitOptions): Split {
  const { seed, validationFraction, stratifyBy } = options;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`splitRows: n must be a non-negative integer, received ${n}`);
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    throw new RangeError(`splitRows: validationFraction must be in [0, 1), received ${validationFraction}`);
  }
  if (stratifyBy !== undefined && stratifyBy.length !== n) {
    throw new RangeError(`splitRows: stratifyBy has ${stratifyBy.length} entries for ${n} items`);
  }

  const random = mulberry32(seed);
  const isValidation = new Uint8Array(n);
  for (const stratum of strataOf(n, stratifyBy)) {
    shuffleInPlace(stratum, random);
    const take = validationCount(stratum.length, validationFraction);
    for (let k = 0; k < take; k++) isValidation[stratum[k]!] = 1;
  }

  const validationSize = isValidation.reduce((sum, flag) => sum + flag, 0);
  const train = new Uint32Array(n - validationSize);
  const validation = new Uint32Array(validationSize);
  let t = 0;
  let v = 0;
  for (let i = 0; i < n; i++) {
    if (isValidation[i] === 1) validation[v++] = i;
    else train[t++] = i;
  }
  return { train, validation };
}

/** Positions grouped by stratum, strata in ascending order so the draw sequence is fixed. */
function strataOf(n: number, stratifyBy: Int32Array | undefined): Uint32Array[] {
  if (stratifyBy === undefined) return [Uint32Array.from({ length: n }, (_, i) => i)];
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = stratifyBy[i]!;
    const list = members.get(key);
    if (list === undefined) members.set(key, [i]);
    else list.push(i);
  }
  return [...members.keys()].sort((a, b) => a - b).map((key) => Uint32Array.from(members.get(key)!));
}

/**
 * How many rows each side of a split gets, from the strata sizes alone (one stratum when not
 * stratified): what `splitRows` will produce, shown before any row is read.
 */
export function splitSizes(strata: readonly number[], validationFraction: number): { train: number; validation: number } {
  const validation = strata.reduce((sum, size) => sum + validationCount(size, validationFraction), 0);
  return { train: strata.reduce((a, b) => a + b, 0) - validation, validation };
}

/** round(size × fraction), but at least one each side when there are two or more and fraction > 0. */
function validationCount(size: number, fraction: number): number {
  if (fraction === 0 || size < 2) return 0;
  return Math.min(size - 1, Math.max(1, Math.round(size * fraction)));
}
