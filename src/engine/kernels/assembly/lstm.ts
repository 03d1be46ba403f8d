// A whole LSTM layer as two kernels: the forward pass over every step, and its gradient (BPTT).
// Same arithmetic as tfjs's LSTMCell: z = x·W + h·U + b split in gates i, f, c̃, o (in that
// order); c = f·c₋₁ + i·act(c̃); h = o·act(c), the gates through the recurrent activation.
//
// Layouts (row-major, batch first as tfjs holds them): x [batch, steps, features]; hs and cs
// [batch, steps, units] in the order the steps are taken (tfjs's outputs; reversed time when
// `goBackwards`); gates [batch, steps, 4·units] at each step's own time, holding i, f, act(c̃), o
// after the forward pass. The input projection of every step is one gemm, written straight into
// `gates`; each step then adds h₋₁·U into its rows with one more.

import { activate, derivative } from './activations';
import { gemm, gemmScratchFloats } from './gemm';
import { aligned, fillRows, loadLanes, rowAt, storeLanes, sumRows } from './rows';

export function lstmForwardScratchFloats(batch: i32, steps: i32, features: i32, units: i32): i32 {
  const width = 4 * units;
  return aligned(batch * units) + max(gemmScratchFloats(batch * steps, width, features), gemmScratchFloats(batch, width, units));
}

/** Fills hs, cs and gates; bias is 0 for a layer without one. */
export function lstmForward(
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
  cs: usize,
  gates: usize,
  scratch: usize,
): void {
  const width = 4 * units;
  const rows = batch * steps;
  const zeros = scratch;
  memory.fill(zeros, 0, <usize>(batch * units) << 2);
  const gemmScratch = zeros + (<usize>aligned(batch * units) << 2);
  fillRows(gates, rows, width, bias);
  gemm(rows, width, features, x, features, false, kernel, width, false, gates, width, true, gemmScratch);
  for (let s = 0; s < steps; s++) {
    const t = goBackwards ? steps - 1 - s : s;
    const z = rowAt(gates, t, width);
    // The state before the first step is zero, and so is its product with U.
    if (s > 0) gemm(batch, width, units, rowAt(hs, s - 1, units), steps * units, false, recurrentKernel, width, false, z, steps * width, true, gemmScratch);
    for (let b = 0; b < batch; b++) {
      const cPrev = s > 0 ? rowAt(cs, b * steps + s - 1, units) : rowAt(zeros, b, units);
      const at = b * steps + s;
      lstmCell(rowAt(gates, b * steps + t, width), cPrev, rowAt(cs, at, units), rowAt(hs, at, units), units, activation, recurrentActivation);
    }
  }
}

/** One example's step: gates z (pre-activations in, activations out), c₋₁ → c, h. */
@inline
function lstmCell(z: usize, cPrev: usize, c: usize, h: usize, units: i32, activation: i32, recurrentActivation: i32): void {
  const gate = <usize>units << 2;
  for (let j = 0; j < units; j += 4) {
    const count = min(4, units - j);
    const o = <usize>j << 2;
    const inputGate = activate(recurrentActivation, loadLanes(z + o, count));
    const forgetGate = activate(recurrentActivation, loadLanes(z + gate + o, count));
    const candidate = activate(activation, loadLanes(z + 2 * gate + o, count));
    const outputGate = activate(recurrentActivation, loadLanes(z + 3 * gate + o, count));
    const cell = f32x4.add(f32x4.mul(forgetGate, loadLanes(cPrev + o, count)), f32x4.mul(inputGate, candidate));
    storeLanes(z + o, inputGate, count);
    storeLanes(z + gate + o, forgetGate, count);
    storeLanes(z + 2 * gate + o, candidate, count);
    storeLanes(z + 3 * gate + o, outputGate, count);
    storeLanes(c + o, cell, count);
    storeLanes(h + o, f32x4.mul(outputGate, activate(activation, cell)), count);
  }
}

export function lstmBackwardScratchFloats(batch: i32, steps: i32, features: i32, units: i32): i32 {
  const width = 4 * units;
  const rows = batch * steps;
  const gemms = max(
    max(gemmScratchFloats(batch, units, width), gemmScratchFloats(features, width, rows)),
    max(gemmScratchFloats(units, width, rows), gemmScratchFloats(rows, features, width)),
  );
  return 3 * aligned(batch * units) + aligned(rows * width) + aligned(rows * units) + gemms;
}

/**
 * The gradients of the forward pass's inputs from dy, the gradient of hs (dyEveryStep) or of the
 * last step's h only ([batch, units]). dBias is 0 for a layer without one.
 */
