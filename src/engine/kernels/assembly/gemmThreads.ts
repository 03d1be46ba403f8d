// Shares a large gemm among threads. The caller (the thread tfjs runs on) publishes the product in
// a control block of shared memory, wakes the helpers (instances of this module on the same
// memory, each waiting in `gemmHelp`), takes blocks itself, and spins until every block is done.
// Helpers take blocks as they come: one slow to wake only leaves the caller more to do, and
// nothing waits for it. Spinning, not waiting, because a page's main thread may not wait (the
// bench trains there); the helpers, in workers, may.
//
// A job's blocks are, in claim order: groups of B's panels to pack, then groups of A's row panels
// to multiply by the packed B. A thread that claims a row block before the packing is done waits
// for it, spinning: every packing block is claimed by then, so the wait is short.
//
// A block is claimed by compare-and-swap on one 64-bit word holding the job's epoch and its next
// block, so a helper that read an older job's parameters can never claim a block of a newer one.
// The caller writes a job's parameters only once the previous job is done, before publishing it.
//
// Compiled into the shared-memory build only (ASC_FEATURE_THREADS); in the other, the caller runs
// every product alone.

import { bPanels, packB, rowPanels, threadScratchFloats } from './gemmPanels';

/** The claim word: epoch << 32 | next block. */
const CLAIM = 0;
/** Blocks finished in this epoch; a cache line away from CLAIM, which is written as often. */
const DONE = 64;
/** Packing blocks finished in this epoch. */
const PACKED = 128;
const PARAMS = 192;
/** Bytes of the control block; `gemmThreads` takes its address, 16-byte aligned. */
const GEMM_CONTROL_BYTES = 320;

/**
 * Products with fewer floating-point operations run on the caller alone (about 100 µs of work on
 * one thread). Measured (bench/gemm.mjs, two cores): back to back, sharing pays from ~1.5 MFLOP;
 * with other work between products, as in training, a helper has gone to sleep and waking it
 * costs tens of µs, so sharing pays from ~4 MFLOP (1.0× there, 1.2–1.3× at 8, 1.6–1.9× at 25).
 */
const MIN_SHARED_FLOPS: f64 = 4e6;
/** Row blocks per thread: enough to even out two busy cores, few enough to claim rarely. */
const ROW_BLOCKS_PER_THREAD = 8;
/** Packing blocks per thread: packing is short, and the row blocks wait for all of it. */
const PACK_BLOCKS_PER_THREAD = 2;
/** Claim-word reads a helper spins before it waits: gemms come in bursts, and waking takes longer. */
const HELPER_SPINS = 20000;

// Per instance (wasm globals, not memory): set on the caller's by `gemmThreads`; zero helpers elsewhere.
let control: usize = 0;
let helpers: i32 = 0;

/** Lets this instance share its products with `helperCount` helpers waiting on the control block at `job`. */
export function gemmThreads(job: usize, helperCount: i32): void {
  control = job;
  helpers = ASC_FEATURE_THREADS ? helperCount : 0;
}

export function gemmControlBytes(): i32 {
  return GEMM_CONTROL_BYTES;
}

/** Threads a product may run on: this one and its helpers. */
export function gemmThreadCount(): i32 {
  return helpers + 1;
}

/**
 * Runs the product on this thread and the helpers: packs B into `packedB`, then computes C's row
 * panels; false, having done nothing, when it is too small to share or there are no helpers.
 */
