/**
 * The truncated normal distribution that TPE's Parzen estimators are made of: log densities,
 * log masses of intervals and sampling, computed in log space so that kernels far from a point
 * (z of 30 and more once there are many trials) give finite logs instead of log(0).
 *
 * erfc follows FreeBSD's msun s_erf.c, whose notice is kept as it asks:
 *   Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *   Developed at SunPro, a Sun Microsystems, Inc. business. Permission to use, copy, modify, and
 *   distribute this software is freely granted, provided that this notice is preserved.
 */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const LN_HALF = Math.log(0.5);
const ERX = 8.45062911510467529297e-1;

/** c0 + c1·x + c2·x² + … (Horner). */
function poly(coefficients: readonly number[], x: number): number {
  let sum = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) sum = sum * x + coefficients[i]!;
  return sum;
}

// erf on [0, 0.84375): x + x·PP(x²)/QQ(x²).
const PP = [
  1.28379167095512558561e-1, -3.2504210724700149937e-1, -2.84817495755985104766e-2, -5.77027029648944159157e-3,
  -2.37630166566501626084e-5,
];
const QQ = [
  1, 3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3, 1.32494738004321644526e-4,
  -3.9602282787753681232e-6,
];
// erf on [0.84375, 1.25): erx + PA(x − 1)/QA(x − 1).
const PA = [
  -2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1, 3.18346619901161753674e-1,
  -1.10894694282396677476e-1, 3.54783043256182359371e-2, -2.166375594868790843e-3,
];
const QA = [
  1, 1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2, 1.26171219808761642112e-1,
  1.36370839120290507362e-2, 1.1984499846799107417e-2,
];
// erfc on [1.25, 1/0.35): exp(−x² − 0.5625 + RA(1/x²)/SA(1/x²)) / x.
const RA = [
  -9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1, -6.23753324503260060396e1,
  -1.62396669462573470355e2, -1.84605092906711035994e2, -8.12874355063065934246e1, -9.81432934416914548592,
];
const SA = [
  1, 1.96512716674392571292e1, 1.376577541435190426e2, 4.34565877475229228821e2, 6.45387271733267880336e2,
  4.29008140027567833386e2, 1.08635005541779435134e2, 6.57024977031928170135, -6.04244152148580987438e-2,
];
// erfc beyond 1/0.35: the same form. As x grows RB/SB tends to RB[0], and −0.5625 + RB[0] = −log √π:
// the asymptotic tail, so the formula holds (in log space) far past where erfc underflows.
const RB = [
  -9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1, -1.60636384855821916062e2,
  -6.37566443368389627722e2, -1.02509513161107724954e3, -4.83519191608651397019e2,
];
const SB = [
  1, 3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3, 3.19985821950859553908e3,
  2.55305040643316442583e3, 4.74528541206955367215e2, -2.24409524465858183362e1,
];

/** log erfc(x) for x ≥ 1.25, where erfc(x) = exp(−x² − 0.5625 + R/S) / x. */
function logErfcTail(x: number): number {
  const s = 1 / (x * x);
  const ratio = x < 1 / 0.35 ? poly(RA, s) / poly(SA, s) : poly(RB, s) / poly(SB, s);
  return -x * x - 0.5625 + ratio - Math.log(x);
}

/** erfc(x) for x ≥ 0. */
function erfcPositive(x: number): number {
  if (x < 0.84375) {
    const y = poly(PP, x * x) / poly(QQ, x * x);
    return x < 0.25 ? 1 - (x + x * y) : 0.5 - (x * y + (x - 0.5));
  }
  if (x < 1.25) return 1 - ERX - poly(PA, x - 1) / poly(QA, x - 1);
  return Math.exp(logErfcTail(x));
}

/** log erfc(x) for x ≥ 0. */
function logErfcPositive(x: number): number {
  return x < 1.25 ? Math.log(erfcPositive(x)) : logErfcTail(x);
}

/** Φ(z), the standard normal CDF. */
export function ndtr(z: number): number {
  return z < 0 ? 0.5 * erfcPositive(-z / Math.SQRT2) : 1 - 0.5 * erfcPositive(z / Math.SQRT2);
}

/** log Φ(z), accurate in the far left tail. */
export function logNdtr(z: number): number {
  return z < 0 ? LN_HALF + logErfcPositive(-z / Math.SQRT2) : Math.log1p(-0.5 * erfcPositive(z / Math.SQRT2));
}

/** log(e^p − e^q) for p ≥ q. */
function logDiff(p: number, q: number): number {
  return p + Math.log1p(-Math.exp(q - p));
}

function logAddExp(p: number, q: number): number {
  const max = Math.max(p, q);
  return max === -Infinity ? -Infinity : max + Math.log(Math.exp(p - max) + Math.exp(q - max));
}

/** log(Φ(b) − Φ(a)) for a < b, worked in whichever tail keeps it accurate. */
export function logGaussMass(a: number, b: number): number {
  if (b <= 0) return logDiff(logNdtr(b), logNdtr(a));
  if (a > 0) return logDiff(logNdtr(-a), logNdtr(-b));
  return Math.log1p(-ndtr(a) - ndtr(-b));
}

/**
 * The x with log Φ(x) = y (y ≤ 0), by Newton's method from the tail approximation (large |y|)
 * or the logistic approximation of Φ (moderate y); near y = 0 it solves the mirrored problem.
 */
function ndtriExp(y: number): number {
  const flipped = y > -1e-2;
  const target = flipped ? Math.log(-Math.expm1(y)) : y;
  let x =
    target < -5 ? -Math.sqrt(-2 * (target + LOG_SQRT_2PI)) : (-Math.sqrt(3) / Math.PI) * Math.log(Math.expm1(-target));
  for (let i = 0; i < 100; i++) {
    const logPhi = logNdtr(x);
    const dx = (logPhi - target) * Math.exp(logPhi + 0.5 * x * x + LOG_SQRT_2PI);
    x -= dx;
    if (!(Math.abs(dx) >= 1e-8 * Math.abs(x))) break;
  }
  return flipped ? -x : x;
}

/** The standard normal truncated to [a, b] at quantile q ∈ [0, 1). */
export function truncnormPpf(q: number, a: number, b: number): number {
  const logMass = logGaussMass(a, b);
  const x =
    a < 0
      ? ndtriExp(logAddExp(logNdtr(a), Math.log(q) + logMass))
      : -ndtriExp(logAddExp(logNdtr(-b), Math.log1p(-q) + logMass));
  return Math.min(b, Math.max(a, x));
}

/**
 * log density at x of N(mu, sigma²) truncated to [low, high]; −∞ outside. `logMass`, the
 * normaliser, can be passed when the caller has it already.
 */
export function truncnormLogPdf(
  x: number,
  mu: number,
  sigma: number,
  low: number,
  high: number,
  logMass = logGaussMass((low - mu) / sigma, (high - mu) / sigma),
): number {
  if (x < low || x > high) return -Infinity;
  const z = (x - mu) / sigma;
  return -0.5 * z * z - LOG_SQRT_2PI - Math.log(sigma) - logMass;
}
