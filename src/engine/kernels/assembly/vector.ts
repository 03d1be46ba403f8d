// Loops over `count` floats, four lanes at a time with a scalar tail, shared by the kernels that
// add into channel vectors (NHWC keeps a pixel's channels contiguous).

/** dst[i] += src[i]. */
@inline
export function addInto(dst: usize, src: usize, count: i32): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const at = <usize>i << 2;
    v128.store(dst + at, f32x4.add(v128.load(dst + at), v128.load(src + at)));
  }
  for (; i < count; i++) {
    const at = <usize>i << 2;
    store<f32>(dst + at, load<f32>(dst + at) + load<f32>(src + at));
  }
}

/** dst[i] += a[i] · b[i]. */
@inline
export function addProductInto(dst: usize, a: usize, b: usize, count: i32): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const at = <usize>i << 2;
    v128.store(dst + at, f32x4.add(v128.load(dst + at), f32x4.mul(v128.load(a + at), v128.load(b + at))));
  }
  for (; i < count; i++) {
    const at = <usize>i << 2;
    store<f32>(dst + at, load<f32>(dst + at) + load<f32>(a + at) * load<f32>(b + at));
  }
}

/** dst[i] += scale · src[i]. */
@inline
export function addScaledInto(dst: usize, src: usize, scale: f32, count: i32): void {
  const factor = f32x4.splat(scale);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const at = <usize>i << 2;
    v128.store(dst + at, f32x4.add(v128.load(dst + at), f32x4.mul(factor, v128.load(src + at))));
  }
  for (; i < count; i++) {
    const at = <usize>i << 2;
    store<f32>(dst + at, load<f32>(dst + at) + scale * load<f32>(src + at));
  }
}

/** Σ a[i] · b[i]. */
@inline
export function dot(a: usize, b: usize, count: i32): f32 {
  let sums = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const at = <usize>i << 2;
    sums = f32x4.add(sums, f32x4.mul(v128.load(a + at), v128.load(b + at)));
  }
  let sum = f32x4.extract_lane(sums, 0) + f32x4.extract_lane(sums, 1) + f32x4.extract_lane(sums, 2) + f32x4.extract_lane(sums, 3);
  for (; i < count; i++) sum += load<f32>(a + (<usize>i << 2)) * load<f32>(b + (<usize>i << 2));
  return sum;
}

/**
 * dst[i] = src[i]. For the few floats of a window's row: memory.copy is a call into the engine,
 * which costs more than the copy itself at these sizes.
 */
@inline
export function copyFloats(dst: usize, src: usize, count: i32): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  for (; i < count; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

/** dst[i] = 0, as `copyFloats` copies. */
@inline
export function clearFloats(dst: usize, count: i32): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) v128.store(dst + (<usize>i << 2), f32x4.splat(0));
  for (; i < count; i++) store<f32>(dst + (<usize>i << 2), 0);
}