export function shareProduct(
  panels: i32,
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  lda: i32,
  transA: bool,
  b: usize,
  ldb: i32,
  transB: bool,
  packedB: usize,
  c: usize,
  ldc: i32,
  accumulate: bool,
  threadScratch: usize,
): bool {
  if (!ASC_FEATURE_THREADS) return false;
  if (helpers == 0 || panels < 2 || 2.0 * <f64>m * <f64>n * <f64>k < MIN_SHARED_FLOPS) return false;
  const threads = helpers + 1;
  const columnPanels = bPanels(n);
  const packPanelsPerBlock = max(1, columnPanels / (PACK_BLOCKS_PER_THREAD * threads));
  const packBlocks = (columnPanels + packPanelsPerBlock - 1) / packPanelsPerBlock;
  const rowPanelsPerBlock = max(1, panels / (ROW_BLOCKS_PER_THREAD * threads));
  const blocks = packBlocks + (panels + rowPanelsPerBlock - 1) / rowPanelsPerBlock;
  const params = control + PARAMS;
  store<i32>(params, m, 0);
  store<i32>(params, n, 4);
  store<i32>(params, k, 8);
  store<usize>(params, a, 12);
  store<i32>(params, lda, 16);
  store<i32>(params, transA ? 1 : 0, 20);
  store<usize>(params, b, 24);
  store<i32>(params, ldb, 28);
  store<i32>(params, transB ? 1 : 0, 32);
  store<usize>(params, packedB, 36);
  store<usize>(params, c, 40);
  store<i32>(params, ldc, 44);
  store<i32>(params, accumulate ? 1 : 0, 48);
  store<usize>(params, threadScratch, 52);
  store<i32>(params, blocks, 56);
  store<i32>(params, packBlocks, 60);
  store<i32>(params, packPanelsPerBlock, 64);
  store<i32>(params, rowPanelsPerBlock, 68);
  store<i32>(params, panels, 72);
  store<i32>(params, helpers, 76);
  atomic.store<i32>(control + DONE, 0);
  atomic.store<i32>(control + PACKED, 0);
  const epoch = (atomic.load<i64>(control + CLAIM) >>> 32) + 1;
  atomic.store<i64>(control + CLAIM, epoch << 32);
  atomic.notify(control + CLAIM, helpers);
  // Only the caller moves the epoch on, so its claims need no compare.
  for (let block = claimedBlock(atomic.add<i64>(control + CLAIM, 1)); block < blocks; block = claimedBlock(atomic.add<i64>(control + CLAIM, 1))) {
    runBlock(control, block, threadScratch);
  }
  while (atomic.load<i32>(control + DONE) < blocks) {}
  return true;
}

/**
 * A helper's life: takes blocks of each job published on the control block at `job` (threads
 * other than the caller use scratch slots 1, 2, …: `helper` is 0-based). Never returns; the
 * worker it runs in is terminated.
 */
export function gemmHelp(job: usize, helper: i32): void {
  if (!ASC_FEATURE_THREADS) return;
  const params = job + PARAMS;
  while (true) {
    const claim = atomic.load<i64>(job + CLAIM);
    // Read after the claim word: if a newer job rewrites them meanwhile, the compare below fails.
    // A helper past this job's count has no scratch slot in it.
    if (claimedBlock(claim) >= load<i32>(params, 56) || helper >= load<i32>(params, 76)) {
      idle(job + CLAIM, claim);
      continue;
    }
    if (atomic.cmpxchg<i64>(job + CLAIM, claim, claim + 1) != claim) continue;
    runBlock(job, claimedBlock(claim), load<usize>(params, 52) + ((<usize>(helper + 1) * threadScratchFloats(load<i32>(params, 8))) << 2));
  }
}

@inline
function claimedBlock(claim: i64): i32 {
  return <i32>(claim & 0xffffffff);
}

/** Spins a while for the claim word to change from `claim`, then sleeps until the caller's notify. */
function idle(word: usize, claim: i64): void {
  for (let spin = 0; spin < HELPER_SPINS; spin++) if (atomic.load<i64>(word) != claim) return;
  memory.atomic.wait64(word, claim, -1);
}

/** Packs B's panels or computes C's rows, as block `block` of the job at `job` says, then counts it done. */
function runBlock(job: usize, block: i32, threadScratch: usize): void {
  const params = job + PARAMS;
  const n = load<i32>(params, 4);
  const k = load<i32>(params, 8);
  const packedB = load<usize>(params, 36);
  const packBlocks = load<i32>(params, 60);
  if (block < packBlocks) {
    const perBlock = load<i32>(params, 64);
    const first = block * perBlock;
    packB(first, min(first + perBlock, bPanels(n)), load<usize>(params, 24), load<i32>(params, 28), load<i32>(params, 32) != 0, n, k, packedB);
    atomic.add<i32>(job + PACKED, 1);
  } else {
    while (atomic.load<i32>(job + PACKED) < packBlocks) {}
    const perBlock = load<i32>(params, 68);
    const first = (block - packBlocks) * perBlock;
    rowPanels(
      first,
      min(first + perBlock, load<i32>(params, 72)),
      load<i32>(params, 0),
      n,
      k,
      load<usize>(params, 12),
      load<i32>(params, 16),
      load<i32>(params, 20) != 0,
      packedB,
      load<usize>(params, 40),
      load<i32>(params, 44),
      load<i32>(params, 48) != 0,
      threadScratch,
    );
  }
  atomic.add<i32>(job + DONE, 1);
}
