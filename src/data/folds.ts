/** Seeded, stratified k-fold cross-validation: which positions each fold holds out. */
import type { Result } from '../model/result';
import { mulberry32, shuffleInPlace, strataOf, type Split } from './split';

/** Which fold of a k-fold cross-validation a run validates on (0-based `index` of `folds` asked for). */
export interface FoldChoice {
  readonly folds: number;
  readonly index: number;
}

/** The folds a fold run's non-test rows were cut into: fewer than asked for, with why, when a class is too small. */
export interface FoldsMade {
  readonly count: number;
  readonly reduced?: string;
}

export interface FoldOptions {
  /** Folds asked for (k ≥ 2); fewer are made when a stratum is too small, with the reason in `reduced`. */
  readonly folds: number;
  readonly seed: number;
  /** One stratum per position (a class index for classification): each fold gets its share of every stratum. */
  readonly stratifyBy?: Int32Array;
  /** A stratum's name for the person (a class label), used in the reasons. */
  readonly stratumName?: (stratum: number) => string;
}

export interface CrossValidationFolds {
  /** The positions each fold holds out, ascending; fold i trains on every other position. */
  readonly heldOut: readonly Uint32Array[];
  /** Why there are fewer folds than asked for, in words; absent when there are as many. */
  readonly reduced?: string;
}

/**
 * Splits positions 0 … n-1 into k folds. Each stratum is shuffled with the seed and dealt to the folds in turn,
 * the deal carrying on from one stratum to the next, so folds differ in size by at most one and hold every
 * stratum in proportion. A fold needs a row of every class, so k is at most the smallest class's size; a class
 * with a single row makes cross-validation impossible, which is said rather than thrown.
 */
export function crossValidationFolds(n: number, options: FoldOptions): Result<CrossValidationFolds> {
  const { folds: asked, seed, stratifyBy, stratumName = (s) => String(s) } = options;
  if (!Number.isInteger(asked) || asked < 2)
    throw new RangeError(`crossValidationFolds: folds must be ≥ 2, received ${asked}`);
  if (stratifyBy !== undefined && stratifyBy.length !== n) {
    throw new RangeError(`crossValidationFolds: stratifyBy has ${stratifyBy.length} entries for ${n} items`);
  }
  const strata = strataOf(n, stratifyBy);
  const smallest = strata.reduce<Uint32Array | undefined>(
    (a, s) => (a === undefined || s.length < a.length ? s : a),
    undefined,
  );
  const smallestSize = smallest?.length ?? 0;
  const what = () =>
    stratifyBy === undefined
      ? `there are only ${smallestSize} rows`
      : `the class "${stratumName(stratifyBy[smallest![0]!]!)}" has only ${smallestSize} ${smallestSize === 1 ? 'row' : 'rows'}`;
  if (smallestSize < 2) {
    const needs = stratifyBy === undefined ? 'at least 2 rows' : 'at least 2 rows of every class';
    return { ok: false, error: `Cross-validation needs ${needs}: ${what()}.` };
  }
  const k = Math.min(asked, smallestSize);
  const random = mulberry32(seed);
  const members: number[][] = Array.from({ length: k }, () => []);
  let dealt = 0;
  for (const stratum of strata) {
    shuffleInPlace(stratum, random);
    for (const position of stratum) members[dealt++ % k]!.push(position);
  }
  return {
    ok: true,
    value: {
      heldOut: members.map((positions) => Uint32Array.from(positions).sort()),
      ...(k < asked && { reduced: `${k} folds instead of ${asked}: ${what()}, and every fold needs one.` }),
    },
  };
}

/** The positions fold `heldOut` trains on: every position in 0 … n-1 it does not hold out, ascending. */
export function trainingPositions(n: number, heldOut: Uint32Array): Uint32Array {
  const out = new Uint8Array(n);
  for (const position of heldOut) out[position] = 1;
  const positions = new Uint32Array(n - heldOut.length);
  let next = 0;
  for (let i = 0; i < n; i++) if (out[i] === 0) positions[next++] = i;
  return positions;
}

/**
 * `split` with its training and validation positions pooled and cut into folds (`crossValidationFolds`, seeded
 * and stratified by `options`, `stratifyBy` over all n positions): fold `choice.index` validates, the others
 * train, and the test positions stay as they are. The same seed and split give the same folds, so the k runs of
 * one cross-validation each pick a different fold of one partition. Fails, with a sentence, when the folds cannot
 * be made or there are fewer than `choice.index + 1` of them.
 */
export function foldOfSplit(
  split: Split,
  choice: FoldChoice,
  options: Omit<FoldOptions, 'folds'>,
): Result<Split & { readonly folds: FoldsMade }> {
  const pooled = new Uint32Array(split.train.length + split.validation.length);
  pooled.set(split.train);
  pooled.set(split.validation, split.train.length);
  pooled.sort();
  const { stratifyBy } = options;
  const folds = crossValidationFolds(pooled.length, {
    ...options,
    folds: choice.folds,
    stratifyBy: stratifyBy && Int32Array.from(pooled, (position) => stratifyBy[position]!),
  });
  if (!folds.ok) return folds;
  const { heldOut, reduced } = folds.value;
  const fold = heldOut[choice.index];
  if (fold === undefined) {
    return {
      ok: false,
      error: `Fold ${choice.index + 1} of ${choice.folds} cannot be made: ${reduced ?? 'there are fewer folds.'}`,
    };
  }
  const toPositions = (indices: Uint32Array) => indices.map((i) => pooled[i]!);
  return {
    ok: true,
    value: {
      train: toPositions(trainingPositions(pooled.length, fold)),
      validation: toPositions(fold),
      test: split.test,
      folds: { count: heldOut.length, ...(reduced !== undefined && { reduced }) },
    },
  };
}
