// A whole SimpleRNN layer as two kernels: the forward pass over every step, and its gradient
// (BPTT). As tfjs's SimpleRNNCell: h = act(x·W + b + h₋₁·U).
//
// Layouts as in lstm.ts: hs [batch, steps, units] in the order the steps are taken. The
// pre-activations of every step live in scratch only: the derivative comes from hs.

import { activate, derivative } from './activations';
import { gemm, gemmScratchFloats } from './gemm';
import { aligned, fillRows, loadLanes, rowAt, storeLanes, sumRows } from './rows';

export function simpleRnnForwardScratchFloats(batch: i32, steps: i32, features: i32, units: i32): i32 {
  return aligned(batch * steps * units) + max(gemmScratchFloats(batch * steps, units, features), gemmScratchFloats(batch, units, units));
}

/** Fills hs; bias is 0 for a layer without one. */
export function simpleRnnForward(
  batch: i32,
  steps: i32,
  features: i32,
  units: i32,
  x: usize,
  kernel: usize,
  recurrentKernel: usize,
  bias: usize,
  activation: i32,
  goBackwards: bool,
  hs: usize,
  scratch: usize,
): void {
  const rows = batch * steps;
  // The pre-activations of every step, at each step's own time.
  const z = scratch;
  const gemmScratch = z + (<usize>aligned(rows * units) << 2);
  fillRows(z, rows, units, bias);
  gemm(rows, units, features, x, features, false, kernel, units, false, z, units, true, gemmScratch);
  for (let s = 0; s < steps; s++) {
    const t = goBackwards ? steps - 1 - s : s;
    // The state before the first step is zero, and so is its product with U.
    if (s > 0) gemm(batch, units, units, rowAt(hs, s - 1, units), steps * units, false, recurrentKernel, units, false, rowAt(z, t, units), steps * units, true, gemmScratch);
    for (let b = 0; b < batch; b++) {
      const from = rowAt(z, b * steps + t, units);
      const to = rowAt(hs, b * steps + s, units);
      for (let j = 0; j < units; j += 4) {
        const count = min(4, units - j);
        const o = <usize>j << 2;
        storeLanes(to + o, activate(activation, loadLanes(from + o, count)), count);
      }
    }
  }
}

export function simpleRnnBackwardScratchFloats(batch: i32, steps: i32, features: i32, units: i32): i32 {
  const rows = batch * steps;
  const gemms = max(
    max(gemmScratchFloats(batch, units, units), gemmScratchFloats(features, units, rows)),
    max(gemmScratchFloats(units, units, rows), gemmScratchFloats(rows, features, units)),
  );
  return 2 * aligned(batch * units) + 2 * aligned(rows * units) + gemms;
}

/**
 * The gradients of the forward pass's inputs from dy, the gradient of hs (dyEveryStep) or of the
 * last step's h only ([batch, units]). dBias is 0 for a layer without one.
 */
export function simpleRnnBackward(
  batch: i32,
  steps: i32,
  features: i32,
  units: i32,
  x: usize,
  kernel: usize,
  recurrentKernel: usize,
  activation: i32,
  goBackwards: bool,
  hs: usize,
  dy: usize,
  dyEveryStep: bool,
  dx: usize,
  dKernel: usize,
  dRecurrentKernel: usize,
  dBias: usize,
  scratch: usize,
): void {
  const rows = batch * steps;
  const state = <usize>aligned(batch * units) << 2;
  const zeros = scratch;
  // dh carries the gradient of the state from step s + 1 back to step s.
  const dh = zeros + state;
  const dz = dh + state;
  const hPrev = dz + (<usize>aligned(rows * units) << 2);
  const gemmScratch = hPrev + (<usize>aligned(rows * units) << 2);
  memory.fill(zeros, 0, 2 * state);
  for (let s = steps - 1; s >= 0; s--) {
    const t = goBackwards ? steps - 1 - s : s;
    for (let b = 0; b < batch; b++) {
      const at = b * steps + s;
      const dyRow = dyEveryStep ? rowAt(dy, at, units) : s == steps - 1 ? rowAt(dy, b, units) : 0;
      memory.copy(rowAt(hPrev, b * steps + t, units), s > 0 ? rowAt(hs, at - 1, units) : rowAt(zeros, b, units), <usize>units << 2);
      const h = rowAt(hs, at, units);
      const dhRow = rowAt(dh, b, units);
      const dzRow = rowAt(dz, b * steps + t, units);
      for (let j = 0; j < units; j += 4) {
        const count = min(4, units - j);
        const o = <usize>j << 2;
        let dhj = loadLanes(dhRow + o, count);
        if (dyRow) dhj = f32x4.add(dhj, loadLanes(dyRow + o, count));
        storeLanes(dzRow + o, f32x4.mul(dhj, derivative(activation, loadLanes(h + o, count))), count);
      }
    }
    // dh₋₁ = dz·Uᵀ; nothing comes before the first step.
    if (s > 0) gemm(batch, units, units, rowAt(dz, t, units), steps * units, false, recurrentKernel, units, true, dh, units, false, gemmScratch);
  }
  gemm(features, units, rows, x, features, true, dz, units, false, dKernel, units, false, gemmScratch);
  gemm(units, units, rows, hPrev, units, true, dz, units, false, dRecurrentKernel, units, false, gemmScratch);
  gemm(rows, features, units, dz, units, false, kernel, units, true, dx, features, false, gemmScratch);
  if (dBias) sumRows(dz, rows, units, dBias);
}