export function lstmBackward(
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
  cs: usize,
  gates: usize,
  dy: usize,
  dyEveryStep: bool,
  dx: usize,
  dKernel: usize,
  dRecurrentKernel: usize,
  dBias: usize,
  scratch: usize,
): void {
  const width = 4 * units;
  const rows = batch * steps;
  const state = <usize>aligned(batch * units) << 2;
  const zeros = scratch;
  // dh and dc carry the gradient of the state from step s + 1 back to step s.
  const dh = zeros + state;
  const dc = dh + state;
  // dz of every step at its own time, as `gates`; hPrev: the state each step started from, likewise.
  const dz = dc + state;
  const hPrev = dz + (<usize>aligned(rows * width) << 2);
  const gemmScratch = hPrev + (<usize>aligned(rows * units) << 2);
  memory.fill(zeros, 0, 3 * state);
  for (let s = steps - 1; s >= 0; s--) {
    const t = goBackwards ? steps - 1 - s : s;
    for (let b = 0; b < batch; b++) {
      const at = b * steps + s;
      const dyRow = dyEveryStep ? rowAt(dy, at, units) : s == steps - 1 ? rowAt(dy, b, units) : 0;
      const cPrev = s > 0 ? rowAt(cs, at - 1, units) : rowAt(zeros, b, units);
      const stateBefore = s > 0 ? rowAt(hs, at - 1, units) : rowAt(zeros, b, units);
      memory.copy(rowAt(hPrev, b * steps + t, units), stateBefore, <usize>units << 2);
      lstmCellGradient(
        rowAt(gates, b * steps + t, width),
        cPrev,
        rowAt(cs, at, units),
        dyRow,
        rowAt(dh, b, units),
        rowAt(dc, b, units),
        rowAt(dz, b * steps + t, width),
        units,
        activation,
        recurrentActivation,
      );
    }
    // dh₋₁ = dz·Uᵀ; nothing comes before the first step.
    if (s > 0) gemm(batch, units, width, rowAt(dz, t, width), steps * width, false, recurrentKernel, width, true, dh, units, false, gemmScratch);
  }
  gemm(features, width, rows, x, features, true, dz, width, false, dKernel, width, false, gemmScratch);
  gemm(units, width, rows, hPrev, units, true, dz, width, false, dRecurrentKernel, width, false, gemmScratch);
  gemm(rows, features, width, dz, width, false, kernel, width, true, dx, features, false, gemmScratch);
  if (dBias) sumRows(dz, rows, width, dBias);
}

/**
 * One example's step backwards: dh (carried from the next step, plus dy when given) and dc in,
 * the gates' pre-activation gradients dz out, and dc becomes the gradient of c₋₁.
 */
@inline
function lstmCellGradient(
  gates: usize,
  cPrev: usize,
  c: usize,
  dy: usize,
  dh: usize,
  dc: usize,
  dz: usize,
  units: i32,
  activation: i32,
  recurrentActivation: i32,
): void {
  const gate = <usize>units << 2;
  for (let j = 0; j < units; j += 4) {
    const count = min(4, units - j);
    const o = <usize>j << 2;
    let dhj = loadLanes(dh + o, count);
    if (dy) dhj = f32x4.add(dhj, loadLanes(dy + o, count));
    const inputGate = loadLanes(gates + o, count);
    const forgetGate = loadLanes(gates + gate + o, count);
    const candidate = loadLanes(gates + 2 * gate + o, count);
    const outputGate = loadLanes(gates + 3 * gate + o, count);
    const cellOut = activate(activation, loadLanes(c + o, count));
    const dcj = f32x4.add(loadLanes(dc + o, count), f32x4.mul(f32x4.mul(dhj, outputGate), derivative(activation, cellOut)));
    storeLanes(dz + o, f32x4.mul(f32x4.mul(dcj, candidate), derivative(recurrentActivation, inputGate)), count);
    storeLanes(dz + gate + o, f32x4.mul(f32x4.mul(dcj, loadLanes(cPrev + o, count)), derivative(recurrentActivation, forgetGate)), count);
    storeLanes(dz + 2 * gate + o, f32x4.mul(f32x4.mul(dcj, inputGate), derivative(activation, candidate)), count);
    storeLanes(dz + 3 * gate + o, f32x4.mul(f32x4.mul(dhj, cellOut), derivative(recurrentActivation, outputGate)), count);
    storeLanes(dc + o, f32x4.mul(dcj, forgetGate), count);
  }
}
