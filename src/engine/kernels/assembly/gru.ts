// A whole GRU layer as two kernels: the forward pass over every step, and its gradient (BPTT).
// Same arithmetic as tfjs's GRUCell (reset_after = False, the only kind tfjs has): with
// xw = x·W + b split in z, r, h̃ parts and U = [U_zr | U_h],
//   z = ract(xw_z + h₋₁·U_z), r = ract(xw_r + h₋₁·U_r), h̃ = act(xw_h + (r·h₋₁)·U_h),
//   h = z·h₋₁ + (1 − z)·h̃.
//
// Layouts as in lstm.ts: hs [batch, steps, units] in the order the steps are taken; gates
// [batch, steps, 3·units] at each step's own time, holding z, r, h̃ after the forward pass; rh
// [batch, steps, units] (r·h₋₁, which U_h multiplies) likewise.

import { activate, derivative } from './activations';
import { gemm, gemmScratchFloats } from './gemm';
import { aligned, fillRows, loadLanes, rowAt, storeLanes, sumRows } from './rows';

export function gruForwardScratchFloats(batch: i32, steps: i32, features: i32, units: i32): i32 {
  const width = 3 * units;
  return aligned(batch * units) + max(gemmScratchFloats(batch * steps, width, features), gemmScratchFloats(batch, 2 * units, units));
}

/** Fills hs, gates and rh; bias is 0 for a layer without one. */
export function gruForward(
  batch: i32,
  steps: i32,
  features: i32,
  units: i32,
  x: usize,
  kernel: usize,
  recurrentKernel: usize,
  bias: usize,
  activation: i32,
  recurrentActivation: i32,
  goBackwards: bool,
  hs: usize,
  gates: usize,
  rh: usize,
  scratch: usize,
): void {
  const width = 3 * units;
  const rows = batch * steps;
  const gate = <usize>units << 2;
  const zeros = scratch;
  memory.fill(zeros, 0, <usize>(batch * units) << 2);
  const gemmScratch = zeros + (<usize>aligned(batch * units) << 2);
  fillRows(gates, rows, width, bias);
  gemm(rows, width, features, x, features, false, kernel, width, false, gates, width, true, gemmScratch);
  for (let s = 0; s < steps; s++) {
    const t = goBackwards ? steps - 1 - s : s;
    const z = rowAt(gates, t, width);
    // The state before the first step is zero, and so are its products with U.
    if (s > 0) gemm(batch, 2 * units, units, rowAt(hs, s - 1, units), steps * units, false, recurrentKernel, width, false, z, steps * width, true, gemmScratch);
    for (let b = 0; b < batch; b++) {
      const hPrev = s > 0 ? rowAt(hs, b * steps + s - 1, units) : rowAt(zeros, b, units);
      gruGates(rowAt(gates, b * steps + t, width), hPrev, rowAt(rh, b * steps + t, units), units, recurrentActivation);
    }
    if (s > 0) gemm(batch, units, units, rowAt(rh, t, units), steps * units, false, recurrentKernel + 2 * gate, width, false, z + 2 * gate, steps * width, true, gemmScratch);
    for (let b = 0; b < batch; b++) {
      const hPrev = s > 0 ? rowAt(hs, b * steps + s - 1, units) : rowAt(zeros, b, units);
      gruState(rowAt(gates, b * steps + t, width), hPrev, rowAt(hs, b * steps + s, units), units, activation);
    }
  }
}

/** One example's update and reset gates (pre-activations in, activations out) and r·h₋₁. */
@inline
function gruGates(z: usize, hPrev: usize, rh: usize, units: i32, recurrentActivation: i32): void {
  const gate = <usize>units << 2;
  for (let j = 0; j < units; j += 4) {
    const count = min(4, units - j);
    const o = <usize>j << 2;
    const update = activate(recurrentActivation, loadLanes(z + o, count));
    const reset = activate(recurrentActivation, loadLanes(z + gate + o, count));
    storeLanes(z + o, update, count);
    storeLanes(z + gate + o, reset, count);
    storeLanes(rh + o, f32x4.mul(reset, loadLanes(hPrev + o, count)), count);
  }
}

/** One example's candidate (pre-activation in, activation out) and new state h. */
@inline
function gruState(z: usize, hPrev: usize, h: usize, units: i32, activation: i32): void {
  const gate = <usize>units << 2;
  const one = f32x4.splat(1);
  for (let j = 0; j < units; j += 4) {
    const count = min(4, units - j);
    const o = <usize>j << 2;
    const update = loadLanes(z + o, count);
    const candidate = activate(activation, loadLanes(z + 2 * gate + o, count));
    storeLanes(z + 2 * gate + o, candidate, count);
    storeLanes(h + o, f32x4.add(f32x4.mul(update, loadLanes(hPrev + o, count)), f32x4.mul(f32x4.sub(one, update), candidate)), count);
  }
}

export function gruBackwardScratchFloats(batch: i32, steps: i32, features: i32, units: i32): i32 {
  const width = 3 * units;
  const rows = batch * steps;
  const gemms = max(
    max(max(gemmScratchFloats(batch, units, units), gemmScratchFloats(batch, units, 2 * units)), gemmScratchFloats(features, width, rows)),
    max(max(gemmScratchFloats(units, 2 * units, rows), gemmScratchFloats(units, units, rows)), gemmScratchFloats(rows, features, width)),
  );
  return 3 * aligned(batch * units) + aligned(rows * width) + aligned(rows * units) + gemms;
}

