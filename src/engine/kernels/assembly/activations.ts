// The activations the fused kernels apply (recurrent cells, Dense, convolutions), four lanes at a
// time, and each one's derivative written from its output y = f(x): the forward pass keeps only
// outputs, and the backward pass needs nothing else. The codes are the indices of
// FUSED_ACTIVATIONS in ../recurrent.ts, which also holds the cpu kernel's scalar twins of these formulas.

import { loadLanes, storeLanes } from './rows';

const LINEAR: i32 = 0;
const RELU: i32 = 1;
const RELU6: i32 = 2;
const SIGMOID: i32 = 3;
const TANH: i32 = 4;
const SOFTSIGN: i32 = 5;
const ELU: i32 = 6;
const SELU: i32 = 7;

// tfjs's constants (backend_util.SELU_SCALE, SELU_SCALEALPHA).
const SELU_SCALE: f32 = 1.0507009873554805;
const SELU_SCALE_ALPHA: f32 = 1.7580993408473768;

/** f(x) for the activation `kind`. */
@inline
export function activate(kind: i32, x: v128): v128 {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  switch (kind) {
    case RELU:
      return f32x4.max(x, zero);
    case RELU6:
      return f32x4.min(f32x4.max(x, zero), f32x4.splat(6));
    case SIGMOID:
      return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(x))));
    case TANH: {
      // (1 − e)/(1 + e) with e = exp(−2|x|) never overflows; the sign goes back on after.
      const e = exp4(f32x4.mul(f32x4.abs(x), f32x4.splat(-2)));
      const magnitude = f32x4.div(f32x4.sub(one, e), f32x4.add(one, e));
      return v128.or(magnitude, v128.and(x, i32x4.splat(0x80000000)));
    }
    case SOFTSIGN:
      return f32x4.div(x, f32x4.add(one, f32x4.abs(x)));
    case ELU:
      return v128.bitselect(x, f32x4.sub(exp4(x), one), f32x4.ge(x, zero));
    case SELU:
      return v128.bitselect(
        f32x4.mul(x, f32x4.splat(SELU_SCALE)),
        f32x4.mul(f32x4.sub(exp4(x), one), f32x4.splat(SELU_SCALE_ALPHA)),
        f32x4.ge(x, zero),
      );
    default:
      return x;
  }
}

/** f′(x) for the activation `kind`, from y = f(x). */
@inline
export function derivative(kind: i32, y: v128): v128 {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  switch (kind) {
    case RELU:
      return v128.and(one, f32x4.gt(y, zero));
    case RELU6:
      return v128.and(one, v128.and(f32x4.gt(y, zero), f32x4.lt(y, f32x4.splat(6))));
    case SIGMOID:
      return f32x4.mul(y, f32x4.sub(one, y));
    case TANH:
      return f32x4.sub(one, f32x4.mul(y, y));
    case SOFTSIGN: {
      const rest = f32x4.sub(one, f32x4.abs(y));
      return f32x4.mul(rest, rest);
    }
    case ELU:
      return v128.bitselect(one, f32x4.add(y, one), f32x4.ge(y, zero));
    case SELU:
      return v128.bitselect(f32x4.splat(SELU_SCALE), f32x4.add(y, f32x4.splat(SELU_SCALE_ALPHA)), f32x4.gt(y, zero));
    default:
      return one;
  }
}

/** x[i] = f(x[i]) over `count` floats, in place, for the activation `kind`. */
export function activateFloats(kind: i32, count: i32, x: usize): void {
  for (let i = 0; i < count; i += 4) {
    const lanes = min(4, count - i);
    const at = x + (<usize>i << 2);
    storeLanes(at, activate(kind, loadLanes(at, lanes)), lanes);
  }
}

/** out[i] = dy[i] · f′ at y[i] = f(x[i]) over `count` floats: the gradient before the activation. `out` may be `dy`. */
export function multiplyByDerivative(kind: i32, count: i32, dy: usize, y: usize, out: usize): void {
  for (let i = 0; i < count; i += 4) {
    const lanes = min(4, count - i);
    const offset = <usize>i << 2;
    storeLanes(out + offset, f32x4.mul(loadLanes(dy + offset, lanes), derivative(kind, loadLanes(y + offset, lanes))), lanes);
  }
}

/**
 * eˣ in each lane (Cephes' expf: 2ⁿ times a degree-6 polynomial on [−ln2/2, ln2/2]), within 2 ulp.
 * Inputs are clamped to [−88, 88]: beyond, eˣ is 0 or overflows f32.
 */
@inline
function exp4(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-88)), f32x4.splat(88));
  const n = f32x4.floor(f32x4.add(f32x4.mul(x, f32x4.splat(1.4426950408889634)), f32x4.splat(0.5)));
  // x − n·ln2, with ln2 split in two so the product is exact.
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1));
  const twoToN = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, twoToN);
}
