/**
 * Reproducible randomness for tfjs. Every random number tfjs draws without an explicit seed
 * (weight initialisers, dropout masks) starts from `Math.random()`, so running the code that
 * draws them with `Math.random` replaced by a seeded generator makes the draws repeat. Each layer
 * and each training step gets its own seed, derived from the run's: a layer's initial weights
 * depend on the run's seed and the layer's name only, not on how many layers were built before it.
 * (An explicit initialiser seed would not do for dropout: tfjs would draw the same mask every step;
 * and tfjs reads an explicit seed of 0 as "no seed".)
 */
import { mulberry32 } from '../data/split';

/**
 * Runs `fn` with `Math.random` drawing from a generator seeded with `seed`, and restores it
 * afterwards, also when `fn` throws. `fn` must be synchronous: during an await, other code would
 * draw from the seeded stream (and the stream would depend on what ran in between).
 */
export function withSeededRandom<T>(seed: number, fn: () => T): T {
  const original = Math.random;
  Math.random = mulberry32(seed);
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}

/** The seed of one part of a run (`layer:dense_1`, `step:3:12`): FNV-1a over the run's seed and the part's name. */
export function derivedSeed(runSeed: number, part: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${runSeed >>> 0}/${part}`) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
