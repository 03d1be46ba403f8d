// Layer normalisation over the last axis, forward and backward, one row at a time: x viewed as
// [rows, width], each row normalised to mean 0 and variance 1, then scaled by gamma and shifted
// by beta (both [width]). tfjs's LayerNormalization composes this from moments, four Tiles to the
// input's shape and a batch normalisation, about 45 kernels a layer with the gradient.
//
//   mean = Σx / width,  variance = Σ(x − mean)² / width,  rstd = 1 / sqrt(variance + ε)
//   y = (x − mean) · rstd · gamma + beta

/** Sum of the four lanes of `v`. */
@inline
function lanes(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/** y, and each row's mean and rstd ([rows]) for the backward pass. Pointers are byte addresses. */
export function layerNormForward(rows: i32, width: i32, x: usize, gamma: usize, beta: usize, epsilon: f32, y: usize, mean: usize, rstd: usize): void {
  const rowBytes = <usize>width << 2;
  const vectorBytes = rowBytes & ~(<usize>15);
  const count = <f32>width;
  for (let r = 0; r < rows; r++) {
    const from = x + <usize>r * rowBytes;
    const to = y + <usize>r * rowBytes;
    let sums = f32x4.splat(0);
    let at: usize = 0;
    for (; at < vectorBytes; at += 16) sums = f32x4.add(sums, v128.load(from + at));
    let sum = lanes(sums);
    for (; at < rowBytes; at += 4) sum += load<f32>(from + at);
    const mu = sum / count;
    const muV = f32x4.splat(mu);
    let squares = f32x4.splat(0);
    for (at = 0; at < vectorBytes; at += 16) {
      const d = f32x4.sub(v128.load(from + at), muV);
      squares = f32x4.add(squares, f32x4.mul(d, d));
    }
    let squared = lanes(squares);
    for (; at < rowBytes; at += 4) {
      const d = load<f32>(from + at) - mu;
      squared += d * d;
    }
    const inverse: f32 = 1 / sqrt<f32>(squared / count + epsilon);
    store<f32>(mean + (<usize>r << 2), mu);
    store<f32>(rstd + (<usize>r << 2), inverse);
    const inverseV = f32x4.splat(inverse);
    for (at = 0; at < vectorBytes; at += 16) {
      const normalised = f32x4.mul(f32x4.sub(v128.load(from + at), muV), inverseV);
      v128.store(to + at, f32x4.add(f32x4.mul(normalised, v128.load(gamma + at)), v128.load(beta + at)));
    }
    for (; at < rowBytes; at += 4) store<f32>(to + at, (load<f32>(from + at) - mu) * inverse * load<f32>(gamma + at) + load<f32>(beta + at));
  }
}

/**
 * From dy: dx, and dgamma and dbeta ([width], summed over the rows). With x̂ = (x − mean)·rstd and
 * g = dy·gamma, dx = rstd · (g − mean(g) − x̂ · mean(g·x̂)) over each row: the gradient through the
 * row's mean and variance too.
 */
export function layerNormBackward(
  rows: i32,
  width: i32,
  dy: usize,
  x: usize,
  gamma: usize,
  mean: usize,
  rstd: usize,
  dx: usize,
  dgamma: usize,
  dbeta: usize,
): void {
  const rowBytes = <usize>width << 2;
  const vectorBytes = rowBytes & ~(<usize>15);
  const count = <f32>width;
  memory.fill(dgamma, 0, rowBytes);
  memory.fill(dbeta, 0, rowBytes);
  for (let r = 0; r < rows; r++) {
    const dyRow = dy + <usize>r * rowBytes;
    const xRow = x + <usize>r * rowBytes;
    const dxRow = dx + <usize>r * rowBytes;
    const mu = load<f32>(mean + (<usize>r << 2));
    const inverse = load<f32>(rstd + (<usize>r << 2));
    const muV = f32x4.splat(mu);
    const inverseV = f32x4.splat(inverse);
    let gSums = f32x4.splat(0);
    let gxSums = f32x4.splat(0);
    let at: usize = 0;
    for (; at < vectorBytes; at += 16) {
      const d = v128.load(dyRow + at);
      const normalised = f32x4.mul(f32x4.sub(v128.load(xRow + at), muV), inverseV);
      const g = f32x4.mul(d, v128.load(gamma + at));
      gSums = f32x4.add(gSums, g);
      gxSums = f32x4.add(gxSums, f32x4.mul(g, normalised));
      v128.store(dgamma + at, f32x4.add(v128.load(dgamma + at), f32x4.mul(d, normalised)));
      v128.store(dbeta + at, f32x4.add(v128.load(dbeta + at), d));
    }
    let gSum = lanes(gSums);
    let gxSum = lanes(gxSums);
    for (; at < rowBytes; at += 4) {
      const d = load<f32>(dyRow + at);
      const normalised = (load<f32>(xRow + at) - mu) * inverse;
      const g = d * load<f32>(gamma + at);
      gSum += g;
      gxSum += g * normalised;
      store<f32>(dgamma + at, load<f32>(dgamma + at) + d * normalised);
      store<f32>(dbeta + at, load<f32>(dbeta + at) + d);
    }
    const gMean = gSum / count;
    const gxMean = gxSum / count;
    const gMeanV = f32x4.splat(gMean);
    const gxMeanV = f32x4.splat(gxMean);
    for (at = 0; at < vectorBytes; at += 16) {
      const normalised = f32x4.mul(f32x4.sub(v128.load(xRow + at), muV), inverseV);
      const g = f32x4.mul(v128.load(dyRow + at), v128.load(gamma + at));
      v128.store(dxRow + at, f32x4.mul(inverseV, f32x4.sub(f32x4.sub(g, gMeanV), f32x4.mul(normalised, gxMeanV))));
    }
    for (; at < rowBytes; at += 4) {
      const normalised = (load<f32>(xRow + at) - mu) * inverse;
      const g = load<f32>(dyRow + at) * load<f32>(gamma + at);
      store<f32>(dxRow + at, inverse * (g - gMean - normalised * gxMean));
    }
  }
}
