/** Seeded, optionally stratified train / validation / test split. */
import type { SplitOrder } from './schema';

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
  /** Share of items held out for the final test, in [0, 1); validation + test must stay below 1. Default 0. */
  readonly testFraction?: number;
  /**
   * 'random' (the default) shuffles with the seed; 'sequential' keeps the items' order — the
   * first for training, then validation, the last for test — as time series need.
   */
  readonly order?: SplitOrder;
  /**
   * One stratum per item (a class index for classification); random order only. Each stratum is
   * split in proportion, and a stratum large enough gives every held-out side at least one item
   * while keeping at least one for training.
   */
  readonly stratifyBy?: Int32Array;
}

export interface Split {
  /** Positions in [0, n), ascending. Together the three arrays hold every position once. */
  readonly train: Uint32Array;
  readonly validation: Uint32Array;
  readonly test: Uint32Array;
}

export type SplitSide = keyof Split;

const TRAIN = 0;
const VALIDATION = 1;
const TEST = 2;

/**
 * Splits positions 0 … n-1 (for example into an array of complete rows) into train, validation
 * and test. The same seed and inputs give the same split; a different seed shuffles differently.
 * Throws RangeError when the options are out of range: callers validate what people type.
 */
export function splitRows(n: number, options: SplitOptions): Split {
  const { seed, validationFraction, testFraction = 0, order = 'random', stratifyBy } = options;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`splitRows: n must be a non-negative integer, received ${n}`);
  if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
    throw new RangeError(
      `splitRows: fractions must be ≥ 0 and sum below 1, received ${validationFraction} and ${testFraction}`,
    );
  }
  if (stratifyBy !== undefined && stratifyBy.length !== n) {
    throw new RangeError(`splitRows: stratifyBy has ${stratifyBy.length} entries for ${n} items`);
  }

  const side = new Uint8Array(n);
  if (order === 'sequential') {
    const { validation, test } = heldOutCounts(n, validationFraction, testFraction);
    side.fill(VALIDATION, n - test - validation, n - test);
    side.fill(TEST, n - test);
  } else {
    const random = mulberry32(seed);
    for (const stratum of strataOf(n, stratifyBy)) {
      shuffleInPlace(stratum, random);
      const { validation, test } = heldOutCounts(stratum.length, validationFraction, testFraction);
      for (let k = 0; k < test; k++) side[stratum[k]!] = TEST;
      for (let k = test; k < test + validation; k++) side[stratum[k]!] = VALIDATION;
    }
  }
  return {
    train: positionsOn(side, TRAIN),
    validation: positionsOn(side, VALIDATION),
    test: positionsOn(side, TEST),
  };
}

function positionsOn(side: Uint8Array, which: number): Uint32Array {
  let count = 0;
  for (const s of side) if (s === which) count++;
  const positions = new Uint32Array(count);
  let next = 0;
  side.forEach((s, i) => {
    if (s === which) positions[next++] = i;
  });
  return positions;
}

/** Positions grouped by stratum, strata in ascending order so the draw sequence is fixed. */
export function strataOf(n: number, stratifyBy: Int32Array | undefined): Uint32Array[] {
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
export function splitSizes(
  strata: readonly number[],
  validationFraction: number,
  testFraction = 0,
): { train: number; validation: number; test: number } {
  let validation = 0;
  let test = 0;
  for (const size of strata) {
    const held = heldOutCounts(size, validationFraction, testFraction);
    validation += held.validation;
    test += held.test;
  }
  return { train: strata.reduce((a, b) => a + b, 0) - validation - test, validation, test };
}

/**
 * round(size × fraction) for each held-out side, but at least one for a side whose fraction is
 * above 0 — while training keeps at least one item, test served first.
 */
function heldOutCounts(
  size: number,
  validationFraction: number,
  testFraction: number,
): { validation: number; test: number } {
  const share = (fraction: number, available: number) =>
    fraction === 0 || available < 1 ? 0 : Math.min(available, Math.max(1, Math.round(size * fraction)));
  const test = share(testFraction, size - 1);
  const validation = share(validationFraction, size - 1 - test);
  return { validation, test };
}