/**
 * The gradients of the forward pass's inputs from dy, the gradient of hs (dyEveryStep) or of the
 * last step's h only ([batch, units]). dBias is 0 for a layer without one.
 */
export function gruBackward(
  batch: i32,
  steps: i32,
  features: i32,
  units: i32,
  x: usize,
  kernel: usize,
  recurrentKernel: usize,
  activation: i32,
  recurrentActivation: i32,
  goBackwards: bool,
  hs: usize,
  gates: usize,
  rh: usize,
  dy: usize,
  dyEveryStep: bool,
  dx: usize,
  dKernel: usize,
  dRecurrentKernel: usize,
  dBias: usize,
  scratch: usize,
): void {
  const width = 3 * units;
  const rows = batch * steps;
  const gate = <usize>units << 2;
  const state = <usize>aligned(batch * units) << 2;
  const zeros = scratch;
  // dh carries the gradient of the state from step s + 1 back to step s; dRh is the gradient of r·h₋₁.
  const dh = zeros + state;
  const dRh = dh + state;
  const dz = dRh + state;
  const hPrev = dz + (<usize>aligned(rows * width) << 2);
  const gemmScratch = hPrev + (<usize>aligned(rows * units) << 2);
  memory.fill(zeros, 0, 2 * state);
  for (let s = steps - 1; s >= 0; s--) {
    const t = goBackwards ? steps - 1 - s : s;
    const dzt = rowAt(dz, t, width);
    for (let b = 0; b < batch; b++) {
      const at = b * steps + s;
      const dyRow = dyEveryStep ? rowAt(dy, at, units) : s == steps - 1 ? rowAt(dy, b, units) : 0;
      const stateBefore = s > 0 ? rowAt(hs, at - 1, units) : rowAt(zeros, b, units);
      memory.copy(rowAt(hPrev, b * steps + t, units), stateBefore, <usize>units << 2);
      gruStateGradient(rowAt(gates, b * steps + t, width), stateBefore, dyRow, rowAt(dh, b, units), rowAt(dz, b * steps + t, width), units, activation, recurrentActivation);
    }
    // d(r·h₋₁) = dz_h·U_hᵀ
    gemm(batch, units, units, dzt + 2 * gate, steps * width, false, recurrentKernel + 2 * gate, width, true, dRh, units, false, gemmScratch);
    for (let b = 0; b < batch; b++) {
      const hPrevRow = rowAt(hPrev, b * steps + t, units);
      gruResetGradient(rowAt(gates, b * steps + t, width), hPrevRow, rowAt(dRh, b, units), rowAt(dh, b, units), rowAt(dz, b * steps + t, width), units, recurrentActivation);
    }
    // dh₋₁ += [dz_z | dz_r]·U_zrᵀ; nothing comes before the first step.
    if (s > 0) gemm(batch, units, 2 * units, dzt, steps * width, false, recurrentKernel, width, true, dh, units, true, gemmScratch);
  }
  gemm(features, width, rows, x, features, true, dz, width, false, dKernel, width, false, gemmScratch);
  gemm(units, 2 * units, rows, hPrev, units, true, dz, width, false, dRecurrentKernel, width, false, gemmScratch);
  gemm(units, units, rows, rh, units, true, dz + 2 * gate, width, false, dRecurrentKernel + 2 * gate, width, false, gemmScratch);
  gemm(rows, features, width, dz, width, false, kernel, width, true, dx, features, false, gemmScratch);
  if (dBias) sumRows(dz, rows, width, dBias);
}

/**
 * One example's step backwards, first half: dh (carried, plus dy when given) in; dz_z and dz_h
 * out; dh becomes the part of dh₋₁ that flows through z·h₋₁.
 */
@inline
function gruStateGradient(gates: usize, hPrev: usize, dy: usize, dh: usize, dz: usize, units: i32, activation: i32, recurrentActivation: i32): void {
  const gate = <usize>units << 2;
  const one = f32x4.splat(1);
  for (let j = 0; j < units; j += 4) {
    const count = min(4, units - j);
    const o = <usize>j << 2;
    let dhj = loadLanes(dh + o, count);
    if (dy) dhj = f32x4.add(dhj, loadLanes(dy + o, count));
    const update = loadLanes(gates + o, count);
    const candidate = loadLanes(gates + 2 * gate + o, count);
    const before = loadLanes(hPrev + o, count);
    storeLanes(dz + o, f32x4.mul(f32x4.mul(dhj, f32x4.sub(before, candidate)), derivative(recurrentActivation, update)), count);
    storeLanes(dz + 2 * gate + o, f32x4.mul(f32x4.mul(dhj, f32x4.sub(one, update)), derivative(activation, candidate)), count);
    storeLanes(dh + o, f32x4.mul(dhj, update), count);
  }
}

/** Second half: from d(r·h₋₁), dz_r out, and the part of dh₋₁ that flows through r·h₋₁ added to dh. */
@inline
function gruResetGradient(gates: usize, hPrev: usize, dRh: usize, dh: usize, dz: usize, units: i32, recurrentActivation: i32): void {
  const gate = <usize>units << 2;
  for (let j = 0; j < units; j += 4) {
    const count = min(4, units - j);
    const o = <usize>j << 2;
    const reset = loadLanes(gates + gate + o, count);
    const dRhj = loadLanes(dRh + o, count);
    storeLanes(dz + gate + o, f32x4.mul(f32x4.mul(dRhj, loadLanes(hPrev + o, count)), derivative(recurrentActivation, reset)), count);
    storeLanes(dh + o, f32x4.add(loadLanes(dh + o, count), f32x4.mul(dRhj, reset)), count);
  }
}
