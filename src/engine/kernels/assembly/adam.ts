// One Adam step for one weight, in a single pass: the new weight, first and second moments from
// the old ones and the gradient. The arithmetic is tfjs's AdamOptimizer's, operation for
// operation, each rounded to f32 as its own kernel would round it, so the results are the same
// bits: WebAssembly's f32 add, mul, div and sqrt are IEEE-754's correctly rounded operations (no
// fused multiply-add), as are those of tfjs's wasm kernels, and the cpu backend's doubles rounded
// once to f32 give the same for each of them.
//
//   m' = m·β1 + g·(1 − β1)
//   v' = v·β2 + g²·(1 − β2)
//   w' = (m' / (1 − β1ᵗ)) / (sqrt(v' / (1 − β2ᵗ)) + ε) · (−lr) + w

/** Over `n` floats; pointers are byte addresses; outputs may not overlap the inputs. */
export function adamUpdate(
  n: i32,
  value: usize,
  gradient: usize,
  firstMoment: usize,
  secondMoment: usize,
  newValue: usize,
  newFirstMoment: usize,
  newSecondMoment: usize,
  beta1: f32,
  oneMinusBeta1: f32,
  beta2: f32,
  oneMinusBeta2: f32,
  oneMinusAccBeta1: f32,
  oneMinusAccBeta2: f32,
  epsilon: f32,
  negativeLearningRate: f32,
): void {
  const b1 = f32x4.splat(beta1);
  const c1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const c2 = f32x4.splat(oneMinusBeta2);
  const a1 = f32x4.splat(oneMinusAccBeta1);
  const a2 = f32x4.splat(oneMinusAccBeta2);
  const e = f32x4.splat(epsilon);
  const rate = f32x4.splat(negativeLearningRate);
  const bytes = <usize>n << 2;
  const vectorBytes = bytes & ~(<usize>15);
  let at: usize = 0;
  for (; at < vectorBytes; at += 16) {
    const g = v128.load(gradient + at);
    const m = f32x4.add(f32x4.mul(v128.load(firstMoment + at), b1), f32x4.mul(g, c1));
    const v = f32x4.add(f32x4.mul(v128.load(secondMoment + at), b2), f32x4.mul(f32x4.mul(g, g), c2));
    const step = f32x4.div(f32x4.div(m, a1), f32x4.add(f32x4.sqrt(f32x4.div(v, a2)), e));
    v128.store(newValue + at, f32x4.add(f32x4.mul(step, rate), v128.load(value + at)));
    v128.store(newFirstMoment + at, m);
    v128.store(newSecondMoment + at, v);
  }
  for (; at < bytes; at += 4) {
    const g = load<f32>(gradient + at);
    const m = load<f32>(firstMoment + at) * beta1 + g * oneMinusBeta1;
    const v = load<f32>(secondMoment + at) * beta2 + g * g * oneMinusBeta2;
    const step = m / oneMinusAccBeta1 / (sqrt<f32>(v / oneMinusAccBeta2) + epsilon);
    store<f32>(newValue + at, step * negativeLearningRate + load<f32>(value + at));
    store<f32>(newFirstMoment + at, m);
    store<f32>(newSecondMoment + at, v);
  }
}
