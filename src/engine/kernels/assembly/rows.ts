// Row helpers the fused recurrent kernels share. Rows of `units` floats are walked four lanes at a
// time; the last group of a row whose length is not a multiple of 4 is read and written lane by
// lane, so nothing past the row is touched (the next gate's values, or another tensor).

/** The `count` (1–4) floats at `at` in the low lanes, zeros above. */
@inline
export function loadLanes(at: usize, count: i32): v128 {
  if (count >= 4) return v128.load(at);
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(at));
  if (count > 1) v = f32x4.replace_lane(v, 1, load<f32>(at, 4));
  if (count > 2) v = f32x4.replace_lane(v, 2, load<f32>(at, 8));
  return v;
}

/** Stores the low `count` (1–4) lanes of `v` at `at`. */
@inline
export function storeLanes(at: usize, v: v128, count: i32): void {
  if (count >= 4) {
    v128.store(at, v);
    return;
  }
  store<f32>(at, f32x4.extract_lane(v, 0));
  if (count > 1) store<f32>(at, f32x4.extract_lane(v, 1), 4);
  if (count > 2) store<f32>(at, f32x4.extract_lane(v, 2), 8);
}

/** Byte address of row `row` of a matrix whose rows are `width` floats apart. */
@inline
export function rowAt(base: usize, row: i32, width: i32): usize {
  return base + ((<usize>row * <usize>width) << 2);
}

/** Each of `rows` rows of `width` floats at `out` becomes a copy of `bias`, or zeros without one (bias 0). */
export function fillRows(out: usize, rows: i32, width: i32, bias: usize): void {
  const bytes = <usize>width << 2;
  for (let r = 0; r < rows; r++) {
    if (bias) memory.copy(out, bias, bytes);
    else memory.fill(out, 0, bytes);
    out += bytes;
  }
}

/** sums[j] = Σ over `rows` rows of m[row][j], for a row-major m of `width` columns. */
export function sumRows(m: usize, rows: i32, width: i32, sums: usize): void {
  memory.fill(sums, 0, <usize>width << 2);
  for (let r = 0; r < rows; r++) {
    const row = rowAt(m, r, width);
    for (let j = 0; j < width; j += 4) {
      const count = min(4, width - j);
      const at = sums + (<usize>j << 2);
      storeLanes(at, f32x4.add(loadLanes(at, count), loadLanes(row + (<usize>j << 2), count)), count);
    }
  }
}

/** Floats to set aside for `floats` so that what follows stays 16-byte aligned. */
@inline
export function aligned(floats: i32): i32 {
  return (floats + 3) & ~3;
}
