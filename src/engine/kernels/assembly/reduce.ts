// The gradient of a max over the middle axis of x viewed as [outer, reduced, inner] (a global max
// pooling reduces the steps or the pixels between the batch and the channels).

/** dx[o, r, i] = dy[o, i] where x[o, r, i] equals the max y[o, i] (every tie gets it, as in tfjs), else 0. */
export function maxGradient(x: usize, y: usize, dy: usize, dx: usize, outer: i32, reduced: i32, inner: i32): void {
  for (let o = 0; o < outer; o++) {
    const maxima = y + ((<usize>o * inner) << 2);
    const gradient = dy + ((<usize>o * inner) << 2);
    for (let r = 0; r < reduced; r++) {
      const row = <usize>(o * reduced + r) * inner;
      const from = x + (row << 2);
      const to = dx + (row << 2);
      let i = 0;
      for (; i + 4 <= inner; i += 4) {
        const at = <usize>i << 2;
        const hit = f32x4.eq(v128.load(from + at), v128.load(maxima + at));
        v128.store(to + at, v128.and(v128.load(gradient + at), hit));
      }
      for (; i < inner; i++) {
        const at = <usize>i << 2;
        store<f32>(to + at, load<f32>(from + at) == load<f32>(maxima + at) ? load<f32>(gradient + at) : 0);
      }
    }
  }
}

// Sums over a middle axis: x viewed as [outer, reduce, inner] (row-major) gives out [outer, inner],
// out[o, i] = x[o, 0, i] + x[o, 1, i] + … in that order. Every reduction whose reduced axes are
// neighbours takes this shape once size-1 axes are dropped: a bias gradient sums [rows, units]
// over rows (inner = units), a Tile gradient sums copies laid out between kept axes. Rows of x are
// added into the output row four lanes at a time, walking memory forwards; tfjs's wasm Sum first
// transposes the reduced axes innermost, a strided copy of the whole input.

/** f32: out[o, i] = Σ_r x[o, r, i]. Pointers are byte addresses. */
export function sumMiddleF32(outer: i32, reduce: i32, inner: i32, x: usize, out: usize): void {
  sumMiddle<f32>(outer, reduce, inner, x, out);
}

/** i32 (wrapping, as tfjs's int32 sums): out[o, i] = Σ_r x[o, r, i]. */
export function sumMiddleI32(outer: i32, reduce: i32, inner: i32, x: usize, out: usize): void {
  sumMiddle<i32>(outer, reduce, inner, x, out);
}

@inline
function sumMiddle<T>(outer: i32, reduce: i32, inner: i32, x: usize, out: usize): void {
  if (inner == 1) {
    sumRows<T>(outer, reduce, x, out);
    return;
  }
  const rowBytes = <usize>inner << 2;
  const vectorBytes = rowBytes & ~(<usize>15);
  for (let o = 0; o < outer; o++) {
    const to = out + <usize>o * rowBytes;
    memory.fill(to, 0, rowBytes);
    let from = x + <usize>o * <usize>reduce * rowBytes;
    for (let r = 0; r < reduce; r++) {
      let at: usize = 0;
      for (; at < vectorBytes; at += 16) {
        const a = v128.load(to + at);
        const b = v128.load(from + at);
        v128.store(to + at, isFloat<T>() ? f32x4.add(a, b) : i32x4.add(a, b));
      }
      for (; at < rowBytes; at += 4) store<T>(to + at, load<T>(to + at) + load<T>(from + at));
      from += rowBytes;
    }
  }
}

/** out[o] = Σ_r x[o, r] over rows of `length` values: a sum over the innermost axis. */
function sumRows<T>(rows: i32, length: i32, x: usize, out: usize): void {
  let from = x;
  for (let o = 0; o < rows; o++) {
    let sum = <T>0;
    for (let r = 0; r < length; r++, from += 4) sum += load<T>(from);
    store<T>(out + (<usize>o << 2), sum);
  }
}

// Maxima over a middle axis, as the sums above: out[o, i] = max over r of x[o, r, i]. A NaN wins, as
// in tfjs (f32x4.max and f32.max propagate it). A global max pooling reduces the steps or pixels
// between the batch and the channels; tfjs's wasm Max first transposes them innermost.

/** f32: out[o, i] = max_r x[o, r, i]; reduce ≥ 1. */
export function maxMiddleF32(outer: i32, reduce: i32, inner: i32, x: usize, out: usize): void {
  maxMiddle<f32>(outer, reduce, inner, x, out);
}

/** i32: out[o, i] = max_r x[o, r, i]; reduce ≥ 1. */
export function maxMiddleI32(outer: i32, reduce: i32, inner: i32, x: usize, out: usize): void {
  maxMiddle<i32>(outer, reduce, inner, x, out);
}

@inline
function maxMiddle<T>(outer: i32, reduce: i32, inner: i32, x: usize, out: usize): void {
  const rowBytes = <usize>inner << 2;
  const vectorBytes = rowBytes & ~(<usize>15);
  for (let o = 0; o < outer; o++) {
    const to = out + <usize>o * rowBytes;
    let from = x + <usize>o * <usize>reduce * rowBytes;
    memory.copy(to, from, rowBytes);
    for (let r = 1; r < reduce; r++) {
      from += rowBytes;
      let at: usize = 0;
      for (; at < vectorBytes; at += 16) {
        const a = v128.load(to + at);
        const b = v128.load(from + at);
        v128.store(to + at, isFloat<T>() ? f32x4.max(a, b) : i32x4.max_s(a, b));
      }
      for (; at < rowBytes; at += 4) store<T>(to + at, max<T>(load<T>(to + at), load<T>(from + at)));
    }
  }
}
