// C = A·B (or C += A·B) in f32 with 128-bit SIMD, on row-major matrices anywhere in the memory
// this module shares with tfjs's wasm backend. A may be stored transposed ([k, m]), and B too
// ([n, k]): packing reads either layout, so every transposed product runs at the plain one's speed
// (tfjs's wasm BatchMatMul falls back to a scalar loop for them).
//
// Blocking: B is packed once into panels of NR columns ([k][NR] each), A into one panel of MR rows
// at a time ([k][MR]); an MR × NR tile of C lives in 8 vector registers over the whole k loop.
// Panels are zero-padded, so edge tiles compute in full and store only their valid part.
// On shared memory, a large product's packing and row panels are shared among threads (gemmThreads.ts).

import { bPanels, MR, packB, packedBFloats, rowPanels, threadScratchFloats } from './gemmPanels';
import { gemmThreadCount, shareProduct } from './gemmThreads';

/** Floats of scratch `gemm` needs: B's panels, then, per thread, one A panel and an edge tile. */
export function gemmScratchFloats(m: i32, n: i32, k: i32): i32 {
  return packedBFloats(n, k) + gemmThreadCount() * threadScratchFloats(k);
}

/**
 * C[m, n] (row stride ldc) = A·B, or += when `accumulate`. A is [m, k] with row stride lda, or
 * [k, m] when `transA`; B is [k, n] with row stride ldb, or [n, k] when `transB`. Pointers are
 * byte addresses; `scratch` holds gemmScratchFloats(m, n, k) floats, 16-byte aligned.
 */
export function gemm(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  lda: i32,
  transA: bool,
  b: usize,
  ldb: i32,
  transB: bool,
  c: usize,
  ldc: i32,
  accumulate: bool,
  scratch: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) for (let i = 0; i < m; i++) memory.fill(c + ((<usize>i * ldc) << 2), 0, <usize>n << 2);
    return;
  }
  const threadScratch = scratch + (<usize>packedBFloats(n, k) << 2);
  const panels = (m + MR - 1) / MR;
  if (shareProduct(panels, m, n, k, a, lda, transA, b, ldb, transB, scratch, c, ldc, accumulate, threadScratch)) return;
  packB(0, bPanels(n), b, ldb, transB, n, k, scratch);
  rowPanels(0, panels, m, n, k, a, lda, transA, scratch, c, ldc, accumulate, threadScratch);
}
