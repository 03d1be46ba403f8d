// The element-wise and row-wise steps of fused attention (../attention.ts), in f32 with 128-bit
// SIMD; its products are `gemm`s. Matrices are row-major and contiguous (row stride = cols);
// pointers are byte addresses in the memory shared with tfjs's wasm backend.

import { addInto } from './vector';

/** x[r, c] += vector[c] over `rows` rows of `cols`: a projection's bias. */
export function addRowVector(rows: i32, cols: i32, x: usize, vector: usize): void {
  for (let r = 0; r < rows; r++) addInto(x + ((<usize>r * cols) << 2), vector, cols);
}

/** x[i] *= factor over `count` floats. */
export function scaleFloats(count: i32, x: usize, factor: f32): void {
  const factors = f32x4.splat(factor);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const at = x + (<usize>i << 2);
    v128.store(at, f32x4.mul(v128.load(at), factors));
  }
  for (; i < count; i++) {
    const at = x + (<usize>i << 2);
    store<f32>(at, load<f32>(at) * factor);
  }
}

/** out[i] = x[i] · y[i] over `count` floats; `out` may be `x` or `y`. */
export function multiplyFloats(count: i32, x: usize, y: usize, out: usize): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const offset = <usize>i << 2;
    v128.store(out + offset, f32x4.mul(v128.load(x + offset), v128.load(y + offset)));
  }
  for (; i < count; i++) {
    const offset = <usize>i << 2;
    store<f32>(out + offset, load<f32>(x + offset) * load<f32>(y + offset));
  }
}

/** out[c] = Σ_r x[r, c]: a bias's gradient. */
export function sumRows(rows: i32, cols: i32, x: usize, out: usize): void {
  memory.fill(out, 0, <usize>cols << 2);
  for (let r = 0; r < rows; r++) addRowVector(1, cols, out, x + ((<usize>r * cols) << 2));
}

/**
 * Each row of `cols` scores becomes its softmax, in place. With a `causalPeriod` (> 0), row r is
 * query step r mod causalPeriod, which sees value steps up to its own: the scores past it weigh 0
 * (as Keras's −1e9 mask gives after the exponential).
 */
export function softmaxRows(rows: i32, cols: i32, x: usize, causalPeriod: i32): void {
  for (let r = 0; r < rows; r++) {
    const row = x + ((<usize>r * cols) << 2);
    const visible = causalPeriod > 0 ? min(cols, (r % causalPeriod) + 1) : cols;
    let largest = load<f32>(row);
    for (let c = 1; c < visible; c++) largest = max(largest, load<f32>(row + (<usize>c << 2)));
    let sum: f32 = 0;
    for (let c = 0; c < visible; c++) {
      const at = row + (<usize>c << 2);
      const e = Mathf.exp(load<f32>(at) - largest);
      store<f32>(at, e);
      sum += e;
    }
    for (let c = 0; c < visible; c++) {
      const at = row + (<usize>c << 2);
      store<f32>(at, load<f32>(at) / sum);
    }
    if (visible < cols) memory.fill(row + (<usize>visible << 2), 0, <usize>(cols - visible) << 2);
  }
}

/** The softmax's gradient per row, in place: dp ← p ⊙ dp − (Σ_c p[c]·dp[c]) · p, as tfjs orders it. */
export function softmaxGradRows(rows: i32, cols: i32, p: usize, dp: usize): void {
  for (let r = 0; r < rows; r++) {
    const offset = (<usize>r * cols) << 2;
    const pRow = p + offset;
    const dpRow = dp + offset;
    let dots = f32x4.splat(0);
    let c = 0;
    for (; c + 4 <= cols; c += 4) dots = f32x4.add(dots, f32x4.mul(v128.load(pRow + (<usize>c << 2)), v128.load(dpRow + (<usize>c << 2))));
    let dot = f32x4.extract_lane(dots, 0) + f32x4.extract_lane(dots, 1) + f32x4.extract_lane(dots, 2) + f32x4.extract_lane(dots, 3);
    for (; c < cols; c++) dot += load<f32>(pRow + (<usize>c << 2)) * load<f32>(dpRow + (<usize>c << 2));
    const dots4 = f32x4.splat(dot);
    c = 0;
    for (; c + 4 <= cols; c += 4) {
      const at = dpRow + (<usize>c << 2);
      const pc = v128.load(pRow + (<usize>c << 2));
      v128.store(at, f32x4.sub(f32x4.mul(pc, v128.load(at)), f32x4.mul(dots4, pc)));
    }
    for (; c < cols; c++) {
      const at = dpRow + (<usize>c << 2);
      const pc = load<f32>(pRow + (<usize>c << 2));
      store<f32>(at, pc * load<f32>(at) - dot * pc);
    }
  }
}
