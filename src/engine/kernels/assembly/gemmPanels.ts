// The single-thread machinery of the gemm (gemm.ts): packing B into panels of NR columns and A into
// panels of MR rows, and the MR × NR tiles that multiply them. gemm.ts runs it on one thread;
// gemmThreads.ts hands out its blocks to several.

export const MR = 4;
export const NR = 8;

export function packedBFloats(n: i32, k: i32): i32 {
  return bPanels(n) * NR * k;
}

export function bPanels(n: i32): i32 {
  return (n + NR - 1) / NR;
}

/** One thread's scratch: an A panel and an edge tile. */
export function threadScratchFloats(k: i32): i32 {
  return MR * k + MR * NR;
}


/**
 * Rows [first·MR, end·MR) of C (clipped to m) from A and B's packed panels; `threadScratch` holds
 * threadScratchFloats(k) floats of this thread's own.
 */
export function rowPanels(
  first: i32,
  end: i32,
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  lda: i32,
  transA: bool,
  packedB: usize,
  c: usize,
  ldc: i32,
  accumulate: bool,
  threadScratch: usize,
): void {
  const packedA = threadScratch;
  const edge = packedA + (<usize>(MR * k) << 2);
  const panelBytes = <usize>(k * NR) << 2;
  for (let i0 = first * MR; i0 < min(m, end * MR); i0 += MR) {
    const rows = min(MR, m - i0);
    packA(a, lda, transA, i0, rows, k, packedA);
    let pb = packedB;
    for (let j0 = 0; j0 < n; j0 += NR) {
      const cols = min(NR, n - j0);
      const at = c + ((<usize>i0 * ldc + j0) << 2);
      if (rows == MR && cols == NR) {
        tile(packedA, pb, k, at, ldc, accumulate);
      } else {
        tile(packedA, pb, k, edge, NR, false);
        storeEdge(edge, at, ldc, rows, cols, accumulate);
      }
      pb += panelBytes;
    }
  }
}

/** B's panels [first, end) into `packed`: panel p holds columns [p·NR, p·NR + NR) as [k][NR], zeros past n. */
export function packB(first: i32, end: i32, b: usize, ldb: i32, transB: bool, n: i32, k: i32, packed: usize): void {
  let out = packed + ((<usize>first * NR * k) << 2);
  for (let j0 = first * NR; j0 < min(n, end * NR); j0 += NR) {
    const cols = min(NR, n - j0);
    if (!transB && cols == NR) {
      for (let p = 0; p < k; p++) {
        const from = b + ((<usize>p * ldb + j0) << 2);
        v128.store(out, v128.load(from));
        v128.store(out, v128.load(from, 16), 16);
        out += NR << 2;
      }
      continue;
    }
    let p = 0;
    if (transB && cols == NR) {
      // B's rows j0 … j0 + 7 hold the panel's columns: 4 × 4 transposes of four k at a time.
      const row = <usize>ldb << 2;
      const from = b + ((<usize>j0 * ldb) << 2);
      for (; p + 4 <= k; p += 4) {
        const at = from + (<usize>p << 2);
        transpose4(at, row, out);
        transpose4(at + 4 * row, row, out + 16);
        out += (4 * NR) << 2;
      }
    }
    for (; p < k; p++) {
      for (let j = 0; j < NR; j++) {
        let value: f32 = 0;
        if (j < cols) value = transB ? load<f32>(b + ((<usize>(j0 + j) * ldb + p) << 2)) : load<f32>(b + ((<usize>p * ldb + j0 + j) << 2));
        store<f32>(out + (<usize>j << 2), value);
      }
      out += NR << 2;
    }
  }
}

/** The 4 × 4 block at `from` (row stride `row` bytes) into `out` transposed, its rows NR floats apart. */
@inline
function transpose4(from: usize, row: usize, out: usize): void {
  const r0 = v128.load(from);
  const r1 = v128.load(from + row);
  const r2 = v128.load(from + 2 * row);
  const r3 = v128.load(from + 3 * row);
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(out, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(out, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), NR << 2);
  v128.store(out, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), 2 * NR << 2);
  v128.store(out, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), 3 * NR << 2);
}

/** Rows [i0, i0 + rows) of A as [k][MR], zeros past the last row. */
function packA(a: usize, lda: i32, transA: bool, i0: i32, rows: i32, k: i32, out: usize): void {
  if (transA && rows == MR) {
    for (let p = 0; p < k; p++) v128.store(out + (<usize>p << 4), v128.load(a + ((<usize>p * lda + i0) << 2)));
    return;
  }
  for (let r = 0; r < MR; r++) {
    const dst = out + (<usize>r << 2);
    if (r >= rows) {
      for (let p = 0; p < k; p++) store<f32>(dst + (<usize>p << 4), 0);
    } else if (transA) {
      const src = a + (<usize>(i0 + r) << 2);
      for (let p = 0; p < k; p++) store<f32>(dst + (<usize>p << 4), load<f32>(src + ((<usize>p * lda) << 2)));
    } else {
      const src = a + ((<usize>(i0 + r) * lda) << 2);
      for (let p = 0; p < k; p++) store<f32>(dst + (<usize>p << 4), load<f32>(src + (<usize>p << 2)));
    }
  }
}

/** One MR × NR tile of C from an A panel and a B panel, over all of k. */
@inline
function tile(pa: usize, pb: usize, k: i32, c: usize, ldc: i32, accumulate: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    pa += MR << 2;
    pb += NR << 2;
  }
  const row = <usize>ldc << 2;
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + row));
    c11 = f32x4.add(c11, v128.load(c + row, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * row));
    c21 = f32x4.add(c21, v128.load(c + 2 * row, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * row));
    c31 = f32x4.add(c31, v128.load(c + 3 * row, 16));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + row, c10);
  v128.store(c + row, c11, 16);
  v128.store(c + 2 * row, c20);
  v128.store(c + 2 * row, c21, 16);
  v128.store(c + 3 * row, c30);
  v128.store(c + 3 * row, c31, 16);
}

/** Copies the valid rows × cols of an edge tile (row stride NR) into C. */
function storeEdge(edge: usize, c: usize, ldc: i32, rows: i32, cols: i32, accumulate: bool): void {
  for (let r = 0; r < rows; r++) {
    const from = edge + (<usize>(r * NR) << 2);
    const to = c + ((<usize>r * ldc) << 2);
    for (let j = 0; j < cols; j++) {
      const at = to + (<usize>j << 2);
      const value = load<f32>(from + (<usize>j << 2));
      store<f32>(at, accumulate ? load<f32>(at) + value : value);
    }
  }
}
