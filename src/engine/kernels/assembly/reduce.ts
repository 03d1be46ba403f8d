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
